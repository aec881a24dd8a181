// Report queries over email conversations: per agent and for the team, the first responses
// and the resolutions that fall in a period, aggregated from their precomputed durations,
// for one workspace. The database does the counting and sorting and returns a few rows per
// agent: fetching every conversation of a busy month cost seconds (README, "Benchmarks").
import { personFromColumns, type Person } from "../domain/person.ts";
import { sortedDurationStats, type DurationStats } from "../domain/statistics.ts";
import { personMatch } from "./filter-sql.ts";
import { timestampParam, type Dialect, type Param, type SqlReader } from "./sql.ts";

export interface EmailScope {
  workspaceId: string;
  start: number;
  end: number;
  /** agent: filter values (id, name or email). */
  agents: readonly string[];
}

export type Credit = "first_response" | "resolution";

/** One metric's figures for an agent, or for the team (agentKey null). */
export interface CreditedFigures {
  agentKey: string | null;
  /** As on the agent's latest credited conversation of the period; null for the team. */
  agent: Person | null;
  count: number;
  /** Of those, the ones whose reply (or close) was sent during business hours. */
  countInHours: number;
  anyTime: DurationStats;
  businessHours: DurationStats;
  /**
   * The distinct customer emails (compared byte for byte) of the agent's credited conversations,
   * read in the same pass as the durations; empty for the team, whose customers are all the agents'.
   */
  customers: readonly string[];
}

// Each metric's columns; email_conversations_<metric>_report_idx holds all but the person.
const COLUMNS = {
  first_response: { at: "first_response_at", person: "first_responder", key: "first_responder_key", seconds: "first_response_s", business: "first_response_business_s", inHours: "first_response_in_hours" },
  resolution: { at: "closed_at", person: "closer", key: "closer_key", seconds: "resolution_s", business: "resolution_business_s", inHours: "closed_in_hours" },
} as const;

/**
 * The agents credited with a metric, ever, in key order: a loose index scan (one index step
 * per agent). Reading each agent's range of the period in turn then keeps the rows in agent
 * order, so grouping by agent needs no sort; a plain range on the time column would have to
 * sort the whole period by agent.
 */
function agentsCte(credit: Credit, name: string, workspaceId: string): { cte: string; params: Param[] } {
  const key = COLUMNS[credit].key;
  return {
    cte: `${name}(agent_key) AS (
        SELECT MIN(${key}) FROM email_conversations WHERE workspace_id = ?
        UNION ALL
        SELECT (SELECT MIN(${key}) FROM email_conversations WHERE workspace_id = ? AND ${key} > ${name}.agent_key)
        FROM ${name} WHERE ${name}.agent_key IS NOT NULL
      )`,
    params: [workspaceId, workspaceId],
  };
}

/** The metric's credited rows of the scope whose agent key matches `agent` (SQL after the column). */
function creditedWhere(dialect: Dialect, scope: EmailScope, credit: Credit, agent: string): { where: string; params: Param[] } {
  const c = COLUMNS[credit];
  const time = timestampParam(dialect);
  const params: Param[] = [scope.workspaceId, scope.start, scope.end];
  let where = `workspace_id = ? AND ${c.key} ${agent} AND ${c.at} >= ${time} AND ${c.at} < ${time}`;
  if (scope.agents.length > 0) where += ` AND ${personMatch(c.person, scope.agents, params)}`;
  return { where, params };
}

type Totals = { agent_key: string | null; n: number; in_hours: number; sum_s: number; sum_bs: number };
type PgFigures = Totals & { median_s: number | null; p90_s: number | null; median_bs: number | null; p90_bs: number | null };
type SqliteFigures = Totals & { s_sorted: Uint8Array; bs_sorted: Uint8Array; customers: string };

const average = (sum: number, n: number) => (Number(n) === 0 ? null : Number(sum) / Number(n));

function figures(people: Map<string, Person>, row: Totals, anyTime: DurationStats, businessHours: DurationStats, customers: readonly string[]): CreditedFigures {
  return {
    agentKey: row.agent_key,
    agent: row.agent_key === null ? null : (people.get(row.agent_key) ?? null),
    count: Number(row.n),
    countInHours: Number(row.in_hours ?? 0),
    anyTime,
    businessHours,
    customers,
  };
}

/** Per agent, then the team (agentKey null): counts, averages, medians and 90th percentiles. */
export async function creditedFigures(tx: SqlReader, scope: EmailScope, credit: Credit): Promise<CreditedFigures[]> {
  const c = COLUMNS[credit];
  const agents = agentsCte(credit, "agents", scope.workspaceId);
  const { where, params } = creditedWhere(tx.dialect, scope, credit, "IN (SELECT agent_key FROM agents)");
  const totals = `${c.key} AS agent_key, COUNT(*) AS n, SUM(CASE WHEN ${c.inHours} THEN 1 ELSE 0 END) AS in_hours,
                  SUM(${c.seconds}) AS sum_s, SUM(${c.business}) AS sum_bs`;
  if (tx.dialect === "postgresql") {
    // percentile_cont(0.5) is the mean of the two middle values for an even count and
    // percentile_disc(0.9) the nearest rank: the definitions of src/domain/statistics.ts.
    // GROUPING SETS adds the team's row (agent_key null), present even for an empty period.
    // The customers come from a statement of their own, on another connection: in this one the
    // team's group would sort every address of the period (measured twice as slow).
    const [people, customers, rows] = await Promise.all([
      agentsOf(tx, scope, credit),
      customersOf(tx, scope, credit),
      tx.query<PgFigures>(
        `WITH RECURSIVE ${agents.cte}
         SELECT ${totals},
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c.seconds}) AS median_s, percentile_disc(0.9) WITHIN GROUP (ORDER BY ${c.seconds}) AS p90_s,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c.business}) AS median_bs, percentile_disc(0.9) WITHIN GROUP (ORDER BY ${c.business}) AS p90_bs
         FROM email_conversations WHERE ${where} GROUP BY GROUPING SETS ((${c.key}), ())`,
        [...agents.params, ...params],
      ),
    ]);
    return rows.map((r) =>
      figures(
        people,
        r,
        { average: average(r.sum_s, r.n), median: r.median_s, p90: r.p90_s },
        { average: average(r.sum_bs, r.n), median: r.median_bs, p90: r.p90_bs },
        r.agent_key === null ? [] : (customers.get(r.agent_key) ?? []),
      ),
    );
  }
  // SQLite has no percentile functions: sorted_values (src/store/sqlite-reader.ts) hands each
  // agent's values back sorted, as float64 bytes; the team's are all the agents' together.
  // distinct_values gives the agent's customers, as a JSON array.
  const [people, rows] = await Promise.all([
    agentsOf(tx, scope, credit),
    tx.query<SqliteFigures>(
      `WITH RECURSIVE ${agents.cte}
       SELECT ${totals}, sorted_values(${c.seconds}) AS s_sorted, sorted_values(${c.business}) AS bs_sorted,
              distinct_values(customer_email) AS customers
       FROM email_conversations WHERE ${where} GROUP BY ${c.key}`,
      [...agents.params, ...params],
    ),
  ]);
  const values = rows.map((r) => ({ s: float64s(r.s_sorted), bs: float64s(r.bs_sorted) }));
  const team: Totals = { agent_key: null, n: 0, in_hours: 0, sum_s: 0, sum_bs: 0 };
  for (const r of rows) {
    team.n += Number(r.n);
    team.in_hours += Number(r.in_hours);
  }
  return [
    ...rows.map((r, i) => figures(people, r, sortedDurationStats(values[i]!.s), sortedDurationStats(values[i]!.bs), JSON.parse(r.customers) as string[])),
    figures(people, team, sortedDurationStats(merged(values.map((v) => v.s))), sortedDurationStats(merged(values.map((v) => v.bs))), []),
  ];
}

/** A BLOB of float64s (copied: a view into a pooled buffer need not be 8-byte aligned). */
function float64s(blob: Uint8Array): Float64Array {
  return new Float64Array(Uint8Array.prototype.slice.call(blob).buffer);
}

function merged(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

/** PostgreSQL: each credited agent's distinct customers (byte order: no locale collation to pay). */
async function customersOf(tx: SqlReader, scope: EmailScope, credit: Credit): Promise<Map<string, string[]>> {
  const c = COLUMNS[credit];
  const agents = agentsCte(credit, "agents", scope.workspaceId);
  const { where, params } = creditedWhere(tx.dialect, scope, credit, "IN (SELECT agent_key FROM agents)");
  const rows = await tx.query<{ agent_key: string; customers: string[] }>(
    `WITH RECURSIVE ${agents.cte}
     SELECT ${c.key} AS agent_key, array_agg(DISTINCT customer_email COLLATE "C") AS customers
     FROM email_conversations WHERE ${where} GROUP BY ${c.key}`,
    [...agents.params, ...params],
  );
  return new Map(rows.map((r) => [r.agent_key, r.customers]));
}

/** Each credited agent as named on their latest credited conversation of the period. */
async function agentsOf(tx: SqlReader, scope: EmailScope, credit: Credit): Promise<Map<string, Person>> {
  const c = COLUMNS[credit];
  const agents = agentsCte(credit, "agents", scope.workspaceId);
  const { where, params } = creditedWhere(tx.dialect, scope, credit, "= agents.agent_key");
  // Per agent, one backward index step finds the newest credited conversation.
  const rows = await tx.query<{ agent_key: string; agent_id: string | null; agent_name: string | null; agent_email: string | null }>(
    `WITH RECURSIVE ${agents.cte},
     latest AS (
       SELECT agents.agent_key,
              (SELECT id FROM email_conversations WHERE ${where} ORDER BY ${c.at} DESC, id DESC LIMIT 1) AS conversation_id
       FROM agents WHERE agents.agent_key IS NOT NULL
     )
     SELECT latest.agent_key, e.${c.person}_id AS agent_id, e.${c.person}_name AS agent_name, e.${c.person}_email AS agent_email
     FROM latest JOIN email_conversations AS e ON e.workspace_id = ? AND e.id = latest.conversation_id`,
    [...agents.params, ...params, scope.workspaceId],
  );
  return new Map(rows.map((r) => [r.agent_key, personFromColumns(r.agent_id, r.agent_name, r.agent_email)!]));
}
