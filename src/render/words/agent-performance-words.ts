// The agent-performance report in words: the column names and cells every medium shares
// (Slack, terminal, CSV), so a figure reads the same wherever it is shown.
import { formatDuration } from "../../domain/durations.ts";
import type { DurationStats } from "../../domain/statistics.ts";
import type { AgentPerformanceReport, AgentRow, MetricFigures } from "../../reports/agent-performance-report.ts";
import { countChange, durationChange, versus } from "./change-words.ts";
import { displayText, formatCount } from "./report-words.ts";

export const AGENT_REPORT_TITLE = "Email agent performance";

export const SATISFACTION_NOTE = "Customer satisfaction: not yet available for email.";

/** How to read a duration cell, shown beside the figures. */
export const DURATIONS_LEGEND = "Durations: average (median / 90th percentile); in business hours only the time the inbox is open counts.";

/**
 * Seconds in words ("1 h 12 min"); "-" when there is no value. `businessTime`: hours only,
 * never days of 24 open hours (docs/definitions.md, "Business hours").
 */
export function durationWords(seconds: number | null, businessTime = false): string {
  return seconds === null ? "-" : formatDuration(seconds * 1000, businessTime);
}

/** "1 h 12 min (54 min / 3 h)": average (median / 90th percentile); "-" without data. */
export function statsWords(stats: DurationStats, businessTime = false): string {
  if (stats.average === null) return "-";
  const words = (s: number | null) => durationWords(s, businessTime);
  return `${words(stats.average)} (${words(stats.median)} / ${words(stats.p90)})`;
}

/** One of the seed's 8 figures: a count and its average, for a metric counted in a scope. */
export interface Figure {
  /** "First response" or "Resolution". */
  metric: string;
  /** "business hours" or "any time". */
  scope: string;
  countName: string;
  averageName: string;
  count(row: AgentRow): number;
  stats(row: AgentRow): DurationStats;
}

const METRICS = [
  { key: "firstResponse", one: "First response", many: "First responses" },
  { key: "resolution", one: "Resolution", many: "Resolutions" },
] as const;

// Business hours: the conversations answered (or closed) while open, and the open time they took.
const SCOPES = [
  { name: "business hours", count: (f: MetricFigures) => f.countInHours, stats: (f: MetricFigures) => f.businessHours },
  { name: "any time", count: (f: MetricFigures) => f.count, stats: (f: MetricFigures) => f.anyTime },
] as const;

/** In the seed's order: first responses then resolutions, each in business hours then at any time. */
export const FIGURES: readonly Figure[] = METRICS.flatMap((m) =>
  SCOPES.map((s) => ({
    metric: m.one,
    scope: s.name,
    countName: `${m.many} (${s.name})`,
    averageName: `${m.one} avg (${s.name})`,
    count: (row: AgentRow) => s.count(row[m.key]),
    stats: (row: AgentRow) => s.stats(row[m.key]),
  })),
);

export const AGENT_COLUMNS: readonly string[] = ["Agent", "Customers", ...FIGURES.flatMap((f) => [f.countName, f.averageName])];

/** The columns of counts (right-aligned where a medium can). */
export const COUNT_COLUMNS: ReadonlySet<string> = new Set(["Customers", ...FIGURES.map((f) => f.countName)]);

/** A row's cells under AGENT_COLUMNS. */
export function agentCells(row: AgentRow): string[] {
  return [
    displayText(row.label),
    formatCount(row.customers),
    ...FIGURES.flatMap((f) => [formatCount(f.count(row)), statsWords(f.stats(row), f.scope === "business hours")]),
  ];
}

/** The team line as [name, value] pairs: each count with its average, then the customers. */
export function teamFigures(team: AgentRow): [string, string][] {
  return [
    ...FIGURES.map((f): [string, string] => {
      const stats = f.stats(team);
      const count = formatCount(f.count(team));
      return [f.countName, stats.average === null ? count : `${count} · avg ${statsWords(stats, f.scope === "business hours")}`];
    }),
    ["Customers", formatCount(team.customers)],
  ];
}

/** Whom the figures are about: the one agent a filter selects, else the team. */
export function subjectOf(report: Pick<AgentPerformanceReport, "agents" | "request">): string {
  return report.request.filters.agents.length > 0 && report.agents.length === 1 ? displayText(report.agents[0]!.label) : "Team";
}

/**
 * The report's point in one sentence: the median first response in business hours (what a
 * customer typically waits; an average is pulled by a few long waits) and its change, then
 * the slowest agent, whose figures open the table. Also the message's `text` fallback.
 */
export function agentHeadline(report: Pick<AgentPerformanceReport, "agents" | "request" | "team" | "previous">): string {
  const { team, previous } = report;
  const subject = subjectOf(report);
  const before = previous.period.words;
  const median = team.firstResponse.businessHours.median;
  const resolutions = `${formatCount(team.resolution.count)} ${team.resolution.count === 1 ? "resolution" : "resolutions"}`;
  if (median === null) {
    const then = previous.team.firstResponse.count;
    return `${subject}: no first responses in this period (${then === 0 ? "none" : formatCount(then)} in ${before}); ${resolutions}.`;
  }
  const moved = durationChange(median, previous.team.firstResponse.businessHours.median, true);
  const lead = `${subject === "Team" ? "Team" : `${subject}:`} median first response ${durationWords(median, true)} in business hours (${versus(moved, before)})`;
  const slowest = subject === "Team" && report.agents.length > 1 ? report.agents[0] : undefined;
  return slowest && slowest.firstResponse.businessHours.average !== null
    ? `${lead}; slowest: ${displayText(slowest.label)}.`
    : `${lead}; ${resolutions}.`;
}

/** The message's table: at most 6 columns (the eight figures with median and p90 are in the details and the CSV). */
export const SLACK_AGENT_COLUMNS: readonly string[] = [
  "Agent",
  "First responses",
  "First response avg (median)",
  "Resolutions",
  "Resolution avg (median)",
  "Customers",
];

/** "1 h 12 min (54 min)": average (median), business time; "-" without data. */
function averageAndMedian(stats: DurationStats): string {
  return stats.average === null ? "-" : `${durationWords(stats.average, true)} (${durationWords(stats.median, true)})`;
}

/** A row's cells under SLACK_AGENT_COLUMNS. */
export function slackAgentCells(row: AgentRow): string[] {
  return [
    displayText(row.label),
    formatCount(row.firstResponse.count),
    averageAndMedian(row.firstResponse.businessHours),
    formatCount(row.resolution.count),
    averageAndMedian(row.resolution.businessHours),
    formatCount(row.customers),
  ];
}

/**
 * The team's (or the one agent's) figures beside their change: each count, and each average
 * and median in business hours, once. The median first response is the headline's.
 */
export function teamChanges(report: Pick<AgentPerformanceReport, "team" | "previous">): [string, string][] {
  const { team, previous } = report;
  const before = previous.team;
  const count = (now: number, then: number) => `${formatCount(now)} (${countChange(now, then)})`;
  const duration = (now: number | null, then: number | null) => `${durationWords(now, true)} (${durationChange(now, then, true)})`;
  return [
    ["First responses", count(team.firstResponse.count, before.firstResponse.count)],
    ["Avg first response, business hours", duration(team.firstResponse.businessHours.average, before.firstResponse.businessHours.average)],
    ["Resolutions", count(team.resolution.count, before.resolution.count)],
    [
      "Resolution, business hours",
      `avg ${duration(team.resolution.businessHours.average, before.resolution.businessHours.average)} · median ${duration(
        team.resolution.businessHours.median,
        before.resolution.businessHours.median,
      )}`,
    ],
    ["Customers", count(team.customers, before.customers)],
  ];
}
