// The reads alert rules are evaluated on, each one range of an index of one workspace:
// customers waiting for a first reply (email_conversations by first_response_at IS NULL,
// then start), and a source's assignments in a window (assignments by occurred_at). The
// time rules read the report's own per-agent values (src/store/queries/email.ts).
import type { Source } from "../../domain/sources.ts";
import { engineOf, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";

export interface WaitingConversation {
  id: string;
  customerName: string | null;
  customerEmail: string;
  startedAt: number;
}

/** Conversations started in [since, before) that no agent has answered nor closed, oldest first. */
export async function waitingConversations(
  db: Database,
  workspaceId: string,
  since: number,
  before: number,
  limit: number,
): Promise<{ oldest: WaitingConversation[]; count: number }> {
  const { reader } = engineOf(db);
  const at = timestampParam(reader.dialect);
  const where = `workspace_id = ? AND first_response_at IS NULL AND started_at >= ${at} AND started_at < ${at} AND closed_at IS NULL`;
  const params = [workspaceId, since, before];
  const [rows, [counted]] = await Promise.all([
    reader.query<{ id: string; customer_name: string | null; customer_email: string; started_at: number }>(
      `SELECT id, customer_name, customer_email, started_at FROM email_conversations WHERE ${where} ORDER BY started_at, id LIMIT ?`,
      [...params, limit],
    ),
    reader.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM email_conversations WHERE ${where}`, params),
  ]);
  return {
    oldest: rows.map((r) => ({
      id: r.id,
      customerName: r.customer_name,
      customerEmail: r.customer_email,
      startedAt: Number(r.started_at),
    })),
    count: Number(counted?.n ?? 0),
  };
}

/** A source's assignments (unassignments included, as the report counts them) in each [start, end) window. */
export async function sourceCounts(
  db: Database,
  workspaceId: string,
  source: Source,
  windows: readonly { start: number; end: number }[],
): Promise<number[]> {
  const { reader } = engineOf(db);
  const at = timestampParam(reader.dialect);
  return Promise.all(
    windows.map(async ({ start, end }) => {
      const [row] = await reader.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ? AND occurred_at >= ${at} AND occurred_at < ${at} AND source = ?`,
        [workspaceId, start, end, source],
      );
      return Number(row?.n ?? 0);
    }),
  );
}

/** Whether the workspace has any email conversation: a rule on email times can fire only then. */
export async function hasEmailConversations(db: Database, workspaceId: string): Promise<boolean> {
  const { reader } = engineOf(db);
  return (await reader.query("SELECT 1 AS one FROM email_conversations WHERE workspace_id = ? LIMIT 1", [workspaceId])).length > 0;
}
