// Report queries over email conversations: per agent and for the team, the first responses
// and the resolutions that fall in a period, aggregated from their precomputed durations,
// for one workspace. The database returns one row per agent: fetching every conversation of
// a busy month as rows cost seconds (README, "Benchmarks").
import { personFromColumns, personLabel, type Person } from "../domain/person.ts";
import { allSorted, sortedDurationStats, type DurationStats } from "../domain/statistics.ts";
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
   * The customer numbers (email_customers) of the agent's credited conversations, sorted, with
   * repeats; empty for the team, whose customers are all the agents'.
   */
  customers: Float64Array;
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
  if (scope.agents.length > 0) where += ` AND ${personMatch(dialect, c.person, scope.agents, params)}`;
  return { where, params };
}

type Totals = { agent_key: string | null; n: number; in_hours: number };
type AgentValues = Totals & { agent_key: string; s_values: string | null; bs_values: string | null; customer_ids: string | null };

/** A column's values of the group as decimal text, comma-separated. */
function joinedValues(dialect: Dialect, column: string): string {
  return dialect === "sqlite" ? `group_concat(${column})` : `string_agg(${column}::text, ',')`;
}

/**
 * Comma-separated non-negative integers, as joinedValues gives them, sorted: read by hand
 * because split(",").map(Number) makes a string per value (hundreds of thousands per report).
 */
export function sortedNumbers(text: string | null): Float64Array {
  if (text === null || text === "") return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const values = new Float64Array(count);
  let value = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      values[at++] = value;
      value = 0;
    } else {
      value = value * 10 + (code - 48);
    }
  }
  values[at] = value;
  return values.sort();
}

function figures(people: Map<string, Person>, row: Totals, s: Float64Array, bs: Float64Array, customers: Float64Array): CreditedFigures {
  return {
    agentKey: row.agent_key,
    agent: row.agent_key === null ? null : (people.get(row.agent_key) ?? null),
    count: Number(row.n),
    countInHours: Number(row.in_hours ?? 0),
    anyTime: sortedDurationStats(s),
    businessHours: sortedDurationStats(bs),
    customers,
  };
}

/**
 * Per agent, then the team (agentKey null): counts, averages, medians and 90th percentiles.
 * The database counts per agent and hands back each agent's durations and customer numbers
 * as text, in one pass over the report index; sorting a few hundred thousand numbers
 * here costs less than either database's percentile or DISTINCT machinery (README, "Benchmarks").
 */
export async function creditedFigures(tx: SqlReader, scope: EmailScope, credit: Credit): Promise<CreditedFigures[]> {
  const c = COLUMNS[credit];
  const agents = agentsCte(credit, "agents", scope.workspaceId);
  const { where, params } = creditedWhere(tx.dialect, scope, credit, "IN (SELECT agent_key FROM agents)");
  const [people, rows] = await Promise.all([
    agentsOf(tx, scope, credit),
    tx.query<AgentValues>(
      `WITH RECURSIVE ${agents.cte}
       SELECT ${c.key} AS agent_key, COUNT(*) AS n, SUM(CASE WHEN ${c.inHours} THEN 1 ELSE 0 END) AS in_hours,
              ${joinedValues(tx.dialect, c.seconds)} AS s_values, ${joinedValues(tx.dialect, c.business)} AS bs_values,
              ${joinedValues(tx.dialect, "customer_id")} AS customer_ids
       FROM email_conversations WHERE ${where} GROUP BY ${c.key}`,
      [...agents.params, ...params],
    ),
  ]);
  const agentRows = rows.map((r) => ({ row: r, s: sortedNumbers(r.s_values), bs: sortedNumbers(r.bs_values), customers: sortedNumbers(r.customer_ids) }));
  const team: Totals = { agent_key: null, n: 0, in_hours: 0 };
  for (const { row } of agentRows) {
    team.n += Number(row.n);
    team.in_hours += Number(row.in_hours);
  }
  return [
    ...agentRows.map((a) => figures(people, a.row, a.s, a.bs, a.customers)),
    figures(people, team, allSorted(agentRows.map((a) => a.s)), allSorted(agentRows.map((a) => a.bs)), new Float64Array(0)),
  ];
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

const CREDITS: readonly Credit[] = ["first_response", "resolution"];

/** Whether the scope's agent filter matches an agent credited with a first response or a resolution in its period. */
export async function anyCredited(tx: SqlReader, scope: EmailScope): Promise<boolean> {
  for (const credit of CREDITS) if ((await agentsOf(tx, scope, credit)).size > 0) return true;
  return false;
}

/** The agents credited in the scope's period, whatever its agent filter, as shown (name, else email, else id), each once. */
export async function creditedAgentNames(tx: SqlReader, scope: EmailScope): Promise<string[]> {
  const agents = await Promise.all(CREDITS.map((credit) => agentsOf(tx, { ...scope, agents: [] }, credit)));
  return [...new Set(agents.flatMap((byKey) => [...byKey.values()].map(personLabel)))];
}
