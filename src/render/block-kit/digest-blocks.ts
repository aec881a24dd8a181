// A scheduled digest as a Slack message (two results -> Block Kit): the last full period's
// key figures against the period before's, one chart, and a button to the full report.
// Pure: the caller builds both reports, uploads the chart beforehand and posts the message.
// Agent names go into raw_text cells and chart labels, never into mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { Frequency } from "../../domain/digest-schedule.ts";
import type { AgentPerformanceReport, AgentRow } from "../../reports/agent-performance-report.ts";
import { AGENT_REPORT_TITLE, durationWords, FIGURES, topResponders, type Figure } from "../words/agent-performance-words.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { formatShare } from "../words/assignments-words.ts";
import type { Report } from "../../reports/build-report.ts";
import { change } from "../../domain/period-change.ts";
import { changeText, displayText, formatCount, periodDates } from "../words/report-words.ts";
import { REPORT_ACTIONS } from "./action-state.ts";
import { agentFirstResponseChart, sourceCharts, type ChartData } from "../charts/chart-data.ts";
import {
  actionsBlock,
  fallbackWithFilters,
  filtersLine,
  mrkdwn,
  noticeBlocks,
  rawCell,
  singleChartBlocks,
  stateButton,
  titleBlocks,
  type Block,
  type ImageRef,
} from "./common-blocks.ts";

export interface DigestOptions {
  /** Names the digest ("Weekly digest") and its periods ("Last week", "the week before"). */
  frequency: Frequency;
  /** When the digest is posted, e.g. "every Monday at 09:00 (Europe/Paris)". */
  scheduleWords: string;
  charts: ChartMode;
  /** For "upload": the chart, already uploaded. Without it the chart is left out: the figures are in text. */
  chartImage?: ImageRef;
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
}

const PERIOD_WORDS: Record<Frequency, { digest: string; current: string; previous: string }> = {
  daily: { digest: "Daily digest", current: "Yesterday", previous: "the day before" },
  weekly: { digest: "Weekly digest", current: "Last week", previous: "the week before" },
  monthly: { digest: "Monthly digest", current: "Last month", previous: "the month before" },
};

const TOP_SOURCES = 5;
const TOP_AGENTS = 10;
// Long names are cut; a figure's cell ("23 h 59 min · ▼ -99.9% faster vs 1 d 2 h") stays whole.
const TABLE_CELL = 60;

/** A figure, its change and, when it moved, what it was: "734 · ▲ +12.5% vs 652". */
function compared(current: number | null, previous: number | null, figure: "count" | "duration" = "count"): string {
  const words = figure === "count" ? (n: number | null) => (n === null ? "-" : formatCount(n)) : durationWords;
  const c = change(current, previous);
  const before = c.kind === "up" || c.kind === "down" ? ` vs ${words(previous)}` : "";
  return `${words(current)} · ${changeText(c, figure)}${before}`;
}

const field = (name: string, value: string) => mrkdwn(`*${name}*\n${value}`);

interface DigestParts {
  title: string;
  /** The key figures for the `text` fallback. */
  summary: string;
  /** Context lines after the period, filters and schedule. */
  lines: string[];
  figures: Block[];
  chart: ChartData;
  /** Shown under the chart. */
  details: Block[];
}

function digest(current: Report, previous: Report, options: DigestOptions, parts: DigestParts): { text: string; blocks: unknown[] } {
  const words = PERIOD_WORDS[options.frequency];
  const title = `${words.digest}: ${parts.title}`;
  return {
    text: fallbackWithFilters(`${title}, ${periodDates(current.period)}: ${parts.summary}`, current.request),
    blocks: [
      ...titleBlocks(title, [
        `${words.current}: ${periodDates(current.period)} · compared with ${words.previous}: ${periodDates(previous.period)} · times in ${current.period.timeZone}`,
        filtersLine(current.request),
        `Posted ${options.scheduleWords}`,
        ...parts.lines,
      ]),
      ...parts.figures,
      ...singleChartBlocks(parts.chart, options),
      ...parts.details,
      ...noticeBlocks(current.notices),
      ...actionsBlock([stateButton("Open full report", REPORT_ACTIONS.open, current.request)]),
    ],
  };
}

function assignmentsDigest(current: AssignmentsReport, previous: AssignmentsReport, options: DigestOptions) {
  const before = new Map(previous.bySource.map((s) => [s.source, s.count]));
  const top = current.bySource.slice(0, TOP_SOURCES);
  const figures: Block[] = [
    {
      type: "section",
      fields: [
        field("Assignments (unassignments included)", compared(current.total, previous.total)),
        field("Unassignments", compared(current.unassignments, previous.unassignments)),
      ],
    },
  ];
  if (top.length > 0) {
    // A source missing before had no assignment then.
    const fields = top.map((s) => field(`${s.label} · ${formatShare(s.share)}`, compared(s.count, before.get(s.source) ?? 0)));
    figures.push({ type: "section", text: mrkdwn(`*Top ${top.length} sources*`), fields });
  }
  return digest(current, previous, options, {
    title: "Assignments",
    summary: `${formatCount(current.total)} assignments (${changeText(change(current.total, previous.total))})`,
    lines: [],
    figures,
    chart: sourceCharts(current).bar,
    details: [],
  });
}

const figure = (metric: string, scope: string): Figure => FIGURES.find((f) => f.metric === metric && f.scope === scope)!;
const RESPONSES = figure("First response", "any time");
const RESPONSES_IN_HOURS = figure("First response", "business hours");
const RESOLUTIONS = figure("Resolution", "any time");
const RESOLUTIONS_IN_HOURS = figure("Resolution", "business hours");

/** A count, or an average in business hours, of `row` against `before` (absent: nothing then). */
const countOf = (f: Figure, row: AgentRow, before: AgentRow | undefined) => compared(f.count(row), before ? f.count(before) : 0);
const averageOf = (f: Figure, row: AgentRow, before: AgentRow | undefined) =>
  compared(f.stats(row).average, before ? f.stats(before).average : null, "duration");

/** The busiest responders as a table: names stay as typed in raw_text cells. */
function topAgentBlocks(current: AgentPerformanceReport, previous: AgentPerformanceReport): Block[] {
  const top = topResponders(current.agents, TOP_AGENTS);
  if (top.length === 0) return [];
  const before = new Map(previous.agents.map((a) => [a.agentKey, a]));
  const rows = top.map((a) => [
    displayText(a.label),
    countOf(RESPONSES, a, before.get(a.agentKey)),
    averageOf(RESPONSES_IN_HOURS, a, before.get(a.agentKey)),
  ]);
  return [
    { type: "section", text: mrkdwn(`*Top ${top.length} agents by first responses*`) },
    {
      type: "table",
      column_settings: [{ is_wrapped: true }, { is_wrapped: true }, { is_wrapped: true }],
      rows: [["Agent", RESPONSES.countName, RESPONSES_IN_HOURS.averageName], ...rows].map((cells) =>
        cells.map((text) => rawCell(text, TABLE_CELL)),
      ),
    },
  ];
}

function agentDigest(current: AgentPerformanceReport, previous: AgentPerformanceReport, options: DigestOptions) {
  const [team, before] = [current.team, previous.team];
  const fields = [
    field(RESPONSES.countName, countOf(RESPONSES, team, before)),
    field(RESPONSES_IN_HOURS.countName, countOf(RESPONSES_IN_HOURS, team, before)),
    field(RESPONSES_IN_HOURS.averageName, averageOf(RESPONSES_IN_HOURS, team, before)),
    field(RESOLUTIONS.countName, countOf(RESOLUTIONS, team, before)),
    field(RESOLUTIONS_IN_HOURS.averageName, averageOf(RESOLUTIONS_IN_HOURS, team, before)),
    field("Customers", compared(team.customers, before.customers)),
  ];
  return digest(current, previous, options, {
    title: AGENT_REPORT_TITLE,
    summary:
      `${formatCount(team.firstResponse.count)} first responses (${changeText(change(team.firstResponse.count, before.firstResponse.count))}), ` +
      `${formatCount(team.resolution.count)} resolutions (${changeText(change(team.resolution.count, before.resolution.count))})`,
    lines: [`Business hours: ${describeVersions(current.schedules)}`],
    figures: [{ type: "section", text: mrkdwn("*Team*"), fields }],
    chart: agentFirstResponseChart(current),
    details: topAgentBlocks(current, previous),
  });
}

/**
 * The digest of `current` (the last full period) against `previous` (the period before),
 * two results of the same report.
 */
export function digestMessage(current: Report, previous: Report, options: DigestOptions): { text: string; blocks: unknown[] } {
  if (current.report === "assignments" && previous.report === "assignments") return assignmentsDigest(current, previous, options);
  if (current.report === "agent-performance" && previous.report === "agent-performance") return agentDigest(current, previous, options);
  throw new Error(`a digest compares two results of one report, got ${current.report} and ${previous.report}`);
}
