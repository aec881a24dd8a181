// The Assignments report in words: the wording every medium shares (export command, log
// cells, paging), so a value reads the same in Slack, in a terminal and in a digest.
import { DateTime } from "luxon";
import { LOG_ROW_CAP } from "../../domain/assignment-log.ts";
import { applicableFilters } from "../../domain/notices.ts";
import { specToText } from "../../domain/periods.ts";
import { personLabel } from "../../domain/person.ts";
import { FILTER_NAMES } from "../../domain/report-request.ts";
import { SOURCE_LABELS, type Source } from "../../domain/sources.ts";
import type { AssignmentLogRow, AssignmentsReport } from "../../reports/assignments-report.ts";
import { countChange, versus } from "./change-words.ts";
import { displayText, FILTER_KEYS, formatCount, periodDays } from "./report-words.ts";

/** A share of 0-100 with one decimal, e.g. "42.3%". */
export function formatShare(share: number): string {
  return `${share.toFixed(1)}%`;
}

/**
 * The CLI command that exports every row of this log (`inbox-pulse export`), with the period
 * pinned to its dates (a preset would move by the time someone runs it) and the filters in
 * force. Safe to paste in a shell: the request is single-quoted, so `$(...)` or a backtick in
 * a typed value stays text. Without the workspace id (a report does not know it) a placeholder says so.
 */
export function exportCommand(report: Pick<AssignmentsReport, "period" | "request">, workspaceId = "YOUR_TEAM_ID"): string {
  const { first, last } = periodDays(report.period);
  const kept = applicableFilters("assignments", report.request.filters).filters;
  // Double-quoted when it holds spaces; the command syntax has no escape for a `"` inside a value.
  const word = (value: string) => (/\s/.test(value) ? `"${value.replaceAll('"', "")}"` : value.replaceAll('"', ""));
  const filters = FILTER_KEYS.flatMap((key) => kept[key].map((value) => `${FILTER_NAMES[key]}:${word(value)}`));
  const request = ["/assignments", specToText({ from: first.toISODate()!, to: last.toISODate()! }), ...filters].join(" ");
  return `npx inbox-pulse export '${request.replaceAll("'", "'\\''")}' --workspace ${workspaceId}`;
}

/**
 * The report's point in one sentence: the count, its change, the top source. Also the
 * message's `text` fallback, so a notification says the same.
 */
export function assignmentsHeadline(report: Pick<AssignmentsReport, "total" | "bySource" | "previous">): string {
  const { total, previous } = report;
  const before = previous.period.words;
  if (total === 0) {
    return previous.total === 0
      ? `No assignments in this period, nor in ${before}.`
      : `No assignments in this period, against ${formatCount(previous.total)} in ${before}.`;
  }
  const moved = versus(countChange(total, previous.total), before);
  const top = report.bySource[0]!;
  // A tie names every source that shares the top, rather than the first in a fixed order.
  const tied = report.bySource.filter((s) => s.count === top.count).map((s) => s.label);
  const leaders =
    tied.length === 1
      ? `top source: ${top.label} (${formatShare(top.share)})`
      : `top sources: ${tied.slice(0, -1).join(", ")} and ${tied.at(-1)} (${formatShare(top.share)} each)`;
  return `${formatCount(total)} ${total === 1 ? "assignment" : "assignments"}, ${moved}; ${leaders}.`;
}

/** Each source's change, as the charts group them: "Workflow ▲ 5%", "Other ▼ 2%". */
export function sourceChanges(
  groups: readonly { label: string; sources: readonly Source[]; count: number }[],
  report: Pick<AssignmentsReport, "previous">,
): string[] {
  return groups.map((g) => {
    const before = g.sources.reduce((sum, s) => sum + (report.previous.bySource[s] ?? 0), 0);
    return `${g.label} ${countChange(g.count, before)}`;
  });
}

/** The log as a Slack message shows it: the columns a manager acts on; the seed's eight are in the CSV. */
export const SLACK_LOG_COLUMNS = ["Time", "Contact", "Assigned to", "Source", "By"];

/** One log row under SLACK_LOG_COLUMNS: the contact by name (else id); "By" is the user who assigned, for the User source. */
export function slackLogCells(row: AssignmentLogRow, timeZone: string): string[] {
  return [
    // Sortable as text: Slack's data_table sorts this column by its characters.
    DateTime.fromMillis(row.occurredAt, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm"),
    displayText(row.contactName ?? row.contactId),
    row.assignee === null ? "Unassigned" : displayText(personLabel(row.assignee)),
    SOURCE_LABELS[row.source],
    row.source === "user" ? displayText(personLabel(row.assignedBy)) : "-",
  ];
}

export const LOG_COLUMNS = [
  "Timestamp",
  "Conversation ID",
  "Contact ID",
  "Contact name",
  "Previous assignee",
  "Assigned to",
  "Source",
  "Assigned by",
];

/** One log row as the seed's columns: local time, "-" when there is no value, "Unassigned" for an unassignment. */
export function logCells(row: AssignmentLogRow, timeZone: string): string[] {
  return [
    DateTime.fromMillis(row.occurredAt, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm"),
    displayText(row.conversationId),
    displayText(row.contactId),
    displayText(row.contactName),
    displayText(personLabel(row.previousAssignee)),
    row.assignee === null ? "Unassigned" : displayText(personLabel(row.assignee)),
    SOURCE_LABELS[row.source],
    row.source === "user" ? displayText(personLabel(row.assignedBy)) : "-",
  ];
}

/** "Page 2 of 37 · rows 21-40 of 734" (of at most LOG_ROW_CAP: the log pages no further). */
export function pagingText(report: AssignmentsReport): string {
  const { page, pageSize, pageCount, rows, totalRows } = report.log;
  const first = page * pageSize + 1;
  return `Page ${page + 1} of ${pageCount} · rows ${first}-${first + rows.length - 1} of ${formatCount(Math.min(totalRows, LOG_ROW_CAP))}`;
}

/** The seed's 10,000-row cap, said with its way out; null when the log is complete. */
export function cappedText(report: AssignmentsReport): string | null {
  if (!report.log.capped) return null;
  return `The log shows the latest ${formatCount(LOG_ROW_CAP)} of ${formatCount(report.log.totalRows)} assignments; for all of them run: ${exportCommand(report)}`;
}
