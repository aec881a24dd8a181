// The email agent-performance report as a Slack message (result -> Block Kit). Pure: the
// caller uploads the chart image beforehand and sends the message. Agent names come from
// the inbox's systems: they go into raw_text cells and chart labels, never into mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import {
  AGENT_REPORT_TITLE,
  agentHeadline,
  SATISFACTION_NOTE,
  SLACK_AGENT_COLUMNS,
  slackAgentCells,
  subjectOf,
  teamChanges,
} from "../words/agent-performance-words.ts";
import { agentMethod } from "../words/method-words.ts";
import { formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { REPORT_ACTIONS, stateForBlockId } from "./action-state.ts";
import { agentFirstResponseChart } from "../charts/chart-data.ts";
import {
  actionsBlock,
  fallbackWithFilters,
  headerBlocks,
  methodBlock,
  mrkdwn,
  noticeBlocks,
  periodSelect,
  plain,
  rawCell,
  singleChartBlocks,
  stateButton,
  stateTooLongBlock,
  type Block,
  type ImageRef,
} from "./common-blocks.ts";
import { rowsWithin, SLACK_LIMITS } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { agentDetailSelect } from "./agent-detail-modal.ts";

export interface AgentMessageOptions {
  charts: ChartMode;
  /** For "upload": the rendered chart, already uploaded. Without it the chart is left out: the table holds its figures. */
  chartImage?: ImageRef;
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
  /** False when shared to a channel: no period menu, export or share controls. */
  interactive: boolean;
  /** Where docs/ is published (DOCS_URL), for the link to the definitions. */
  docsUrl?: string;
}

/** One table per message of at most 100 rows: the header row and 99 agents. */
export const MAX_TABLE_AGENTS = SLACK_LIMITS.tableRows - 1;
// Only names get this long; the longest duration cell ("1,234 h 59 min (1,234 h 59 min)") is 31.
const TABLE_CELL = 40;
const COUNT_COLUMNS = new Set(["First responses", "Resolutions", "Customers"]);

/** Filtered to one agent: the figures are theirs, and a chart or table of one row would repeat them. */
const isOneAgent = (report: AgentPerformanceReport) => subjectOf(report) !== "Team";

/** The headline, then the team's (or the one agent's) figures beside their change. */
export function teamBlocks(report: AgentPerformanceReport): Block[] {
  return [
    { type: "section", text: mrkdwn(`*${escapeMrkdwn(agentHeadline(report))}*`) },
    {
      type: "section",
      text: mrkdwn(`*${escapeMrkdwn(subjectOf(report))}* · change vs ${escapeMrkdwn(report.previous.period.words)}`),
      fields: teamChanges(report).map(([name, value]) => mrkdwn(`*${name}*\n${escapeMrkdwn(value)}`)),
    },
  ];
}

/** The agents slowest first, as the chart; as many as a table holds (99 rows, 10,000 characters). */
function tableBlocks(report: AgentPerformanceReport): Block[] {
  // One agent's figures are the section above, under their name.
  if (report.agents.length === 0 || isOneAgent(report)) return [];
  const cells = report.agents.slice(0, MAX_TABLE_AGENTS).map((a) => slackAgentCells(a).map((cell) => truncate(cell, TABLE_CELL)));
  const rows = rowsWithin([SLACK_AGENT_COLUMNS, ...cells], SLACK_LIMITS.tableCharacters).slice(1);
  const shown =
    rows.length < report.agents.length
      ? `The ${formatCount(rows.length)} slowest of ${formatCount(report.agents.length)} agents; the CSV export has them all.`
      : `All ${formatCount(rows.length)} agents.`;
  return [
    {
      type: "section",
      text: mrkdwn(`*By agent, slowest first* (by average first response); durations in business hours. ${escapeMrkdwn(shown)}`),
    },
    {
      type: "table",
      // Names wrap rather than being cut off at the column's edge.
      column_settings: SLACK_AGENT_COLUMNS.map((name) => (COUNT_COLUMNS.has(name) ? { align: "right" } : { is_wrapped: true })),
      rows: [[...SLACK_AGENT_COLUMNS], ...rows].map((row) => row.map((text) => rawCell(text, TABLE_CELL))),
    },
  ];
}

/** The period menu, Export CSV and Share; the message's state rides in the block_id. */
function controlBlocks(report: AgentPerformanceReport): Block[] {
  const { request } = report;
  const buttons = [
    stateButton("Export CSV", REPORT_ACTIONS.export, request),
    stateButton("Share in channel", REPORT_ACTIONS.share, request),
  ];
  const blockId = stateForBlockId(request);
  if (blockId !== null) return actionsBlock([periodSelect(request), agentDetailSelect(report), ...buttons], blockId);
  return [
    ...actionsBlock(buttons),
    stateTooLongBlock(
      buttons.every((b) => b !== null),
      false,
    ),
  ];
}

/** The `text` fallback (notifications, screen readers): the sentence the message opens with. */
function fallbackText(report: AgentPerformanceReport): string {
  return fallbackWithFilters(
    `${AGENT_REPORT_TITLE}, ${periodWords(report.period)} (${periodDates(report.period)}): ${agentHeadline(report)}`,
    report.request,
  );
}

export function agentPerformanceMessage(report: AgentPerformanceReport, options: AgentMessageOptions): { text: string; blocks: unknown[] } {
  return {
    text: fallbackText(report),
    blocks: [
      ...headerBlocks(AGENT_REPORT_TITLE, report),
      ...teamBlocks(report),
      ...(isOneAgent(report) ? [] : singleChartBlocks(agentFirstResponseChart(report), options)),
      ...noticeBlocks(report.notices),
      ...tableBlocks(report),
      { type: "context", elements: [plain(SATISFACTION_NOTE)] },
      methodBlock(agentMethod(report), options.docsUrl),
      ...(options.interactive ? controlBlocks(report) : []),
    ],
  };
}
