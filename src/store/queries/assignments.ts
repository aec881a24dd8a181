// Report queries over assignments: counts by source and pages of the log, for one
// workspace, one period and the request's filters. Counts come from the hourly
// assignment_counts (src/store/events/assignment-counts.ts) wherever the filters allow, and from
// the rows themselves for the parts of the period that are not whole UTC hours.
import { personFromColumns, personLabel, type Person } from "../../domain/person.ts";
import type { Filters } from "../../domain/report-request.ts";
import type { Source } from "../../domain/sources.ts";
import type { AssignmentRow } from "../events/assignments.ts";
import { anyOf, contactMatch, personMatch } from "./filter-sql.ts";
import { timestampParam, type Dialect, type Param, type SqlReader } from "../engine/sql.ts";

export interface AssignmentScope {
  workspaceId: string;
  start: number;
  end: number;
  filters: Filters;
  /**
   * The assignee identities (person_identities) that the assignee: filter selects, resolved
   * from its values: every identity of each person it matches; null without that filter.
   */
  assignees: readonly Person[] | null;
}

export interface SourceCount {
  source: Source;
  count: number;
  unassignments: number;
}

/** A row of the log is a stored assignment as written, with its rank among same-instant ones of the contact. */
export type AssignmentLogRow = AssignmentRow & { tieRank: number };

/**
 * The WHERE clause of a scope; every query starts with the workspace. `timeColumn` is
 * `hour` for assignment_counts, which has the same source and assignee columns.
 */
function scopeWhere(dialect: Dialect, scope: AssignmentScope, timeColumn = "occurred_at"): { where: string; params: Param[] } {
  const params: Param[] = [scope.workspaceId, scope.start, scope.end];
  const at = timestampParam(dialect);
  const clauses = ["workspace_id = ?", `${timeColumn} >= ${at}`, `${timeColumn} < ${at}`];
  const { sources, assignedBy, contacts, conversations } = scope.filters;
  if (sources.length > 0) {
    clauses.push(`source IN (${sources.map(() => "?").join(", ")})`);
    params.push(...sources);
  }
  if (scope.assignees !== null) clauses.push(assigneeIn(scope.assignees, params, timeColumn === "hour" ? "empty" : "null"));
  if (assignedBy.length > 0) clauses.push(personMatch(dialect, "assigned_by", assignedBy, params));
  if (contacts.length > 0) clauses.push(contactMatch(contacts, params));
  if (conversations.length > 0) {
    clauses.push(`conversation_id IN (${conversations.map(() => "?").join(", ")})`);
    params.push(...conversations);
  }
  return { where: clauses.join(" AND "), params };
}

/**
 * The assignee is one of these identities: its key's column (personKey: the id, else the
 * email, else the name) equals theirs. `absent` is how the table writes a missing part:
 * NULL in assignments, '' in assignment_counts. Plain column comparisons keep the planner's
 * estimates: with COALESCE on each part PostgreSQL guessed almost no rows matched and read the
 * period's every row for the log's first page (assignee:<email>, 1M rows: 46 -> 172 ms).
 */
function assigneeIn(identities: readonly Person[], params: Param[], absent: "null" | "empty"): string {
  const missing = (column: string) => (absent === "null" ? `${column} IS NULL` : `${column} = ''`);
  const ids = new Set<string>();
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const p of identities) {
    if (p.id !== null) ids.add(p.id);
    else if (p.email !== null) emails.add(p.email);
    else names.add(p.name!);
  }
  const oneOf = (values: Set<string>) => {
    params.push(...values);
    return values.size === 1 ? "= ?" : `IN (${[...values].map(() => "?").join(", ")})`;
  };
  const clauses: string[] = [];
  if (ids.size > 0) clauses.push(`assignee_id ${oneOf(ids)}`);
  if (emails.size > 0) clauses.push(`(${missing("assignee_id")} AND assignee_email ${oneOf(emails)})`);
  if (names.size > 0) clauses.push(`(${missing("assignee_id")} AND ${missing("assignee_email")} AND assignee_name ${oneOf(names)})`);
  return clauses.length === 0 ? "1 = 0" : anyOf(clauses);
}

const HOUR = 3_600_000;

/** Whether assignment_counts can answer: it knows sources and assignees, not the other filters. */
function countable(filters: Filters): boolean {
  return filters.assignedBy.length === 0 && filters.contacts.length === 0 && filters.conversations.length === 0;
}

/**
 * The scope's whole UTC hours (read from assignment_counts) and the parts before and after
 * them (read from the rows). A local-day period is whole hours in every zone with a whole-hour
 * offset; "today" ends at the current instant, so its last part is under an hour of rows.
 */
function splitByHour(scope: AssignmentScope): { hours: AssignmentScope | null; edges: AssignmentScope[] } {
  const first = Math.ceil(scope.start / HOUR) * HOUR;
  const last = Math.floor(scope.end / HOUR) * HOUR;
  if (first >= last) return { hours: null, edges: [scope] };
  const edges = [...(scope.start < first ? [{ ...scope, end: first }] : []), ...(last < scope.end ? [{ ...scope, start: last }] : [])];
  return { hours: { ...scope, start: first, end: last }, edges };
}

/** Runs `fromHours` on the whole hours and `fromRows` on the rest (or on everything when the filters need the rows). */
async function hoursAndRows<T>(
  scope: AssignmentScope,
  fromHours: (hours: AssignmentScope) => Promise<T[]>,
  fromRows: (part: AssignmentScope) => Promise<T[]>,
): Promise<T[]> {
  if (!countable(scope.filters)) return fromRows(scope);
  const { hours, edges } = splitByHour(scope);
  const parts = await Promise.all([...(hours ? [fromHours(hours)] : []), ...edges.map(fromRows)]);
  return parts.flat();
}

type CountRow = { source: Source; n: number | string; unassigned: number | string };

export async function countBySource(tx: SqlReader, scope: AssignmentScope): Promise<SourceCount[]> {
  const rows = await hoursAndRows<CountRow>(
    scope,
    (hours) => {
      const { where, params } = scopeWhere(tx.dialect, hours, "hour");
      return tx.query(
        `SELECT source, SUM(n) AS n, SUM(CASE WHEN assignee_id = '' AND assignee_name = '' AND assignee_email = '' THEN n ELSE 0 END) AS unassigned
         FROM assignment_counts WHERE ${where} GROUP BY source`,
        params,
      );
    },
    (part) => {
      const { where, params } = scopeWhere(tx.dialect, part);
      return tx.query(
        `SELECT source, COUNT(*) AS n, SUM(CASE WHEN assignee_id IS NULL AND assignee_name IS NULL AND assignee_email IS NULL THEN 1 ELSE 0 END) AS unassigned
         FROM assignments WHERE ${where} GROUP BY source`,
        params,
      );
    },
  );
  const bySource = new Map<Source, SourceCount>();
  for (const r of rows) {
    const counted = bySource.get(r.source) ?? { source: r.source, count: 0, unassignments: 0 };
    counted.count += Number(r.n);
    counted.unassignments += Number(r.unassigned);
    bySource.set(r.source, counted);
  }
  return [...bySource.values()];
}

type LogHit = Record<string, unknown> & { event_id: string; occurred_at: number; tie_rank: number; contact_id: string; source: Source };

export interface LogWindow {
  limit: number;
  offset?: number;
  /** Keyset paging for long exports: only rows older than this one. */
  before?: { occurredAt: number; tieRank: number; eventId: string };
}

/** Newest first: a contact's same-instant assignments latest received first, then by event id so that pages never overlap. */
export async function logPage(tx: SqlReader, scope: AssignmentScope, window: LogWindow): Promise<AssignmentLogRow[]> {
  const { where: scoped, params } = scopeWhere(tx.dialect, scope);
  let where = scoped;
  if (window.before) {
    const at = timestampParam(tx.dialect);
    where += ` AND (occurred_at < ${at} OR (occurred_at = ${at} AND (tie_rank < ? OR (tie_rank = ? AND event_id < ?))))`;
    const { occurredAt, tieRank, eventId } = window.before;
    params.push(occurredAt, occurredAt, tieRank, tieRank, eventId);
  }
  const rows = await tx.query<LogHit>(
    `SELECT event_id, occurred_at, tie_rank, conversation_id, contact_id, contact_name,
            previous_assignee_id, previous_assignee_name, previous_assignee_email,
            assignee_id, assignee_name, assignee_email, source,
            assigned_by_id, assigned_by_name, assigned_by_email
     FROM assignments WHERE ${where}
     ORDER BY occurred_at DESC, tie_rank DESC, event_id DESC LIMIT ? OFFSET ?`,
    [...params, window.limit, window.offset ?? 0],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    occurredAt: Number(r.occurred_at),
    tieRank: Number(r.tie_rank),
    conversationId: (r.conversation_id as string | null) ?? null,
    contactId: r.contact_id,
    contactName: (r.contact_name as string | null) ?? null,
    previousAssignee: personFromColumns(r.previous_assignee_id, r.previous_assignee_name, r.previous_assignee_email),
    assignee: personFromColumns(r.assignee_id, r.assignee_name, r.assignee_email),
    source: r.source,
    assignedBy: personFromColumns(r.assigned_by_id, r.assigned_by_name, r.assigned_by_email),
  }));
}

type AssigneeRow = { assignee_id: string | null; assignee_name: string | null; assignee_email: string | null; n: number | string };

/** How many assignments each assignee (as sent) has in the scope, ignoring its assignee filter: for the filter menu. */
export async function assigneeCounts(tx: SqlReader, scope: AssignmentScope): Promise<{ person: Person; n: number }[]> {
  const rows = await hoursAndRows<AssigneeRow>(
    { ...scope, filters: { ...scope.filters, assignees: [] }, assignees: null },
    (hours) => {
      const { where, params } = scopeWhere(tx.dialect, hours, "hour");
      return tx.query(
        `SELECT assignee_id, assignee_name, assignee_email, SUM(n) AS n FROM assignment_counts
         WHERE ${where} AND (assignee_id <> '' OR assignee_name <> '' OR assignee_email <> '')
         GROUP BY assignee_id, assignee_name, assignee_email`,
        params,
      );
    },
    (part) => {
      const { where, params } = scopeWhere(tx.dialect, part);
      return tx.query(
        `SELECT assignee_id, assignee_name, assignee_email, COUNT(*) AS n FROM assignments
         WHERE ${where} AND (assignee_id IS NOT NULL OR assignee_name IS NOT NULL OR assignee_email IS NOT NULL)
         GROUP BY assignee_id, assignee_name, assignee_email`,
        params,
      );
    },
  );
  // assignment_counts writes a missing column as ''.
  const counts = new Map<string, { person: Person; n: number }>();
  for (const r of rows) {
    const person = personFromColumns(r.assignee_id || null, r.assignee_name || null, r.assignee_email || null)!;
    const key = JSON.stringify([person.id, person.name, person.email]);
    const counted = counts.get(key) ?? { person, n: 0 };
    counted.n += Number(r.n);
    counts.set(key, counted);
  }
  return [...counts.values()];
}

type PersonHit = { id: string | null; name: string | null; email: string | null };

/**
 * Who the scope's rows name as assigner or contact, each once, as shown (a person's name, else
 * email, else id; a contact's name): the candidates when a filter value matches no one.
 */
export async function namesInScope(tx: SqlReader, scope: AssignmentScope, role: "assignedBy" | "contacts"): Promise<string[]> {
  const { where, params } = scopeWhere(tx.dialect, scope);
  if (role === "contacts") {
    const rows = await tx.query<{ name: string }>(
      `SELECT DISTINCT contact_name AS name FROM assignments WHERE ${where} AND contact_name IS NOT NULL`,
      params,
    );
    return rows.map((r) => r.name);
  }
  const rows = await tx.query<PersonHit>(
    `SELECT DISTINCT assigned_by_id AS id, assigned_by_name AS name, assigned_by_email AS email FROM assignments
     WHERE ${where} AND (assigned_by_id IS NOT NULL OR assigned_by_name IS NOT NULL OR assigned_by_email IS NOT NULL)`,
    params,
  );
  return [...new Set(rows.map((r) => personLabel(personFromColumns(r.id, r.name, r.email))))];
}
