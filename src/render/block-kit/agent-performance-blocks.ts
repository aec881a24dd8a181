// The email agent-performance report as a Slack message (result -> Block Kit). Pure: the
// caller uploads the chart image beforehand and sends the message. Agent names come from
// the inbox's systems: they go into raw_text cells and chart labels, never into mrkdwn.
import type { ChartMode } from "../../domain/chart-modes.ts";
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { AgentPerformanceReport, AgentRow } from "../../reports/agent-performance-report.ts";
import {
  activity,
  AGENT_COLUMNS,
  AGENT_REPORT_TITLE,
  agentCells,
  COUNT_COLUMNS,
  DURATIONS_LEGEND,
  SATISFACTION_NOTE,
  teamFigures,
} from "../words/agent-performance-words.ts";
import { formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { REPORT_ACTIONS, stateForBlockId } from "./action-state.ts";
import { agentFirstResponseChart } from "../charts/chart-data.ts";
import {
  actionsBlock,
  fallbackWithFilters,
  headerBlocks,
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
import { SLACK_LIMITS } from "./limits.ts";
import { agentDetailSelect } from "./agent-detail-modal.ts";

export interface AgentMessageOptions {
  charts: ChartMode;
  /** For "upload": the rendered chart, already uploaded. Without it the chart is left out: the table holds its figures. */
  chartImage?: ImageRef;
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
  /** False when shared to a channel: no period menu, export or share controls. */
  interactive: boolean;
}

/** One table per message of at most 100 rows: the header row and 99 agents. */
export const MAX_TABLE_AGENTS = SLACK_LIMITS.tableRows - 1;
// Only names get this long; the longest duration cell ("23 h 59 min (23 h 59 min / 23 h 59 min)") is 39.
const TABLE_CELL = 40;

/** Characters a row takes in the table, its cells cut as rawCell cuts them. */
const rowCharacters = (cells: readonly string[]) => cells.reduce((sum, cell) => sum + truncate(cell, TABLE_CELL).length, 0);

/**
 * The agents' rows, in the report's order. When they do not all fit (99 rows, and the
 * 10,000 characters Slack allows across a message's table cells), the busiest that fit.
 */
function tableRows(agents: readonly AgentRow[]): string[][] {
  let budget = SLACK_LIMITS.tableCharacters - rowCharacters(AGENT_COLUMNS);
  const kept = new Map<AgentRow, string[]>();
  const busiestFirst = [...agents].sort((a, b) => activity(b) - activity(a) || a.label.localeCompare(b.label));
  for (const agent of busiestFirst) {
    const cells = agentCells(agent);
    if (kept.size === MAX_TABLE_AGENTS || rowCharacters(cells) > budget) break;
    budget -= rowCharacters(cells);
    kept.set(agent, cells);
  }
  return agents.filter((a) => kept.has(a)).map((a) => kept.get(a)!);
}

export function teamBlocks(report: AgentPerformanceReport): Block[] {
  return [
    { type: "section", text: mrkdwn("*Team*"), fields: teamFigures(report.team).map(([name, value]) => mrkdwn(`*${name}*\n${value}`)) },
  ];
}

function tableBlocks(report: AgentPerformanceReport): Block[] {
  if (report.agents.length === 0) return [];
  const rows = tableRows(report.agents);
  const blocks: Block[] = [
    {
      type: "table",
      // Names wrap rather than being cut off at the column's edge.
      column_settings: AGENT_COLUMNS.map((name) => (COUNT_COLUMNS.has(name) ? { align: "right" } : { is_wrapped: name === "Agent" })),
      rows: [[...AGENT_COLUMNS], ...rows].map((cells) => cells.map((text) => rawCell(text, TABLE_CELL))),
    },
  ];
  if (rows.length < report.agents.length) {
    const shown = `Showing the ${formatCount(rows.length)} busiest of ${formatCount(report.agents.length)} agents (most first responses and resolutions)`;
    blocks.push({ type: "context", elements: [plain(`${shown}; the CSV export has them all.`)] });
  }
  return blocks;
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

/** The one-line `text` fallback (notifications, screen readers). */
function fallbackText(report: AgentPerformanceReport): string {
  const { firstResponse, resolution, customers } = report.team;
  return fallbackWithFilters(
    `${AGENT_REPORT_TITLE}, ${periodWords(report.period)} (${periodDates(report.period)}): ` +
      `${formatCount(firstResponse.count)} first responses (${formatCount(firstResponse.countInHours)} in business hours), ` +
      `${formatCount(resolution.count)} resolutions (${formatCount(resolution.countInHours)} in business hours), ${formatCount(customers)} customers`,
    report.request,
  );
}

export function agentPerformanceMessage(report: AgentPerformanceReport, options: AgentMessageOptions): { text: string; blocks: unknown[] } {
  return {
    text: fallbackText(report),
    blocks: [
      ...headerBlocks(AGENT_REPORT_TITLE, report, [`Business hours: ${describeVersions(report.schedules)}`, DURATIONS_LEGEND]),
      ...teamBlocks(report),
      ...singleChartBlocks(agentFirstResponseChart(report), options),
      ...noticeBlocks(report.notices),
      ...tableBlocks(report),
      { type: "context", elements: [plain(SATISFACTION_NOTE)] },
      ...(options.interactive ? controlBlocks(report) : []),
    ],
  };
}
