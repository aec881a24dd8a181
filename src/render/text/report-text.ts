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
// Text cells in a table too wide for the terminal.
const NARROW_CELL = 16;

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

/**
 * A titled table: aligned columns under a rule, at most `width` characters wide: text cells are
 * cut to NARROW_CELL first, then columns are left out, those named in `dropFirst` first (in
 * that order), then from the right, and a note names them.
 */
function tableLines(
  title: string,
  columns: readonly string[],
  rows: string[][],
  { right = new Set<number>(), width = Infinity, dropFirst = [] as readonly string[] } = {},
): string[] {
  const render = (shown: number[], cells: string[][]) =>
    alignColumns(
      [shown.map((i) => columns[i]!), ...cells.map((row) => shown.map((i) => row[i]!))],
      new Set(shown.flatMap((i, at) => (right.has(i) ? [at] : []))),
    );
  const tooWide = (lines: string[]) => lines.some((line) => [...line].length > width);
  let cells = rows;
  let shown = columns.map((_, i) => i);
  let lines = render(shown, cells);
  if (tooWide(lines)) {
    cells = rows.map((row) => row.map((cell, i) => (right.has(i) ? cell : truncate(cell, NARROW_CELL))));
    lines = render(shown, cells);
  }
  const dropOrder = [...dropFirst.map((name) => columns.indexOf(name)), ...shown.slice(1).reverse()];
  for (const drop of dropOrder) {
    if (!tooWide(lines) || shown.length === 1) break;
    if (!shown.includes(drop)) continue;
    shown = shown.filter((i) => i !== drop);
    lines = render(shown, cells);
  }
  const [head, ...body] = lines;
  const hidden = columns.filter((_, i) => !shown.includes(i));
  const note = hidden.length === 0 ? [] : [`(not shown, to fit ${width} columns: ${hidden.join(", ")}; widen the terminal, or use --json)`];
  return ["", title, head!, "-".repeat([...head!].length), ...body, ...note];
}

/** Lines longer than `width` wrapped at spaces (tables are already cut to it). */
function fitLines(lines: string[], width: number): string {
  const out: string[] = [];
  for (const line of lines) {
    if ([...line].length <= width) {
      out.push(line);
      continue;
    }
    let current = "";
    for (const word of line.split(" ")) {
      if (current !== "" && [...current].length + 1 + [...word].length > width) {
        out.push(current);
        current = `  ${word}`;
      } else current = current === "" ? word : `${current} ${word}`;
    }
    out.push(current);
  }
  return `${out.join("\n")}\n`;
}

// Left out first when the log is too wide: what a reader of the terminal needs least.
const LOG_DROP_FIRST = ["Conversation ID", "Contact ID", "Assigned by", "Previous assignee"];

/** The whole report for a terminal (`width`: its columns): summary, a bar per source, notices, the log page. */
export function assignmentsText(report: AssignmentsReport, width = Infinity): string {
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
    // The label, count and share take about 45 columns.
    const barWidth = Math.max(5, Math.min(BAR_WIDTH, width - 45));
    lines.push(
      "",
      "By source",
      ...alignColumns(
        report.bySource.map((s) => [
          s.label,
          formatCount(s.count),
          formatShare(s.share),
          "█".repeat(Math.max(1, Math.round((barWidth * s.count) / most))),
        ]),
        new Set([1, 2]),
      ),
    );
  }
  lines.push(...noticeLines(report.notices));
  if (report.log.rows.length > 0) {
    const cells = report.log.rows.map((row) => logCells(row, report.period.timeZone).map((cell) => truncate(cell, TERMINAL_CELL)));
    lines.push(...tableLines("Log, newest first", LOG_COLUMNS, cells, { width, dropFirst: LOG_DROP_FIRST }), "", pagingText(report));
    const capped = cappedText(report);
    if (capped !== null) lines.push(capped);
  }
  return fitLines(lines, width);
}

/** The whole report for a terminal (`width`: its columns): schedule, team figures, notices, every agent (names cut). */
export function agentPerformanceText(report: AgentPerformanceReport, width = Infinity): string {
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
    lines.push(...tableLines("By agent", AGENT_COLUMNS, rows, { right, width }));
  }
  lines.push("", SATISFACTION_NOTE);
  return fitLines(lines, width);
}
