// The agent-performance report in words: the column names and cells every medium shares
// (Slack, terminal, CSV), so a figure reads the same wherever it is shown.
import { formatDuration } from "../../domain/durations.ts";
import type { DurationStats } from "../../domain/statistics.ts";
import type { AgentRow, MetricFigures } from "../../reports/agent-performance-report.ts";
import { displayText, formatCount } from "./report-words.ts";

export const AGENT_REPORT_TITLE = "Email agent performance";

export const SATISFACTION_NOTE = "Customer satisfaction: not yet available for email.";

/** How to read a duration cell, shown beside the figures. */
export const DURATIONS_LEGEND = "Durations: average (median / 90th percentile); in business hours only the time the inbox is open counts.";

/** Seconds in words ("1 h 12 min"); "-" when there is no value. */
export function durationWords(seconds: number | null): string {
  return seconds === null ? "-" : formatDuration(seconds * 1000);
}

/** "1 h 12 min (54 min / 3 h)": average (median / 90th percentile); "-" without data. */
export function statsWords(stats: DurationStats): string {
  if (stats.average === null) return "-";
  return `${durationWords(stats.average)} (${durationWords(stats.median)} / ${durationWords(stats.p90)})`;
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
    ...FIGURES.flatMap((f) => [formatCount(f.count(row)), statsWords(f.stats(row))]),
  ];
}

/** The team line as [name, value] pairs: each count with its average, then the customers. */
export function teamFigures(team: AgentRow): [string, string][] {
  return [
    ...FIGURES.map((f): [string, string] => {
      const stats = f.stats(team);
      const count = formatCount(f.count(team));
      return [f.countName, stats.average === null ? count : `${count} · avg ${statsWords(stats)}`];
    }),
    ["Customers", formatCount(team.customers)],
  ];
}

/** How busy an agent was: the conversations first answered plus those resolved. */
export function activity(row: AgentRow): number {
  return row.firstResponse.count + row.resolution.count;
}

/**
 * The agents with the most first responses (then by name), at most `max`: the agents a
 * first-response chart or ranking shows. Agents without a first response have no average
 * and are left out.
 */
export function topResponders(agents: readonly AgentRow[], max: number): AgentRow[] {
  return agents
    .filter((a) => a.firstResponse.count > 0)
    .sort((a, b) => b.firstResponse.count - a.firstResponse.count || a.label.localeCompare(b.label))
    .slice(0, max);
}
