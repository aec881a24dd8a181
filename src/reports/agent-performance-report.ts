// The email agent-performance report (seeds/email-agent-performance.fr.txt): per agent and
// for the team, first responses and resolutions, each counted within business hours and
// at any time, with average, median and 90th percentile durations (README, "Agent performance").
import type { BusinessSchedule } from "../domain/business-hours.ts";
import { applicableFilters, noDataNotice, type Notice } from "../domain/notices.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { personLabel } from "../domain/person.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { allSorted, distinctCount, type DurationStats } from "../domain/statistics.ts";
import { anyCredited, creditedAgentNames, creditedFigures, type CreditedFigures, type EmailScope } from "../store/email-queries.ts";
import type { ReportContext } from "./assignments-report.ts";
import { unmatchedNotices } from "./unmatched-filters.ts";

export interface MetricFigures {
  /** Conversations counted at any time. */
  count: number;
  /** Of those, the ones whose reply (or close) was sent during business hours. */
  countInHours: number;
  /** Business time elapsed (open hours only), over all `count` conversations. */
  businessHours: DurationStats;
  /** Clock time elapsed, over all `count` conversations. */
  anyTime: DurationStats;
}

export interface AgentRow {
  /** null for the team line. */
  agentKey: string | null;
  label: string;
  customers: number;
  firstResponse: MetricFigures;
  resolution: MetricFigures;
}

export interface AgentPerformanceReport {
  report: "agent-performance";
  request: ReportRequest;
  period: Period;
  schedule: BusinessSchedule;
  team: AgentRow;
  agents: AgentRow[];
  notices: Notice[];
}

export const SATISFACTION_NOTE = "Customer satisfaction: not yet available for email.";

const NO_STATS: DurationStats = { average: null, median: null, p90: null };
const NONE: MetricFigures = { count: 0, countInHours: 0, businessHours: NO_STATS, anyTime: NO_STATS };

function metric(figures: CreditedFigures | undefined): MetricFigures {
  if (!figures) return NONE;
  const { count, countInHours, businessHours, anyTime } = figures;
  return { count, countInHours, businessHours, anyTime };
}

/**
 * Distinct customers per agent, over the conversations of both metrics, then the team's (key
 * null): every agent's together, so a customer served by two agents counts once.
 */
function customerCounts(figures: readonly CreditedFigures[]): Map<string | null, number> {
  const byAgent = new Map<string, Float64Array[]>();
  for (const { agentKey, customers } of figures) {
    if (agentKey === null) continue;
    byAgent.set(agentKey, [...(byAgent.get(agentKey) ?? []), customers]);
  }
  const counts = new Map<string | null, number>([[null, distinctCount(allSorted([...byAgent.values()].flat()))]]);
  for (const [key, lists] of byAgent) counts.set(key, distinctCount(allSorted(lists)));
  return counts;
}

export interface AgentPerformanceContext extends ReportContext {
  /** The schedule in force now, described in the header (figures use each conversation's own). */
  schedule: BusinessSchedule;
}

export async function buildAgentPerformanceReport(context: AgentPerformanceContext, request: ReportRequest): Promise<AgentPerformanceReport> {
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const { filters, notice } = applicableFilters("agent-performance", request.filters);
  const scope: EmailScope = { workspaceId: context.workspaceId, start: period.start, end: period.end, agents: filters.agents };
  const [responses, resolutions] = await Promise.all([
    creditedFigures(context.sql, scope, "first_response"),
    creditedFigures(context.sql, scope, "resolution"),
  ]);
  const customers = customerCounts([...responses, ...resolutions]);

  const byKey = (list: CreditedFigures[]) => new Map(list.map((f) => [f.agentKey, f]));
  const [responsesBy, resolutionsBy] = [byKey(responses), byKey(resolutions)];
  const row = (agentKey: string | null, label: string): AgentRow => ({
    agentKey,
    label,
    customers: customers.get(agentKey) ?? 0,
    firstResponse: metric(responsesBy.get(agentKey)),
    resolution: metric(resolutionsBy.get(agentKey)),
  });
  const labels = new Map<string, string>();
  for (const f of [...responses, ...resolutions]) {
    if (f.agentKey !== null && !labels.has(f.agentKey)) labels.set(f.agentKey, personLabel(f.agent));
  }
  const team = row(null, "Team");

  const notices: Notice[] = [];
  if (notice) notices.push(notice);
  const counted = team.firstResponse.count > 0 || team.resolution.count > 0;
  if (!counted) notices.push(noDataNotice());
  notices.push(
    ...(await unmatchedNotices(filters, ["agents"], counted, {
      matches: (_, value) => anyCredited(context.sql, { ...scope, agents: [value] }),
      names: () => creditedAgentNames(context.sql, scope),
    })),
  );
  return {
    report: "agent-performance",
    request,
    period,
    schedule: context.schedule,
    team,
    agents: [...labels].map(([key, label]) => row(key, label)).sort((a, b) => a.label.localeCompare(b.label)),
    notices,
  };
}
