// The Assignments report (seeds/assignments-report.fr.txt): counts and shares by source
// and the log of every assignment, for one workspace, period and set of filters.
import { applicableFilters, noDataNotice, type Notice } from "../domain/notices.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { emptyFilters, type ReportRequest } from "../domain/report-request.ts";
import { SOURCE_LABELS, SOURCES, type Source } from "../domain/sources.ts";
import { countBySource, logPage, namesInScope, topAssignees, type AssignmentLogRow, type AssignmentScope } from "../store/assignment-queries.ts";
import { personLabel } from "../domain/person.ts";
import type { SqlReader } from "../store/sql.ts";
import { unmatchedNotices } from "./unmatched-filters.ts";

export const LOG_PAGE_SIZE = 20;
/** The seed's cap on the log table (and on the CSV export from Slack). */
export const LOG_ROW_CAP = 10_000;

export interface SourceShare {
  source: Source;
  label: string;
  count: number;
  /** Percentage of the total, 0-100. */
  share: number;
}

export interface AssignmentsReport {
  report: "assignments";
  request: ReportRequest;
  period: Period;
  total: number;
  unassignments: number;
  /** Sources with at least one assignment, most first. */
  bySource: SourceShare[];
  log: {
    rows: AssignmentLogRow[];
    page: number;
    pageCount: number;
    /** Rows matching, of which at most LOG_ROW_CAP can be paged or exported from Slack. */
    totalRows: number;
    capped: boolean;
  };
  notices: Notice[];
}

export interface ReportContext {
  sql: SqlReader;
  workspaceId: string;
  timeZone: string;
  now?: number;
}

export function assignmentScope(context: ReportContext, request: ReportRequest): { scope: AssignmentScope; period: Period; notice: Notice | null } {
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const { filters, notice } = applicableFilters("assignments", request.filters);
  return { scope: { workspaceId: context.workspaceId, start: period.start, end: period.end, filters }, period, notice };
}

export async function buildAssignmentsReport(context: ReportContext, request: ReportRequest): Promise<AssignmentsReport> {
  const { scope, period, notice } = assignmentScope(context, request);
  const counts = await countBySource(context.sql, scope);
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const shown = Math.min(total, LOG_ROW_CAP);
  const pageCount = Math.max(1, Math.ceil(shown / LOG_PAGE_SIZE));
  const page = Math.min(request.page, pageCount - 1);
  const rows = total === 0 ? [] : await logPage(context.sql, scope, { offset: page * LOG_PAGE_SIZE, limit: LOG_PAGE_SIZE });
  const order = (s: Source) => SOURCES.indexOf(s);
  const notices: Notice[] = [];
  if (notice) notices.push(notice);
  if (total === 0) notices.push(noDataNotice());
  notices.push(...(await unmatchedAssignmentFilters(context, scope, total > 0)));
  return {
    report: "assignments",
    request: { ...request, page },
    period,
    total,
    unassignments: counts.reduce((sum, c) => sum + c.unassignments, 0),
    bySource: counts
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || order(a.source) - order(b.source))
      .map((c) => ({ source: c.source, label: SOURCE_LABELS[c.source], count: c.count, share: (100 * c.count) / total })),
    log: { rows, page, pageCount, totalRows: total, capped: total > LOG_ROW_CAP },
    notices,
  };
}

/** Notices for the name filter values that match no one in the period, with suggestions. */
function unmatchedAssignmentFilters(context: ReportContext, scope: AssignmentScope, counted: boolean): Promise<Notice[]> {
  const period = { ...scope, filters: emptyFilters() };
  return unmatchedNotices(scope.filters, ["assignees", "assignedBy", "contacts"], counted, {
    matches: async (filter, value) => (await countBySource(context.sql, { ...period, filters: { ...emptyFilters(), [filter]: [value] } })).some((c) => c.count > 0),
    names: (filter) => namesInScope(context.sql, period, filter),
  });
}

/** Choices for the assignee filter menu: the period's most frequent assignees. */
export async function assigneeChoices(context: ReportContext, request: ReportRequest): Promise<{ label: string; value: string }[]> {
  const { scope } = assignmentScope(context, request);
  const people = await topAssignees(context.sql, scope, 25);
  // The filter matches id, name or email: prefer the email, the most specific short value.
  return people.map((p) => ({ label: personLabel(p), value: (p.email ?? p.id ?? p.name)! }));
}

/**
 * Every row of the log for the request's scope, newest first, in chunks (constant memory).
 * `cap` stops early: the Slack export stops at LOG_ROW_CAP, the CLI export has none.
 */
export async function* assignmentLogRows(context: ReportContext, request: ReportRequest, cap = Infinity): AsyncGenerator<AssignmentLogRow> {
  const { scope } = assignmentScope(context, request);
  let before: { occurredAt: number; eventId: string } | undefined;
  let sent = 0;
  while (sent < cap) {
    const rows = await logPage(context.sql, scope, { limit: Math.min(5000, cap - sent), before });
    for (const row of rows) yield row;
    sent += rows.length;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    before = { occurredAt: last.occurredAt, eventId: last.eventId };
  }
}
