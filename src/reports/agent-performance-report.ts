// Heyday's email agent-performance export as a report: per agent and
// for the team, first responses and resolutions, each counted within business hours and
// at any time, with average, median and 90th percentile durations (docs/definitions.md, "Agent performance").
import { applicableFilters, noDataNotice, type Notice } from "../domain/notices.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { previousPeriod, type PreviousPeriod } from "../domain/previous-period.ts";
import { distinctLabels, groupByPerson, groupPerson, type People } from "../domain/person-identities.ts";
import type { Person } from "../domain/person.ts";
import type { Filters, ReportRequest } from "../domain/report-request.ts";
import { versionsBetween, type ScheduleVersion } from "../domain/schedule-versions.ts";
import { distinctCount, partsDurationStats, type DurationStats } from "../domain/statistics.ts";
import { creditedAgentNames, creditedValues, type CreditedValues, type EmailScope } from "../store/queries/email.ts";
import { filteredPeople, streamPeople } from "../store/queries/people.ts";
import type { ReportContext } from "./report-context.ts";
import { unmatchedNotices } from "./unmatched-filters.ts";

export interface MetricFigures {
  /** Conversations counted at any time. */
  readonly count: number;
  /** Of those, the ones whose reply (or close) was sent during business hours. */
  readonly countInHours: number;
  /** Business time elapsed (open hours only), over all `count` conversations. */
  readonly businessHours: DurationStats;
  /** Clock time elapsed, over all `count` conversations. */
  readonly anyTime: DurationStats;
}

interface AgentFigures {
  /** The agent's key (src/domain/person-identities.ts); null for the team line. */
  readonly agentKey: string | null;
  /** As on the agent's latest credited conversation of the period; null for the team line. */
  readonly person: Person | null;
  readonly customers: number;
  readonly firstResponse: MetricFigures;
  readonly resolution: MetricFigures;
}

export interface AgentRow extends AgentFigures {
  /** The agent's name, told apart from another agent's of the same name (docs/definitions.md, "Who is who"). */
  readonly label: string;
}

export interface AgentPerformanceReport {
  readonly report: "agent-performance";
  /** As asked (Slack mentions as typed). */
  readonly request: ReportRequest;
  readonly period: Period;
  /** The schedule versions that measured the conversations counted, oldest first (at least one). */
  readonly schedules: readonly ScheduleVersion[];
  readonly team: AgentRow;
  /** Slowest first: by average first-response time in business hours; agents without a first response last, by name. */
  readonly agents: readonly AgentRow[];
  /**
   * The team's figures over the previous period of equal length (docs/definitions.md, "Change
   * vs the previous period"); no message shows an agent's change.
   */
  readonly previous: { readonly period: PreviousPeriod; readonly team: AgentFigures };
  readonly notices: readonly Notice[];
}

/** One metric's figures over the values of some stored agent keys (an agent's, or all for the team). */
function metric(parts: readonly CreditedValues[]): MetricFigures {
  let count = 0;
  let countInHours = 0;
  for (const p of parts) {
    count += p.count;
    countInHours += p.countInHours;
  }
  return {
    count,
    countInHours,
    businessHours: partsDurationStats(parts.map((p) => p.businessSeconds)),
    anyTime: partsDurationStats(parts.map((p) => p.seconds)),
  };
}

/** Distinct customers over the conversations of both metrics: a customer served twice counts once. */
const customerCount = (parts: readonly CreditedValues[]) => distinctCount(parts.map((p) => p.customers));

/** What of the report context the agent-performance report reads. */
type AgentPerformanceContext = Pick<ReportContext, "db" | "workspaceId" | "timeZone" | "now" | "timeline">;

/** The stored agent keys an agent: filter selects: every key of each agent it matches (docs/definitions.md, "Who is who"). */
export async function filteredAgentKeys(
  context: AgentPerformanceContext,
  people: People,
  values: readonly string[],
): Promise<string[] | null> {
  if (values.length === 0) return null;
  const agents = await filteredPeople(context.db, context.workspaceId, "email", people, values);
  return [...new Set(agents.flatMap((g) => g.keys))];
}

/** The metrics' values of one scope, per stored agent key. */
async function creditedOf(context: AgentPerformanceContext, scope: EmailScope) {
  const [responses, resolutions] = await Promise.all([
    creditedValues(context.db, scope, "first_response"),
    creditedValues(context.db, scope, "resolution"),
  ]);
  return { responses, resolutions };
}

type Credited = Awaited<ReturnType<typeof creditedOf>>;

/** The team's figures: every key's values together. */
const teamOf = ({ responses, resolutions }: Credited): AgentRow => ({
  agentKey: null,
  label: "Team",
  person: null,
  customers: customerCount([...responses, ...resolutions]),
  firstResponse: metric(responses),
  resolution: metric(resolutions),
});

/** Each agent's figures, an agent's stored keys added up (docs/definitions.md, "Who is who"). */
function agentsOf(people: People, { responses, resolutions }: Credited) {
  const isResponse = new Set(responses);
  return groupByPerson(people, [...responses, ...resolutions], (v) => v.agentKey).map(({ group, items }) => {
    const newestFirst = [...items].sort((a, b) => b.latestAt - a.latestAt || (a.agentKey < b.agentKey ? -1 : 1));
    return {
      agentKey: group.key,
      person: groupPerson(
        group,
        newestFirst.map((v) => v.agent),
      ),
      customers: customerCount(items),
      firstResponse: metric(items.filter((v) => isResponse.has(v))),
      resolution: metric(items.filter((v) => !isResponse.has(v))),
    };
  });
}

const firstResponseAverage = (row: AgentRow) => row.firstResponse.businessHours.average ?? -1;

/** The report's order of agents, named in every message that shows it. */
const slowestFirst = (a: AgentRow, b: AgentRow) =>
  firstResponseAverage(b) - firstResponseAverage(a) || a.label.localeCompare(b.label) || (a.agentKey! < b.agentKey! ? -1 : 1);

/**
 * `queryFilters`: the filters as the queries match them (Slack mentions resolved to emails); the result keeps `request` as asked.
 * `agentKeys`: a drill-down's stored keys of one agent (src/reports/agent-detail-report.ts), in place of the agent: filter's.
 */
export async function buildAgentPerformanceReport(
  context: AgentPerformanceContext,
  request: ReportRequest,
  queryFilters: Filters = request.filters,
  agentKeys?: readonly string[] | null,
): Promise<AgentPerformanceReport> {
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const before = previousPeriod(period);
  const { filters, notice } = applicableFilters("agent-performance", queryFilters);
  const people = await streamPeople(context.db, context.workspaceId, "email");
  const scope: EmailScope = {
    workspaceId: context.workspaceId,
    start: period.start,
    end: period.end,
    agentKeys: agentKeys !== undefined ? agentKeys : await filteredAgentKeys(context, people, filters.agents),
  };
  const [current, then] = await Promise.all([
    creditedOf(context, scope),
    creditedOf(context, { ...scope, start: before.start, end: before.end }),
  ]);
  const credited = [...current.responses, ...current.resolutions];
  const team = teamOf(current);
  const rows = agentsOf(people, current);
  const creditedKeys = new Set(credited.map((v) => v.agentKey));
  const labels = distinctLabels(rows.map((r) => ({ key: r.agentKey, person: r.person })));

  // The counted conversations started from the earliest start on, and before the period's end.
  const from = credited.length > 0 ? Math.min(...credited.map((v) => v.earliestStart)) : period.start;
  const schedules = versionsBetween(context.timeline.versions, context.timeline.fallback, from, period.end);

  const notices: Notice[] = [];
  if (notice) notices.push(notice);
  const anyCounted = team.firstResponse.count > 0 || team.resolution.count > 0;
  if (!anyCounted) notices.push(noDataNotice());
  notices.push(
    ...(await unmatchedNotices(filters, ["agents"], anyCounted, {
      // The scope's keys are all the values': those credited in the period are the report's.
      matches: async (_, value) => (await filteredAgentKeys(context, people, [value]))!.some((key) => creditedKeys.has(key)),
      names: () => creditedAgentNames(context.db, scope),
    })),
  );
  return {
    report: "agent-performance",
    request,
    period,
    schedules,
    team,
    agents: rows.map((r): AgentRow => ({ ...r, label: labels.get(r.agentKey)! })).sort(slowestFirst),
    previous: { period: before, team: teamOf(then) },
    notices,
  };
}
