// The email agent-performance report (seeds/email-agent-performance.fr.txt): per agent and
// for the team, first responses and resolutions, each counted within business hours and
// at any time, with average, median and 90th percentile durations (README, "Agent performance").
import type { BusinessSchedule } from "../domain/business-hours.ts";
import { applicableFilters, noDataNotice, type Notice } from "../domain/notices.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { personLabel } from "../domain/person.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { durationStats, type DurationStats } from "../domain/statistics.ts";
import { firstResponsesIn, resolutionsIn, type CreditedDuration, type EmailScope } from "../store/email-queries.ts";
import type { ReportContext } from "./assignments-report.ts";

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

function figures(items: readonly CreditedDuration[]): MetricFigures {
  return {
    count: items.length,
    countInHours: items.filter((i) => i.inHours).length,
    businessHours: durationStats(items.map((i) => i.businessSeconds)),
    anyTime: durationStats(items.map((i) => i.seconds)),
  };
}

function row(agentKey: string | null, label: string, responses: CreditedDuration[], resolutions: CreditedDuration[]): AgentRow {
  const customers = new Set([...responses, ...resolutions].map((i) => i.customerEmail));
  return { agentKey, label, customers: customers.size, firstResponse: figures(responses), resolution: figures(resolutions) };
}

export interface AgentPerformanceContext extends ReportContext {
  /** The schedule in force now, described in the header (figures use each conversation's own). */
  schedule: BusinessSchedule;
}

export async function buildAgentPerformanceReport(context: AgentPerformanceContext, request: ReportRequest): Promise<AgentPerformanceReport> {
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const { filters, notice } = applicableFilters("agent-performance", request.filters);
  const scope: EmailScope = { workspaceId: context.workspaceId, start: period.start, end: period.end, agents: filters.agents };
  const [responses, resolutions] = await Promise.all([firstResponsesIn(context.sql, scope), resolutionsIn(context.sql, scope)]);

  const byAgent = new Map<string, { label: string; responses: CreditedDuration[]; resolutions: CreditedDuration[] }>();
  const entry = (item: CreditedDuration) => {
    let found = byAgent.get(item.agentKey);
    if (!found) byAgent.set(item.agentKey, (found = { label: personLabel(item.agent), responses: [], resolutions: [] }));
    return found;
  };
  for (const item of responses) entry(item).responses.push(item);
  for (const item of resolutions) entry(item).resolutions.push(item);

  const notices: Notice[] = [];
  if (notice) notices.push(notice);
  if (responses.length === 0 && resolutions.length === 0) notices.push(noDataNotice());
  return {
    report: "agent-performance",
    request,
    period,
    schedule: context.schedule,
    team: row(null, "Team", responses, resolutions),
    agents: [...byAgent]
      .map(([key, a]) => row(key, a.label, a.responses, a.resolutions))
      .sort((a, b) => a.label.localeCompare(b.label)),
    notices,
  };
}
