// respond.io's Assignments report: counts and shares by source
// and the log of every assignment, for one workspace, period and set of filters.
import { LOG_PAGE_SIZE, LOG_ROW_CAP } from "../domain/assignment-log.ts";
import { applicableFilters, noDataNotice, type Notice } from "../domain/notices.ts";
import { resolvePeriod, type Period } from "../domain/periods.ts";
import { previousPeriod, type PreviousPeriod } from "../domain/previous-period.ts";
import { emptyFilters, type Filters, type ReportRequest } from "../domain/report-request.ts";
import { SOURCE_LABELS, SOURCES, type Source } from "../domain/sources.ts";
import {
  assigneeCounts,
  countBySource,
  logPage,
  namesInScope,
  type AssignmentLogRow,
  type AssignmentScope,
} from "../store/queries/assignments.ts";
import { filteredPeople, streamPeople } from "../store/queries/people.ts";
import { distinctLabels, groupByPerson, groupPerson, type People } from "../domain/person-identities.ts";
import { personKey, personLabel, type Person } from "../domain/person.ts";
import type { ReportContext } from "./report-context.ts";
import { unmatchedNotices } from "./unmatched-filters.ts";

export type { AssignmentLogRow };

interface SourceShare {
  readonly source: Source;
  readonly label: string;
  readonly count: number;
  /** Percentage of the total, 0-100. */
  readonly share: number;
}

/** The same counts over the previous period of equal length (docs/definitions.md, "Change vs the previous period"). */
interface AssignmentsBefore {
  readonly period: PreviousPeriod;
  readonly total: number;
  readonly unassignments: number;
  /** Assignments per source then; a source missing had none. */
  readonly bySource: Readonly<Partial<Record<Source, number>>>;
}

export interface AssignmentsReport {
  readonly report: "assignments";
  /** As asked (Slack mentions as typed), with the page shown. */
  readonly request: ReportRequest;
  readonly period: Period;
  readonly total: number;
  readonly unassignments: number;
  /** Sources with at least one assignment, most first. */
  readonly bySource: readonly SourceShare[];
  readonly previous: AssignmentsBefore;
  readonly log: {
    readonly rows: readonly AssignmentLogRow[];
    readonly page: number;
    readonly pageSize: number;
    readonly pageCount: number;
    /** Rows matching, of which at most LOG_ROW_CAP can be paged or exported from Slack. */
    readonly totalRows: number;
    readonly capped: boolean;
  };
  readonly notices: readonly Notice[];
}

/** What of the report context the Assignments report reads. */
export type AssignmentsContext = Pick<ReportContext, "db" | "workspaceId" | "timeZone" | "now">;

/** The assignee identities an assignee: filter selects: every identity of each person it matches (docs/definitions.md, "Who is who"). */
async function selectedAssignees(context: AssignmentsContext, people: People, values: readonly string[]): Promise<Person[]> {
  return (await filteredPeople(context.db, context.workspaceId, "assignments", people, values)).flatMap((g) => g.identities);
}

/**
 * The request's scope; `people` (the assignee identities) is loaded only when an assignee:
 * filter needs it. `queryFilters`: the request's filters as the queries match them.
 */
async function assignmentScope(
  context: AssignmentsContext,
  request: ReportRequest,
  queryFilters: Filters,
): Promise<{ scope: AssignmentScope; period: Period; notice: Notice | null; people: People | null }> {
  const period = resolvePeriod(request.period, context.timeZone, context.now);
  const { filters, notice } = applicableFilters("assignments", queryFilters);
  const people = filters.assignees.length > 0 ? await streamPeople(context.db, context.workspaceId, "assignments") : null;
  const assignees = people ? await selectedAssignees(context, people, filters.assignees) : null;
  return { scope: { workspaceId: context.workspaceId, start: period.start, end: period.end, filters, assignees }, period, notice, people };
}

/** `queryFilters`: the filters as the queries match them (Slack mentions resolved to emails); the result keeps `request` as asked. */
export async function buildAssignmentsReport(
  context: AssignmentsContext,
  request: ReportRequest,
  queryFilters: Filters = request.filters,
  pageSize = LOG_PAGE_SIZE,
): Promise<AssignmentsReport> {
  const { scope, period, notice, people } = await assignmentScope(context, request, queryFilters);
  const before = previousPeriod(period);
  const [counts, countsBefore] = await Promise.all([
    countBySource(context.db, scope),
    countBySource(context.db, { ...scope, start: before.start, end: before.end }),
  ]);
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const shown = Math.min(total, LOG_ROW_CAP);
  const pageCount = Math.max(1, Math.ceil(shown / pageSize));
  const page = Math.min(request.page, pageCount - 1);
  const rows = total === 0 ? [] : await logPage(context.db, scope, { offset: page * pageSize, limit: pageSize });
  const order = (s: Source) => SOURCES.indexOf(s);
  const notices: Notice[] = [];
  if (notice) notices.push(notice);
  if (total === 0) notices.push(noDataNotice());
  notices.push(...(await unmatchedAssignmentFilters(context, scope, people, total > 0)));
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
    previous: {
      period: before,
      total: countsBefore.reduce((sum, c) => sum + c.count, 0),
      unassignments: countsBefore.reduce((sum, c) => sum + c.unassignments, 0),
      bySource: Object.fromEntries(countsBefore.filter((c) => c.count > 0).map((c) => [c.source, c.count])),
    },
    log: { rows, page, pageSize, pageCount, totalRows: total, capped: total > LOG_ROW_CAP },
    notices,
  };
}

/**
 * Notices for the name filter values that match no one in the period, with suggestions: for
 * assignee:, the names its people (person_identities) were assigned under in the period.
 */
function unmatchedAssignmentFilters(
  context: AssignmentsContext,
  scope: AssignmentScope,
  people: People | null,
  counted: boolean,
): Promise<Notice[]> {
  const period: AssignmentScope = { ...scope, filters: emptyFilters(), assignees: null };
  return unmatchedNotices(scope.filters, ["assignees", "assignedBy", "contacts"], counted, {
    matches: async (filter, value) => {
      const alone = { ...period, filters: { ...emptyFilters(), [filter]: [value] } };
      // An assignee: value means the scope loaded the people.
      if (filter === "assignees") alone.assignees = await selectedAssignees(context, people!, [value]);
      return (await countBySource(context.db, alone)).some((c) => c.count > 0);
    },
    names: async (filter) =>
      filter === "assignees"
        ? (await assigneeCounts(context.db, period)).map((c) => personLabel(c.person))
        : namesInScope(context.db, period, filter),
  });
}

/**
 * Choices for the assignee filter menu: the period's most frequent assignees, one per person
 * (docs/definitions.md, "Who is who"), each labelled apart from any other of the same name.
 */
export async function assigneeChoices(context: AssignmentsContext, request: ReportRequest): Promise<{ label: string; value: string }[]> {
  const { scope, people: loaded } = await assignmentScope(context, request, request.filters);
  const [counted, people] = await Promise.all([
    assigneeCounts(context.db, scope),
    loaded ?? streamPeople(context.db, context.workspaceId, "assignments"),
  ]);
  // Each person as most often sent in the period (ties in a fixed order).
  const asSent = (c: { person: Person }) => JSON.stringify([c.person.id, c.person.name, c.person.email]);
  const top = groupByPerson(people, counted, (c) => personKey(c.person)).map(({ group, items }) => ({
    key: group.key,
    n: items.reduce((sum, c) => sum + c.n, 0),
    person: groupPerson(
      group,
      items.sort((a, b) => b.n - a.n || (asSent(a) < asSent(b) ? -1 : 1)).map((c) => c.person),
    ),
  }));
  const labels = distinctLabels(top);
  return (
    top
      .sort((a, b) => b.n - a.n || labels.get(a.key)!.localeCompare(labels.get(b.key)!))
      .slice(0, 25)
      // The filter matches id, name or email: prefer the email, the most specific short value.
      .map((p) => ({ label: labels.get(p.key)!, value: (p.person.email ?? p.person.id ?? p.person.name)! }))
  );
}

/**
 * Every row of the log for the request's scope, newest first, in chunks (constant memory).
 * `cap` stops early: the Slack export stops at LOG_ROW_CAP, the CLI export has none.
 */
export async function* assignmentLogRows(
  context: AssignmentsContext,
  request: ReportRequest,
  cap = Infinity,
): AsyncGenerator<AssignmentLogRow> {
  const { scope } = await assignmentScope(context, request, request.filters);
  let before: { occurredAt: number; tieRank: number; eventId: string } | undefined;
  let sent = 0;
  while (sent < cap) {
    const rows = await logPage(context.db, scope, { limit: Math.min(5000, cap - sent), before });
    for (const row of rows) yield row;
    sent += rows.length;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    before = { occurredAt: last.occurredAt, tieRank: last.tieRank, eventId: last.eventId };
  }
}
