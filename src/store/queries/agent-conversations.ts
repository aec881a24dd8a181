// The drill-down's reads (docs/definitions.md, "Drill-down"): the email conversations behind
// an agent's (or the team's) figures, slowest first, and how their first-response times
// spread. Same scope as the figures (src/store/queries/email.ts): a conversation is behind
// them when its first response or its resolution, credited to one of the scope's agent
// keys, falls in the period.
import { engineOf, type Database } from "../engine/database.ts";
import type { Param } from "../engine/sql.ts";
import { agentsCte, COLUMNS, creditedWhere, type EmailScope } from "./email.ts";

export interface CreditedConversation {
  id: string;
  customerEmail: string;
  customerName: string | null;
  startedAt: number;
  /** null: never answered (credited for its resolution only). */
  firstResponseAt: number | null;
  firstResponseSeconds: number | null;
  firstResponseBusinessSeconds: number | null;
  firstResponseInHours: boolean | null;
  /** null: still open. */
  closedAt: number | null;
  resolutionSeconds: number | null;
  resolutionBusinessSeconds: number | null;
  closedInHours: boolean | null;
}

export interface ConversationList {
  /** Slowest first, at most the limit asked for. */
  conversations: CreditedConversation[];
  /** How many conversations are behind the figures in all. */
  total: number;
}

type ConversationRow = {
  id: string;
  customer_email: string;
  customer_name: string | null;
  started_at: number;
  first_response_at: number | null;
  first_response_s: number | null;
  first_response_business_s: number | null;
  first_response_in_hours: boolean | number | null;
  closed_at: number | null;
  resolution_s: number | null;
  resolution_business_s: number | null;
  closed_in_hours: boolean | number | null;
  total: number;
};

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));
const flagOrNull = (value: boolean | number | null) => (value === null ? null : Boolean(value));

/**
 * The conversations behind the scope's figures, slowest first: by first-response time in
 * business hours, then at any time; conversations never answered (closed without a reply)
 * come before every answered one, as the slowest there can be, and among themselves by
 * resolution time in business hours; then earliest started, then id (byte order on both
 * engines). Each metric's rows are read from its report index, one agent key at a time.
 */
export async function creditedConversations(db: Database, scope: EmailScope, limit: number): Promise<ConversationList> {
  const { reader } = engineOf(db);
  if (scope.agentKeys?.length === 0) return { conversations: [], total: 0 };
  const dialect = reader.dialect;
  const parts = (["first_response", "resolution"] as const).map((credit) => {
    const agents = agentsCte(scope, credit, `${credit}_agents`);
    const { where, params } = creditedWhere(dialect, scope, credit, `IN (SELECT agent_key FROM ${credit}_agents)`);
    return { agents, select: `SELECT id FROM email_conversations WHERE ${where}`, params };
  });
  const byteOrder = dialect === "postgresql" ? ' COLLATE "C"' : "";
  const params: Param[] = [...parts.flatMap((p) => p.agents.params), ...parts.flatMap((p) => p.params), scope.workspaceId, limit];
  const rows = await reader.query<ConversationRow>(
    `WITH RECURSIVE ${parts.map((p) => p.agents.cte).join(", ")},
     credited(id) AS (${parts.map((p) => p.select).join(" UNION ")})
     SELECT c.id, c.customer_email, c.customer_name, c.started_at, c.first_response_at, c.first_response_s,
            c.first_response_business_s, c.first_response_in_hours, c.closed_at, c.resolution_s,
            c.resolution_business_s, c.closed_in_hours, COUNT(*) OVER () AS total
     FROM credited JOIN email_conversations c ON c.workspace_id = ? AND c.id = credited.id
     ORDER BY CASE WHEN c.first_response_at IS NULL THEN 0 ELSE 1 END,
              c.first_response_business_s DESC, c.first_response_s DESC,
              CASE WHEN c.resolution_business_s IS NULL THEN 1 ELSE 0 END, c.resolution_business_s DESC,
              c.started_at, c.id${byteOrder}
     LIMIT ?`,
    params,
  );
  return {
    total: rows.length === 0 ? 0 : Number(rows[0]!.total),
    conversations: rows.map((r) => ({
      id: r.id,
      customerEmail: r.customer_email,
      customerName: r.customer_name,
      startedAt: Number(r.started_at),
      firstResponseAt: numberOrNull(r.first_response_at),
      firstResponseSeconds: numberOrNull(r.first_response_s),
      firstResponseBusinessSeconds: numberOrNull(r.first_response_business_s),
      firstResponseInHours: flagOrNull(r.first_response_in_hours),
      closedAt: numberOrNull(r.closed_at),
      resolutionSeconds: numberOrNull(r.resolution_s),
      resolutionBusinessSeconds: numberOrNull(r.resolution_business_s),
      closedInHours: flagOrNull(r.closed_in_hours),
    })),
  };
}

/**
 * How many of the scope's first responses took a business time below each bound, bucket by
 * bucket: one count per bucket (bounds ascending, a last bucket for the rest), in one pass
 * over the first-response report index.
 */
export async function firstResponseHistogram(db: Database, scope: EmailScope, bounds: readonly number[]): Promise<number[]> {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  if (scope.agentKeys?.length === 0) return counts;
  const { reader } = engineOf(db);
  const agents = agentsCte(scope, "first_response", "agents");
  const { where, params } = creditedWhere(reader.dialect, scope, "first_response", "IN (SELECT agent_key FROM agents)");
  const business = COLUMNS.first_response.business;
  const bucket = `CASE ${bounds.map((_, i) => `WHEN ${business} < ? THEN ${i}`).join(" ")} ELSE ${bounds.length} END`;
  const rows = await reader.query<{ bucket: number; n: number }>(
    `WITH RECURSIVE ${agents.cte}
     SELECT ${bucket} AS bucket, COUNT(*) AS n FROM email_conversations WHERE ${where} GROUP BY 1`,
    [...agents.params, ...bounds, ...params],
  );
  for (const r of rows) counts[Number(r.bucket)] = Number(r.n);
  return counts;
}
