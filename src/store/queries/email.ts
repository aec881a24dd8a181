// Report queries over email conversations: per stored agent key, the first responses and the
// resolutions that fall in a period, aggregated from their precomputed durations, for one
// workspace. The database returns one row per key: fetching every conversation of a busy
// month as rows cost seconds (bench/README.md, "What made the reports fast").
import { personFromColumns, personLabel, type Person } from "../../domain/person.ts";
import { engineOf, type Database } from "../engine/database.ts";
import { timestampParam, type Dialect, type Param, type SqlReader } from "../engine/sql.ts";

export interface EmailScope {
  workspaceId: string;
  start: number;
  end: number;
  /** Only the conversations credited to these stored agent keys (an agent: filter, resolved); null: every agent. */
  agentKeys: readonly string[] | null;
}

export type Credit = "first_response" | "resolution";

/**
 * One metric's values for the conversations credited to one stored agent key (personKey):
 * what the report adds up per agent, an agent being one or more keys (src/domain/person-identities.ts).
 */
export interface CreditedValues {
  agentKey: string;
  /** As on the key's latest credited conversation of the period. */
  agent: Person;
  /** When that conversation was credited (epoch ms). */
  latestAt: number;
  count: number;
  /** Of those, the ones whose reply (or close) was sent during business hours. */
  countInHours: number;
  /** Durations (seconds), in no particular order: clock time, and business time. */
  seconds: Float64Array;
  businessSeconds: Float64Array;
  /** The customer numbers (email_customers) of the credited conversations, with repeats, in no particular order. */
  customers: Float64Array;
  /** When the earliest of these conversations started (epoch ms): which schedule versions measured them. */
  earliestStart: number;
}

// Each metric's columns; email_conversations_<metric>_report_idx holds all but the person.
export const COLUMNS = {
  first_response: {
    at: "first_response_at",
    person: "first_responder",
    key: "first_responder_key",
    seconds: "first_response_s",
    business: "first_response_business_s",
    inHours: "first_response_in_hours",
  },
  resolution: {
    at: "closed_at",
    person: "closer",
    key: "closer_key",
    seconds: "resolution_s",
    business: "resolution_business_s",
    inHours: "closed_in_hours",
  },
} as const;

/**
 * The agent keys of a scope as a CTE `name(agent_key)`: the filter's keys, or else every key
 * credited with the metric, ever, in key order: a loose index scan (one index step per key).
 * Reading each key's range of the period in turn then keeps the rows in key order, so
 * grouping by key needs no sort; a plain range on the time column would have to sort the
 * whole period by key.
 */
export function agentsCte(scope: EmailScope, credit: Credit, name: string): { cte: string; params: Param[] } {
  if (scope.agentKeys !== null) {
    return {
      cte: `${name}(agent_key) AS (VALUES ${scope.agentKeys.map(() => "(CAST(? AS TEXT))").join(", ")})`,
      params: [...scope.agentKeys],
    };
  }
  const key = COLUMNS[credit].key;
  return {
    cte: `${name}(agent_key) AS (
        SELECT MIN(${key}) FROM email_conversations WHERE workspace_id = ?
        UNION ALL
        SELECT (SELECT MIN(${key}) FROM email_conversations WHERE workspace_id = ? AND ${key} > ${name}.agent_key)
        FROM ${name} WHERE ${name}.agent_key IS NOT NULL
      )`,
    params: [scope.workspaceId, scope.workspaceId],
  };
}

/** The metric's credited rows of the scope whose agent key matches `agent` (SQL after the column). */
export function creditedWhere(dialect: Dialect, scope: EmailScope, credit: Credit, agent: string): { where: string; params: Param[] } {
  const c = COLUMNS[credit];
  const time = timestampParam(dialect);
  return {
    where: `workspace_id = ? AND ${c.key} ${agent} AND ${c.at} >= ${time} AND ${c.at} < ${time}`,
    params: [scope.workspaceId, scope.start, scope.end],
  };
}

type KeyValues = {
  agent_key: string;
  n: number;
  in_hours: number;
  s_values: string | null;
  bs_values: string | null;
  customer_ids: string | null;
  earliest_start: number;
};

/** When a credited conversation started, from the index's columns: the credited instant minus the clock seconds. */
function startExpression(dialect: Dialect, credit: Credit): string {
  const c = COLUMNS[credit];
  return dialect === "sqlite" ? `${c.at} - ${c.seconds} * 1000` : `${c.at} - ${c.seconds} * INTERVAL '1 second'`;
}

/** A column's values of the group as decimal text, comma-separated. */
function joinedValues(dialect: Dialect, column: string): string {
  return dialect === "sqlite" ? `group_concat(${column})` : `string_agg(${column}::text, ',')`;
}

/**
 * Comma-separated non-negative integers, as joinedValues gives them: read by hand because
 * split(",").map(Number) makes a string per value (hundreds of thousands per report).
 */
export function parsedNumbers(text: string | null): Float64Array {
  if (text === null || text === "") return new Float64Array(0);
  // At most one value per two characters; one pass into a scratch buffer beats counting commas first.
  if (scratch.length < (text.length + 1) >> 1) scratch = new Float64Array(text.length);
  let value = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      scratch[at++] = value;
      value = 0;
    } else {
      value = value * 10 + (code - 48);
    }
  }
  scratch[at++] = value;
  return scratch.slice(0, at);
}

let scratch = new Float64Array(0);

/**
 * Per stored agent key: counts, durations and customer numbers of the metric. The database
 * counts per key and hands back each key's durations and customer numbers as text, in one
 * pass over the report index; selecting among a few hundred thousand numbers here costs less
 * than either database's percentile or DISTINCT machinery (bench/README.md, "What made the reports fast").
 */
export async function creditedValues(db: Database, scope: EmailScope, credit: Credit): Promise<CreditedValues[]> {
  const { reader } = engineOf(db);
  if (scope.agentKeys?.length === 0) return [];
  const c = COLUMNS[credit];
  const agents = agentsCte(scope, credit, "agents");
  const { where, params } = creditedWhere(reader.dialect, scope, credit, "IN (SELECT agent_key FROM agents)");
  const [latest, rows] = await Promise.all([
    latestAgents(reader, scope, credit),
    reader.query<KeyValues>(
      `WITH RECURSIVE ${agents.cte}
       SELECT ${c.key} AS agent_key, COUNT(*) AS n, SUM(CASE WHEN ${c.inHours} THEN 1 ELSE 0 END) AS in_hours,
              ${joinedValues(reader.dialect, c.seconds)} AS s_values, ${joinedValues(reader.dialect, c.business)} AS bs_values,
              ${joinedValues(reader.dialect, "customer_id")} AS customer_ids, MIN(${startExpression(reader.dialect, credit)}) AS earliest_start
       FROM email_conversations WHERE ${where} GROUP BY ${c.key}`,
      [...agents.params, ...params],
    ),
  ]);
  return rows.map((r) => ({
    agentKey: r.agent_key,
    ...latest.get(r.agent_key)!,
    count: Number(r.n),
    countInHours: Number(r.in_hours ?? 0),
    seconds: parsedNumbers(r.s_values),
    businessSeconds: parsedNumbers(r.bs_values),
    customers: parsedNumbers(r.customer_ids),
    earliestStart: Number(r.earliest_start),
  }));
}

/** Each credited key's person as on its latest credited conversation of the period, and when that was. */
async function latestAgents(
  reader: SqlReader,
  scope: EmailScope,
  credit: Credit,
): Promise<Map<string, { agent: Person; latestAt: number }>> {
  const c = COLUMNS[credit];
  const agents = agentsCte(scope, credit, "agents");
  const { where, params } = creditedWhere(reader.dialect, scope, credit, "= agents.agent_key");
  // Per key, one backward index step finds the newest credited conversation.
  const rows = await reader.query<{
    agent_key: string;
    at: number;
    agent_id: string | null;
    agent_name: string | null;
    agent_email: string | null;
  }>(
    `WITH RECURSIVE ${agents.cte},
     latest AS (
       SELECT agents.agent_key,
              (SELECT id FROM email_conversations WHERE ${where} ORDER BY ${c.at} DESC, id DESC LIMIT 1) AS conversation_id
       FROM agents WHERE agents.agent_key IS NOT NULL
     )
     SELECT latest.agent_key, e.${c.at} AS at, e.${c.person}_id AS agent_id, e.${c.person}_name AS agent_name, e.${c.person}_email AS agent_email
     FROM latest JOIN email_conversations AS e ON e.workspace_id = ? AND e.id = latest.conversation_id`,
    [...agents.params, ...params, scope.workspaceId],
  );
  return new Map(
    rows.map((r) => [r.agent_key, { agent: personFromColumns(r.agent_id, r.agent_name, r.agent_email)!, latestAt: Number(r.at) }]),
  );
}

const CREDITS: readonly Credit[] = ["first_response", "resolution"];

/** The agents credited in the scope's period, whatever its agent filter, as shown (name, else email, else id), each once. */
export async function creditedAgentNames(db: Database, scope: EmailScope): Promise<string[]> {
  const { reader } = engineOf(db);
  const latest = await Promise.all(CREDITS.map((credit) => latestAgents(reader, { ...scope, agentKeys: null }, credit)));
  return [...new Set(latest.flatMap((byKey) => [...byKey.values()].map((v) => personLabel(v.agent))))];
}
