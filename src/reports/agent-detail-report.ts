// The /agent-performance drill-down (docs/definitions.md, "Drill-down"): for one agent, or the
// team, the eight figures with median and 90th percentile for the request's period and for
// the previous period of equal length, how the first-response times spread, and the
// conversations behind the figures, slowest first. The figures are the report's own
// (buildAgentPerformanceReport narrowed to the agent's stored keys), so they match the message.
import { keyHash, type AgentChoice } from "../domain/agent-choice.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { groupPerson } from "../domain/person-identities.ts";
import { personLabel } from "../domain/person.ts";
import type { PreviousPeriod } from "../domain/previous-period.ts";
import type { Filters, ReportRequest } from "../domain/report-request.ts";
import { BUCKET_BOUNDS, FIRST_RESPONSE_BUCKETS } from "../domain/response-time-buckets.ts";
import type { ScheduleVersion } from "../domain/schedule-versions.ts";
import { creditedConversations, firstResponseHistogram, type CreditedConversation } from "../store/queries/agent-conversations.ts";
import type { EmailScope } from "../store/queries/email.ts";
import { streamPeople } from "../store/queries/people.ts";
import { buildAgentPerformanceReport, filteredAgentKeys, type AgentRow } from "./agent-performance-report.ts";
import type { ReportContext } from "./report-context.ts";

/** A conversation behind the figures, as the store reads it. */
export type DetailConversation = CreditedConversation;

/** The most conversations a drill-down lists (a modal holds 100 blocks). */
const MAX_DETAIL_CONVERSATIONS = 100;

export interface AgentDetailReport {
  readonly report: "agent-detail";
  /** The report message's request the drill-down was opened from. */
  readonly request: ReportRequest;
  /** The agent's key (AgentRow.agentKey); null for the team (the agents the request's agent: filter selects, else all). */
  readonly agentKey: string | null;
  /** "Team", or the agent as the report names them. */
  readonly label: string;
  readonly period: Period;
  readonly previous: PreviousPeriod;
  /** The schedule versions that measured this period's conversations. */
  readonly schedules: readonly ScheduleVersion[];
  /** The figures of the period; agentKey and label as above. */
  readonly figures: AgentRow;
  /** The same figures for the previous period of equal length. */
  readonly previousFigures: AgentRow;
  /** First responses of the period per business-time bucket (FIRST_RESPONSE_BUCKETS), all of them. */
  readonly distribution: readonly { readonly label: string; readonly count: number }[];
  /** Slowest first, at most MAX_DETAIL_CONVERSATIONS. */
  readonly conversations: readonly DetailConversation[];
  /** How many conversations are behind the figures in all. */
  readonly conversationTotal: number;
}

/** The menu named an agent no longer among the workspace's people (erased since the message was sent). */
export class UnknownAgentError extends Error {}

/**
 * The drill-down for the choice, over the request's period. `queryFilters`: the request's
 * filters as the queries match them (Slack mentions resolved), as for the report itself.
 */
export async function buildAgentDetailReport(
  context: ReportContext,
  request: ReportRequest,
  choice: AgentChoice,
  queryFilters: Filters = request.filters,
): Promise<AgentDetailReport> {
  const people = await streamPeople(context.db, context.workspaceId, "email");
  let agentKey: string | null = null;
  let keys: readonly string[] | null;
  let fallbackLabel = "Team";
  if (choice.kind === "team") {
    keys = await filteredAgentKeys(context, people, queryFilters.agents);
  } else {
    const group = people.groups.find((g) => (choice.kind === "key" ? g.key === choice.key : keyHash(g.key) === choice.hash));
    if (group === undefined && choice.kind === "hash") throw new UnknownAgentError("this agent is no longer in the data");
    // A key no identity holds is an agent of its own (src/domain/person-identities.ts, groupOf).
    agentKey = group?.key ?? (choice as { key: string }).key;
    keys = group?.keys ?? [agentKey];
    fallbackLabel = group ? personLabel(groupPerson(group, [])) : agentKey;
  }

  // The report resolves the same period from the same request; its figures carry the previous period's too.
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const scope: EmailScope = { workspaceId: context.workspaceId, start: period.start, end: period.end, agentKeys: keys };
  const [current, list, counts] = await Promise.all([
    buildAgentPerformanceReport(context, request, queryFilters, keys),
    creditedConversations(context.db, scope, MAX_DETAIL_CONVERSATIONS),
    firstResponseHistogram(context.db, scope, BUCKET_BOUNDS),
  ]);
  // Narrowed to one agent's keys, the report's team line is that agent's figures.
  const label = agentKey === null ? "Team" : (current.agents[0]?.label ?? fallbackLabel);
  const person = agentKey === null ? null : (current.agents[0]?.person ?? null);
  const named = (row: AgentRow): AgentRow => ({ ...row, agentKey, label, person });
  return {
    report: "agent-detail",
    request,
    agentKey,
    label,
    period: current.period,
    previous: current.previous.period,
    schedules: current.schedules,
    figures: named(current.team),
    previousFigures: named({ ...current.previous.team, label }),
    distribution: FIRST_RESPONSE_BUCKETS.map((b, i) => ({ label: b.label, count: counts[i]! })),
    conversations: list.conversations,
    conversationTotal: list.total,
  };
}
