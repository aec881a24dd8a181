// Event ids are unique per workspace across both event streams (the ingest contract): an id
// stored as an assignment is a duplicate when it comes back as an email event, and the reverse.
import type { SqlExecutor } from "../engine/sql.ts";

export type EventTable = "assignments" | "email_events";

/** Which of these ids the workspace already has in `table`. */
export async function idsStoredIn(tx: SqlExecutor, workspaceId: string, table: EventTable, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids.length === 0) return found;
  // Most workspaces send one stream only: one index step answers for the whole batch.
  if ((await tx.query(`SELECT 1 AS x FROM ${table} WHERE workspace_id = ? LIMIT 1`, [workspaceId])).length === 0) return found;
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const rows = await tx.query<{ event_id: string }>(
      `SELECT event_id FROM ${table} WHERE workspace_id = ? AND event_id IN (${chunk.map(() => "?").join(", ")})`,
      [workspaceId, ...chunk],
    );
    for (const row of rows) found.add(row.event_id);
  }
  return found;
}
