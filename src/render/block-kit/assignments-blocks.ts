// The Assignments report as a Slack message (result -> Block Kit). Pure: the caller uploads
// chart images beforehand and sends the message. Customer text goes into plain_text and
// raw_text wherever the block allows it, and is escaped where it must be mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { types } from "@slack/bolt";
import { LOG_PAGE_SIZES, type LogTable } from "../../domain/assignment-log.ts";
import {
  assignmentsHeadline,
  cappedText,
  pagingText,
  SLACK_LOG_COLUMNS,
  slackLogCells,
  sourceChanges,
} from "../words/assignments-words.ts";
import { countChange } from "../words/change-words.ts";
import { assignmentsMethod } from "../words/method-words.ts";
import { formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { emptyFilters } from "../../domain/report-request.ts";
import { SOURCE_LABELS, SOURCES } from "../../domain/sources.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { REPORT_ACTIONS, stateForBlockId } from "./action-state.ts";
import { sourceCharts, sourceGroups, type ChartData } from "../charts/chart-data.ts";
import { dataVisualizationBlock } from "../charts/native-chart.ts";
import {
  actionsBlock,
  chartImage,
  fallbackWithFilters,
  headerBlocks,
  imageBlock,
  methodBlock,
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
import { rowsWithin, SLACK_LIMITS } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";

export type { ImageRef };

export interface MessageOptions {
  charts: ChartMode;
  /** For "upload": the rendered PNGs, already uploaded. A missing image falls back to text. */
  chartImages?: { bar?: ImageRef; pie?: ImageRef };
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
  /** How the log is shown (the TABLES setting); the report's page size must be LOG_PAGE_SIZES[logTable]. */
  logTable: LogTable;
  /** False when shared to a channel: no filter, paging, export or share controls. */
  interactive: boolean;
  /** The assignee menu's choices (the first 99 are offered, after "All assignees"). */
  assigneeChoices: { label: string; value: string }[];
  /** Where docs/ is published (DOCS_URL), for the link to the definitions. */
  docsUrl?: string;
}

// Every report shares the action ids; the state they carry says which report.
export const ACTION_IDS = REPORT_ACTIONS;

/** The "no filter" value of the source and assignee menus. */
export const ALL = "all";

// Names are cut so that a page of the log stays within the 10,000 characters Slack allows
// across a table's cells (SLACK_LIMITS.tableCharacters); rowsWithin drops rows beyond it.
const TABLE_CELL = 30;
// Rows a data_table shows before Slack's own paging.
const DATA_TABLE_PAGE = 10;
// Names wrap rather than being cut off at the column's edge.
const WRAPPED_COLUMNS = new Set(["Contact", "Assigned to", "By"]);

/** The point first: the sentence, then what moved by source (the charts carry the counts and shares). */
export function summaryBlocks(report: AssignmentsReport): Block[] {
  const blocks: Block[] = [{ type: "section", text: mrkdwn(`*${escapeMrkdwn(assignmentsHeadline(report))}*`) }];
  if (report.total === 0) return blocks;
  const unassigned = `Includes ${formatCount(report.unassignments)} unassignments (${countChange(report.unassignments, report.previous.unassignments)})`;
  const bySource = `by source vs ${report.previous.period.words}: ${sourceChanges(sourceGroups(report), report).join(" · ")}`;
  blocks.push({ type: "context", elements: [plain(truncate(`${unassigned} · ${bySource}`, SLACK_LIMITS.text))] });
  return blocks;
}

/** A chart whose image is missing, as an aligned text table of its values. */
function chartAsText(chart: ChartData): Block {
  const width = Math.max(...chart.labels.map((l) => l.length));
  const lines = chart.labels.map((label, i) => `${label.padEnd(width)}  ${chart.valueTexts[i]}`);
  return { type: "section", text: mrkdwn(`*${chart.title}*\n\`\`\`${lines.join("\n")}\`\`\``) };
}

function chartBlocks(report: AssignmentsReport, options: MessageOptions): Block[] {
  if (report.bySource.length === 0 || options.charts === "none") return [];
  const { bar, pie } = sourceCharts(report);
  if (options.charts === "native") return [dataVisualizationBlock(bar), dataVisualizationBlock(pie)];
  const images = [bar, pie].map((chart) => ({ chart, image: chartImage(chart, options, options.chartImages?.[chart.kind]) }));
  return images.map(({ chart, image }) => (image === undefined ? chartAsText(chart) : imageBlock(chart, image)));
}

/** The page's rows as cells, as many as fit in the characters a table may hold, newest first. */
function logRows(report: AssignmentsReport): string[][] {
  const rows = report.log.rows.map((row) => slackLogCells(row, report.period.timeZone).map((cell) => truncate(cell, TABLE_CELL)));
  return rowsWithin([SLACK_LOG_COLUMNS, ...rows], SLACK_LIMITS.tableCharacters).slice(1);
}

/** "Latest 100 of 18,940 assignments, newest first", or "Assignments 101-200 of 18,940, newest first". */
function logCaption(report: AssignmentsReport, shown: number): string {
  const { page, pageSize, totalRows } = report.log;
  if (page === 0) {
    if (shown === totalRows) return shown === 1 ? "The one assignment" : `All ${formatCount(shown)} assignments, newest first`;
    return `Latest ${formatCount(shown)} of ${formatCount(totalRows)} assignments, newest first`;
  }
  const first = page * pageSize + 1;
  return `Assignments ${formatCount(first)}-${formatCount(first + shown - 1)} of ${formatCount(totalRows)}, newest first`;
}

function logBlocks(report: AssignmentsReport, logTable: LogTable): Block[] {
  if (report.log.rows.length === 0) return [];
  const rows = logRows(report);
  const capped = cappedText(report);
  const cappedNote = capped === null ? [] : [plain(truncate(capped, SLACK_LIMITS.text))];
  if (logTable === "native") {
    const table: types.DataTableBlock = {
      type: "data_table",
      caption: logCaption(report, rows.length),
      page_size: Math.min(DATA_TABLE_PAGE, rows.length),
      rows: [SLACK_LOG_COLUMNS, ...rows].map((cells) => cells.map((text) => rawCell(text, TABLE_CELL))),
    };
    return [table, ...(cappedNote.length > 0 ? [{ type: "context" as const, elements: cappedNote }] : [])];
  }
  return [
    { type: "section", text: mrkdwn(`*${escapeMrkdwn(logCaption(report, rows.length))}*`) },
    {
      type: "table",
      column_settings: SLACK_LOG_COLUMNS.map((name) => ({ is_wrapped: WRAPPED_COLUMNS.has(name) })),
      rows: [SLACK_LOG_COLUMNS, ...rows].map((cells) => cells.map((text) => rawCell(text, TABLE_CELL))),
    },
    // plain_text: the export command carries filter values as typed, and must copy exactly.
    { type: "context", elements: [plain(pagingText(report)), ...cappedNote] },
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
  // Beyond the rows a data_table holds, our own paging, by the hundred.
  const [newer, older] = log.pageSize === LOG_PAGE_SIZES.native ? [`Newer ${log.pageSize}`, `Older ${log.pageSize}`] : ["Previous", "Next"];
  const buttons = [
    log.page > 0 ? stateButton(newer, ACTION_IDS.previous, { ...request, page: log.page - 1 }) : null,
    log.page < log.pageCount - 1 ? stateButton(older, ACTION_IDS.next, { ...request, page: log.page + 1 }) : null,
    stateButton("Export CSV", ACTION_IDS.export, request),
    stateButton("Share in channel", ACTION_IDS.share, request),
  ];
  const clear = stateButton("Clear all", ACTION_IDS.clear, { ...request, filters: emptyFilters(), page: 0 });
  const blockId = stateForBlockId(request);
  // The menus first, then one row of buttons: paging, export, share.
  if (blockId !== null)
    return [...actionsBlock([...filterMenus(report, options.assigneeChoices), clear], blockId), ...actionsBlock(buttons)];
  // Without the menus, "Clear all" is the way back to a state that fits.
  const buttonsFit = buttons.slice(2).every((b) => b !== null);
  return [...actionsBlock([clear, ...buttons]), stateTooLongBlock(buttonsFit, true)];
}

/** The `text` fallback (notifications, screen readers): the same sentence as the message opens with. */
function fallbackText(report: AssignmentsReport): string {
  return fallbackWithFilters(
    `Assignments, ${periodWords(report.period)} (${periodDates(report.period)}): ${assignmentsHeadline(report)}`,
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
      ...logBlocks(report, options.logTable),
      methodBlock(assignmentsMethod(report), options.docsUrl),
      ...(options.interactive ? controlBlocks(report, options) : []),
    ],
  };
}
