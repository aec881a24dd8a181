// The Assignments report as a Slack message (result -> Block Kit). Pure: the caller uploads
// chart images beforehand and sends the message. Customer text goes into plain_text and
// raw_text wherever the block allows it, and is escaped where it must be mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { types } from "@slack/bolt";
import { cappedText, formatShare, LOG_COLUMNS, logCells, pagingText } from "../words/assignments-words.ts";
import { formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { emptyFilters } from "../../domain/report-request.ts";
import { SOURCE_LABELS, SOURCES } from "../../domain/sources.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { REPORT_ACTIONS, stateForBlockId } from "./action-state.ts";
import { sourceCharts, type ChartData } from "../charts/chart-data.ts";
import { dataVisualizationBlock } from "../charts/native-chart.ts";
import {
  actionsBlock,
  chartImage,
  fallbackWithFilters,
  headerBlocks,
  imageBlock,
  mrkdwn,
  noticeBlocks,
  option,
  periodSelect,
  plain,
  rawCell,
  select,
  stateButton,
  stateTooLongBlock,
  type Block,
  type ImageRef,
} from "./common-blocks.ts";
import { SLACK_LIMITS } from "./limits.ts";

export type { ImageRef };

export interface MessageOptions {
  charts: ChartMode;
  /** For "upload": the rendered PNGs, already uploaded. A missing image falls back to text. */
  chartImages?: { bar?: ImageRef; pie?: ImageRef };
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
  /** False when shared to a channel: no filter, paging, export or share controls. */
  interactive: boolean;
  /** The assignee menu's choices (the first 99 are offered, after "All assignees"). */
  assigneeChoices: { label: string; value: string }[];
}

// Every report shares the action ids; the state they carry says which report.
export const ACTION_IDS = REPORT_ACTIONS;

/** The "no filter" value of the source and assignee menus. */
export const ALL = "all";

// Log cells are cut so that 21 rows of 8 cells stay under the 10,000 characters Slack
// allows across a message's table cells (SLACK_LIMITS.tableCharacters).
const TABLE_CELL = 50;
// Names wrap rather than being cut off at the column's edge.
const WRAPPED_COLUMNS = new Set(["Contact name", "Previous assignee", "Assigned to", "Assigned by"]);

export function summaryBlocks(report: AssignmentsReport): Block[] {
  const blocks: Block[] = [
    {
      type: "section",
      fields: [
        mrkdwn(`*Assignments*\n${formatCount(report.total)} (unassignments included)`),
        mrkdwn(`*Unassignments*\n${formatCount(report.unassignments)}`),
      ],
    },
  ];
  // At most 10 sources, which is also the most fields a section holds.
  if (report.bySource.length > 0) {
    blocks.push({
      type: "section",
      fields: report.bySource.map((s) => mrkdwn(`*${s.label}*\n${formatCount(s.count)}  (${formatShare(s.share)})`)),
    });
  }
  return blocks;
}

/** A chart whose image is missing, as an aligned text table of its counts. */
function chartAsText(chart: ChartData): Block {
  const total = chart.values.reduce((sum, v) => sum + v, 0);
  const width = Math.max(...chart.labels.map((l) => l.length));
  const counts = chart.values.map(formatCount);
  const countWidth = Math.max(...counts.map((c) => c.length));
  const lines = chart.labels.map(
    (label, i) =>
      `${label.padEnd(width)}  ${counts[i]!.padStart(countWidth)}  ${formatShare((100 * chart.values[i]!) / total).padStart(6)}`,
  );
  return { type: "section", text: mrkdwn(`*${chart.title}*\n\`\`\`${lines.join("\n")}\`\`\``) };
}

function chartBlocks(report: AssignmentsReport, options: MessageOptions): Block[] {
  if (report.bySource.length === 0 || options.charts === "none") return [];
  const { bar, pie } = sourceCharts(report);
  if (options.charts === "native") return [dataVisualizationBlock(bar), dataVisualizationBlock(pie)];
  const images = [bar, pie].map((chart) => ({ chart, image: chartImage(chart, options, options.chartImages?.[chart.kind]) }));
  // Both missing: one table says it all (the bar chart's lists every source).
  if (images.every((i) => i.image === undefined)) return [chartAsText(bar)];
  return images.map(({ chart, image }) => (image === undefined ? chartAsText(chart) : imageBlock(chart, image)));
}

function logBlocks(report: AssignmentsReport): Block[] {
  if (report.log.rows.length === 0) return [];
  const capped = cappedText(report);
  return [
    {
      type: "table",
      column_settings: LOG_COLUMNS.map((name) => ({ is_wrapped: WRAPPED_COLUMNS.has(name) })),
      rows: [LOG_COLUMNS, ...report.log.rows.map((row) => logCells(row, report.period.timeZone))].map((cells) =>
        cells.map((text) => rawCell(text, TABLE_CELL)),
      ),
    },
    // plain_text: the export command carries filter values as typed, and must copy exactly.
    { type: "context", elements: [plain(pagingText(report)), ...(capped === null ? [] : [plain(truncate(capped, SLACK_LIMITS.text))])] },
  ];
}

/** Period, source and assignee menus; the message's state rides in the block_id. */
function filterMenus(report: AssignmentsReport, assigneeChoices: MessageOptions["assigneeChoices"]): types.ActionsBlockElement[] {
  const { filters } = report.request;
  const sourceOptions = [option("All sources", ALL), ...SOURCES.map((s) => option(SOURCE_LABELS[s], s))];
  // A value longer than an option value cannot be offered: cut, it would match nobody.
  const people = assigneeChoices.filter((c) => c.value !== ALL && c.value.length > 0 && c.value.length <= SLACK_LIMITS.optionValue);
  const assigneeOptions = [
    option("All assignees", ALL),
    ...people.slice(0, SLACK_LIMITS.selectOptions - 1).map((c) => option(c.label, c.value)),
  ];
  const only = (values: string[]) => (values.length === 0 ? ALL : values.length === 1 ? values[0] : undefined);
  return [
    periodSelect(report.request),
    select(ACTION_IDS.source, "Source", sourceOptions, only(filters.sources)),
    ...(people.length > 0 ? [select(ACTION_IDS.assignee, "Assigned to", assigneeOptions, only(filters.assignees))] : []),
  ];
}

function controlBlocks(report: AssignmentsReport, options: MessageOptions): Block[] {
  const { request, log } = report;
  const blocks: Block[] = actionsBlock([
    log.page > 0 ? stateButton("Previous", ACTION_IDS.previous, { ...request, page: log.page - 1 }) : null,
    log.page < log.pageCount - 1 ? stateButton("Next", ACTION_IDS.next, { ...request, page: log.page + 1 }) : null,
  ]);
  const clear = stateButton("Clear all", ACTION_IDS.clear, { ...request, filters: emptyFilters(), page: 0 });
  const exportAndShare = [
    stateButton("Export CSV", ACTION_IDS.export, request),
    stateButton("Share in channel", ACTION_IDS.share, request),
  ];
  const blockId = stateForBlockId(request);
  if (blockId !== null) {
    blocks.push(...actionsBlock([...filterMenus(report, options.assigneeChoices), clear], blockId), ...actionsBlock(exportAndShare));
    return blocks;
  }
  // Without the menus, "Clear all" is the way back to a state that fits.
  const buttonsFit = exportAndShare.every((b) => b !== null);
  blocks.push(...actionsBlock([clear, ...exportAndShare]), stateTooLongBlock(buttonsFit, true));
  return blocks;
}

/** The one-line `text` fallback (notifications, screen readers). */
function fallbackText(report: AssignmentsReport): string {
  return fallbackWithFilters(
    `Assignments, ${periodWords(report.period)} (${periodDates(report.period)}): ${formatCount(report.total)} assignments including ${formatCount(report.unassignments)} unassignments`,
    report.request,
  );
}

export function assignmentsMessage(report: AssignmentsReport, options: MessageOptions): { text: string; blocks: unknown[] } {
  return {
    text: fallbackText(report),
    blocks: [
      ...headerBlocks("Assignments", report),
      ...summaryBlocks(report),
      ...chartBlocks(report, options),
      ...noticeBlocks(report.notices),
      ...logBlocks(report),
      ...(options.interactive ? controlBlocks(report, options) : []),
    ],
  };
}
