// The Assignments report as plain text for a terminal (`inbox-pulse report`, the demo).
import type { AssignmentsReport } from "../reports/assignments-report.ts";
import { LOG_PAGE_SIZE } from "../reports/assignments-report.ts";
import { truncate, formatCount, formatShare, periodWords, periodDates, filtersText, LOG_COLUMNS, logCells, pagingText, cappedText, noticeText } from "../reports/assignments-view.ts";

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

/** The whole report for a terminal: summary, a bar per source, notices, the log page. */
export function assignmentsText(report: AssignmentsReport): string {
  const filters = filtersText(report.request.filters);
  const lines = [
    `Assignments · ${periodWords(report.period)}`,
    `${periodDates(report.period)} · times in ${report.period.timeZone}`,
    `Filters: ${filters === "" ? "none" : filters}`,
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
        report.bySource.map((s) => [s.label, formatCount(s.count), formatShare(s.share), "█".repeat(Math.max(1, Math.round((BAR_WIDTH * s.count) / most)))]),
        new Set([1, 2]),
      ),
    );
  }
  if (report.notices.length > 0) lines.push("", ...report.notices.map((n) => `! ${noticeText(n)}`));
  if (report.log.rows.length > 0) {
    const cells = report.log.rows.map((row) => logCells(row, report.period.timeZone).map((cell) => truncate(cell, TERMINAL_CELL)));
    const [head, ...body] = alignColumns([LOG_COLUMNS, ...cells]);
    lines.push("", "Log, newest first", head!, "-".repeat([...head!].length), ...body, "", pagingText(report));
    const capped = cappedText(report);
    if (capped !== null) lines.push(capped);
  }
  return `${lines.join("\n")}\n`;
}
