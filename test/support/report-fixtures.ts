// Hand-built AssignmentsReport values for the rendering tests (blocks, charts, terminal):
// shaped as buildAssignmentsReport shapes them, without a database.
import { applicableFilters, noDataNotice, type Notice } from "../../src/domain/notices.ts";
import { resolvePeriod, type PeriodSpec } from "../../src/domain/periods.ts";
import { previousPeriod } from "../../src/domain/previous-period.ts";
import { emptyFilters, type Filters, type ReportName } from "../../src/domain/report-request.ts";
import { SOURCE_LABELS, SOURCES, type Source } from "../../src/domain/sources.ts";
import { LOG_PAGE_SIZE, LOG_ROW_CAP } from "../../src/domain/assignment-log.ts";
import type { AssignmentLogRow, AssignmentsReport } from "../../src/reports/assignments-report.ts";

export const TIME_ZONE = "Europe/Paris";
/** Mon 23 Nov 2026, 16:00 in Paris. */
export const NOW = Date.UTC(2026, 10, 23, 15, 0);
/** A contact name that would ping a channel and turn bold if it reached mrkdwn raw. */
export const HOSTILE_NAME = "<!channel> *x* & co";

/** All 10 sources, 734 assignments. */
const ALL_SOURCE_COUNTS: Record<Source, number> = {
  workflow: 210,
  user: 150,
  bot: 100,
  developer_api: 80,
  zapier: 60,
  contact_import: 50,
  close_conversation: 35,
  click_to_chat_ad: 25,
  create: 14,
  unknown: 10,
};

const person = (name: string) => ({ id: `agent-${name.toLowerCase()}`, name, email: `${name.toLowerCase()}@example.com` });

/**
 * A page of the log, newest first, one row a minute before the period's end. The first rows
 * hold the cases worth seeing: the hostile contact name, an unassignment, a user-source row
 * with its assigner, a row without a previous assignee nor a conversation.
 */
function logRows(count: number, end: number): AssignmentLogRow[] {
  return Array.from({ length: count }, (_, i) => {
    const row: AssignmentLogRow = {
      eventId: `evt-${String(i).padStart(4, "0")}`,
      occurredAt: end - (i + 1) * 60_000,
      tieRank: 0,
      conversationId: `conv-${100 + i}`,
      contactId: `contact-${i}`,
      contactName: `Contact ${i}`,
      previousAssignee: person("Camille"),
      assignee: person("Dominique"),
      source: SOURCES[i % SOURCES.length]!,
      assignedBy: null,
    };
    if (i === 0) row.contactName = HOSTILE_NAME;
    if (i === 1) Object.assign(row, { assignee: null, source: "close_conversation" });
    if (i === 2) Object.assign(row, { source: "user", assignedBy: person("Morgan") });
    if (i === 3) Object.assign(row, { previousAssignee: null, conversationId: null, contactName: null });
    return row;
  });
}

/** The notices a report built with these filters carries, as the report builders add them. */
export function fixtureNotices(report: ReportName, filters: Filters, empty: boolean): Notice[] {
  const { notice } = applicableFilters(report, filters);
  return [...(notice ? [notice] : []), ...(empty ? [noDataNotice()] : [])];
}

export interface ReportFixture {
  counts?: Partial<Record<Source, number>>;
  unassignments?: number;
  page?: number;
  filters?: Partial<Filters>;
  period?: PeriodSpec;
  /** Rows matching, when more than the counts say (the capped case). */
  totalRows?: number;
  /** The previous period's counts (default: each source's count minus a tenth, rounded; "empty": none). */
  previousCounts?: Partial<Record<Source, number>> | "empty";
  /** Rows per page of the log (default LOG_PAGE_SIZE). */
  pageSize?: number;
}

/** By default: all 10 sources, 734 assignments, page 2 of 37, last 30 days in Paris. */
export function buildReport(fixture: ReportFixture = {}): AssignmentsReport {
  const counts = fixture.counts ?? ALL_SOURCE_COUNTS;
  const filters = { ...emptyFilters(), ...fixture.filters };
  const period = resolvePeriod(fixture.period ?? { preset: "last-30-days" }, TIME_ZONE, NOW);
  const sources = SOURCES.filter((s) => (counts[s] ?? 0) > 0);
  const total = sources.reduce((sum, s) => sum + counts[s]!, 0);
  const totalRows = fixture.totalRows ?? total;
  const shown = Math.min(totalRows, LOG_ROW_CAP);
  const pageSize = fixture.pageSize ?? LOG_PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(shown / pageSize));
  const page = Math.min(fixture.page ?? 1, pageCount - 1);
  const before =
    fixture.previousCounts === "empty"
      ? {}
      : (fixture.previousCounts ?? Object.fromEntries(sources.map((s) => [s, Math.round(counts[s]! * 0.9)])));
  const beforeTotal = Object.values(before).reduce((sum, n) => sum + n, 0);
  return {
    report: "assignments",
    request: { report: "assignments", period: period.spec, filters, page },
    period,
    total,
    unassignments: fixture.unassignments ?? (total === 0 ? 0 : 12),
    bySource: sources
      .map((source) => ({ source, label: SOURCE_LABELS[source], count: counts[source]!, share: (100 * counts[source]!) / total }))
      .sort((a, b) => b.count - a.count),
    previous: {
      period: previousPeriod(period),
      total: beforeTotal,
      unassignments: beforeTotal === 0 ? 0 : 10,
      bySource: before,
    },
    log: {
      rows: logRows(Math.max(0, Math.min(pageSize, shown - page * pageSize)), period.end),
      page,
      pageSize,
      pageCount,
      totalRows,
      capped: totalRows > LOG_ROW_CAP,
    },
    notices: fixtureNotices("assignments", filters, total === 0),
  };
}
