// The reports as plain text for a terminal (`inbox-pulse report`, the demo).
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { Notice } from "../../domain/notices.ts";
import type { Period } from "../../domain/periods.ts";
import type { ReportRequest } from "../../domain/report-request.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import {
  AGENT_COLUMNS,
  AGENT_REPORT_TITLE,
  agentCells,
  COUNT_COLUMNS,
  DURATIONS_LEGEND,
  SATISFACTION_NOTE,
  teamFigures,
} from "../words/agent-performance-words.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { formatShare, LOG_COLUMNS, logCells, pagingText, cappedText } from "../words/assignments-words.ts";
import { truncate, formatCount, periodWords, periodDates, filtersText, noticeText } from "../words/report-words.ts";

const BAR_WIDTH = 40;
const TERMINAL_CELL = 32;

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
function alignColumns(rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
  const width = (s: string) => [...s].length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = " ".repeat(widths[i]! - width(cell));
        return right.has(i) ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd(),
  );
}

/** The title with the period, the dates and time zone, the filters. */
function headerLines(title: string, report: { request: ReportRequest; period: Period }): string[] {
  const filters = filtersText(report.request);
  return [
    `${title} · ${periodWords(report.period)}`,
    `${periodDates(report.period)} · times in ${report.period.timeZone}`,
    `Filters: ${filters === "" ? "none" : filters}`,
  ];
}

function noticeLines(notices: readonly Notice[]): string[] {
  return notices.length === 0 ? [] : ["", ...notices.map((n) => `! ${noticeText(n)}`)];
}

/** A titled table: aligned columns under a rule. */
function tableLines(title: string, columns: readonly string[], rows: string[][], right?: ReadonlySet<number>): string[] {
  const [head, ...body] = alignColumns([[...columns], ...rows], right);
  return ["", title, head!, "-".repeat([...head!].length), ...body];
}

/** The whole report for a terminal: summary, a bar per source, notices, the log page. */
export function assignmentsText(report: AssignmentsReport): string {
  const lines = [
    ...headerLines("Assignments", report),
    "",
    ...alignColumns(
      [
        ["Assignments", formatCount(report.total), "(unassignments included)"],
        ["Unassignments", formatCount(report.unassignments), ""],
      ],
      new Set([1]),
    ),
  ];
  if (report.bySource.length > 0) {
    const most = report.bySource[0]!.count;
    lines.push(
      "",
      "By source",
      ...alignColumns(
        report.bySource.map((s) => [
          s.label,
          formatCount(s.count),
          formatShare(s.share),
          "█".repeat(Math.max(1, Math.round((BAR_WIDTH * s.count) / most))),
        ]),
        new Set([1, 2]),
      ),
    );
  }
  lines.push(...noticeLines(report.notices));
  if (report.log.rows.length > 0) {
    const cells = report.log.rows.map((row) => logCells(row, report.period.timeZone).map((cell) => truncate(cell, TERMINAL_CELL)));
    lines.push(...tableLines("Log, newest first", LOG_COLUMNS, cells), "", pagingText(report));
    const capped = cappedText(report);
    if (capped !== null) lines.push(capped);
  }
  return `${lines.join("\n")}\n`;
}

/** The whole report for a terminal: schedule, team figures, notices, every agent (names cut). */
export function agentPerformanceText(report: AgentPerformanceReport): string {
  const lines = [
    ...headerLines(AGENT_REPORT_TITLE, report),
    `Business hours: ${describeVersions(report.schedules)}`,
    DURATIONS_LEGEND,
    "",
    "Team",
    ...alignColumns(teamFigures(report.team)),
    ...noticeLines(report.notices),
  ];
  if (report.agents.length > 0) {
    const rows = report.agents.map((agent) => {
      const [name, ...figures] = agentCells(agent);
      return [truncate(name!, TERMINAL_CELL), ...figures];
    });
    const right = new Set(AGENT_COLUMNS.flatMap((name, i) => (COUNT_COLUMNS.has(name) ? [i] : [])));
    lines.push(...tableLines("By agent", AGENT_COLUMNS, rows, right));
  }
  lines.push("", SATISFACTION_NOTE);
  return `${lines.join("\n")}\n`;
}
