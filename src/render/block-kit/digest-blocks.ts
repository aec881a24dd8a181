// A scheduled digest as a Slack message (result -> Block Kit): the last full period's key
// figures against the period before's, one chart, and a button to the full report.
// Pure: the caller builds the report, uploads the chart beforehand and posts the message.
// Agent names go into raw_text cells and chart labels, never into mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { Frequency } from "../../domain/digest-schedule.ts";
import { AGENT_REPORT_TITLE, agentHeadline } from "../words/agent-performance-words.ts";
import { assignmentsHeadline } from "../words/assignments-words.ts";
import type { Report } from "../../reports/build-report.ts";
import { periodDates } from "../words/report-words.ts";
import { teamBlocks } from "./agent-performance-blocks.ts";
import { summaryBlocks } from "./assignments-blocks.ts";
import { REPORT_ACTIONS } from "./action-state.ts";
import { agentFirstResponseChart, sourceCharts, type ChartData } from "../charts/chart-data.ts";
import {
  actionsBlock,
  fallbackWithFilters,
  filtersLine,
  noticeBlocks,
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

interface DigestParts {
  title: string;
  /** The report's headline, for the `text` fallback. */
  headline: string;
  /** Context lines after the period, filters and schedule. */
  lines: string[];
  /** The report's opening blocks: its headline and figures beside their change. */
  figures: Block[];
  chart: ChartData;
}

function digest(report: Report, options: DigestOptions, parts: DigestParts): { text: string; blocks: unknown[] } {
  const words = PERIOD_WORDS[options.frequency];
  const title = `${words.digest}: ${parts.title}`;
  const before = report.previous.period;
  return {
    text: fallbackWithFilters(`${title}, ${periodDates(report.period)}: ${parts.headline}`, report.request),
    blocks: [
      ...titleBlocks(title, [
        `${words.current}: ${periodDates(report.period)} · compared with ${words.previous}: ${before.days.first} to ${before.days.last} · times in ${report.period.timeZone}`,
        filtersLine(report.request),
        `Posted ${options.scheduleWords}`,
        ...parts.lines,
      ]),
      ...parts.figures,
      ...singleChartBlocks(parts.chart, options),
      ...noticeBlocks(report.notices),
      ...actionsBlock([stateButton("Open full report", REPORT_ACTIONS.open, report.request)]),
    ],
  };
}

/**
 * The digest of a report over the last full period: the same opening as the report's own
 * message (its headline and every figure beside its change vs the period before), one chart,
 * and a button to the full report.
 */
export function digestMessage(report: Report, options: DigestOptions): { text: string; blocks: unknown[] } {
  if (report.report === "assignments") {
    return digest(report, options, {
      title: "Assignments",
      headline: assignmentsHeadline(report),
      lines: [],
      figures: summaryBlocks(report),
      chart: sourceCharts(report).bar,
    });
  }
  return digest(report, options, {
    title: AGENT_REPORT_TITLE,
    headline: agentHeadline(report),
    lines: [`Business hours: ${describeVersions(report.schedules)}`],
    figures: teamBlocks(report),
    chart: agentFirstResponseChart(report),
  });
}
