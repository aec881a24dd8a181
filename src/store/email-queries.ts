// Report queries over email conversations: the first responses and the resolutions that
// fall in a period, with their precomputed durations, for one workspace.
import { personFromColumns, type Person } from "../domain/person.ts";
import { personMatch } from "./filter-sql.ts";
import { timestampParam, type Param, type SqlReader } from "./sql.ts";

export interface EmailScope {
  workspaceId: string;
  start: number;
  end: number;
  /** agent: filter values (id, name or email). */
  agents: readonly string[];
}

export interface CreditedDuration {
  agentKey: string;
  agent: Person;
  customerEmail: string;
  seconds: number;
  businessSeconds: number;
  inHours: boolean;
}

type Hit = {
  agent_key: string;
  agent_id: string | null;
  agent_name: string | null;
  agent_email: string | null;
  customer_email: string;
  s: number;
  bs: number;
  in_hours: boolean | number;
};

async function credited(tx: SqlReader, scope: EmailScope, kind: "first_response" | "resolution"): Promise<CreditedDuration[]> {
  const [at, person, key, seconds, business, inHours] =
    kind === "first_response"
      ? ["first_response_at", "first_responder", "first_responder_key", "first_response_s", "first_response_business_s", "first_response_in_hours"]
      : ["closed_at", "closer", "closer_key", "resolution_s", "resolution_business_s", "closed_in_hours"];
  const time = timestampParam(tx.dialect);
  const params: Param[] = [scope.workspaceId, scope.start, scope.end];
  let where = `workspace_id = ? AND ${at} >= ${time} AND ${at} < ${time} AND ${key} IS NOT NULL`;
  if (scope.agents.length > 0) where += ` AND ${personMatch(person, scope.agents, params)}`;
  const rows = await tx.query<Hit>(
    `SELECT ${key} AS agent_key, ${person}_id AS agent_id, ${person}_name AS agent_name, ${person}_email AS agent_email,
            customer_email, ${seconds} AS s, ${business} AS bs, ${inHours} AS in_hours
     FROM email_conversations WHERE ${where}`,
    params,
  );
  return rows.map((r) => ({
    agentKey: r.agent_key,
    agent: personFromColumns(r.agent_id, r.agent_name, r.agent_email)!,
    customerEmail: r.customer_email,
    seconds: Number(r.s),
    businessSeconds: Number(r.bs),
    inHours: Boolean(r.in_hours),
  }));
}

/** Conversations whose first agent reply was sent in the period, credited to that replier. */
export function firstResponsesIn(tx: SqlReader, scope: EmailScope): Promise<CreditedDuration[]> {
  return credited(tx, scope, "first_response");
}

/** Conversations closed (for the last time) in the period, credited to the agent who closed them. */
export function resolutionsIn(tx: SqlReader, scope: EmailScope): Promise<CreditedDuration[]> {
  return credited(tx, scope, "resolution");
}
