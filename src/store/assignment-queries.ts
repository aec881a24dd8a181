// Report queries over assignments: counts by source and pages of the log, for one
// workspace, one period and the request's filters.
import { personFromColumns, type Person } from "../domain/person.ts";
import type { Filters } from "../domain/report-request.ts";
import { SOURCES, type Source } from "../domain/sources.ts";
import type { AssignmentRow } from "./assignment-store.ts";
import { anyOf, likePattern, personMatch } from "./filter-sql.ts";
import { timestampParam, type Dialect, type Param, type SqlReader } from "./sql.ts";

export interface AssignmentScope {
  workspaceId: string;
  start: number;
  end: number;
  filters: Filters;
}

export interface SourceCount {
  source: Source;
  count: number;
  unassignments: number;
}

/** A row of the log is a stored assignment as written. */
export type AssignmentLogRow = AssignmentRow;

/** The WHERE clause of a scope; every query starts with the workspace. */
export function scopeWhere(dialect: Dialect, scope: AssignmentScope): { where: string; params: Param[] } {
  const params: Param[] = [scope.workspaceId, scope.start, scope.end];
  const at = timestampParam(dialect);
  const clauses = ["workspace_id = ?", `occurred_at >= ${at}`, `occurred_at < ${at}`];
  const { sources, assignees, assignedBy, contacts, conversations } = scope.filters;
  if (sources.length > 0) {
    clauses.push(`source IN (${sources.map(() => "?").join(", ")})`);
    params.push(...sources);
  }
  if (assignees.length > 0) clauses.push(personMatch("assignee", assignees, params));
  if (assignedBy.length > 0) clauses.push(personMatch("assigned_by", assignedBy, params));
  if (contacts.length > 0) {
    clauses.push(
      anyOf(
        contacts.map((value) => {
          params.push(value, likePattern(value));
          return `(contact_id = ? OR LOWER(contact_name) LIKE ? ESCAPE '\\')`;
        }),
      ),
    );
  }
  if (conversations.length > 0) {
    clauses.push(`conversation_id IN (${conversations.map(() => "?").join(", ")})`);
    params.push(...conversations);
  }
  return { where: clauses.join(" AND "), params };
}

export async function countBySource(tx: SqlReader, scope: AssignmentScope): Promise<SourceCount[]> {
  // Naming every source when none is asked for (ingest accepts no other) lets the planner
  // read assignments_report_counts_idx one source range at a time: it holds every column the
  // counts need and comes out grouped, so no table look-ups and no sort, where
  // (workspace_id, occurred_at) would look up every row of the period in the table.
  const sources = scope.filters.sources.length > 0 ? scope.filters.sources : [...SOURCES];
  const { where, params } = scopeWhere(tx.dialect, { ...scope, filters: { ...scope.filters, sources } });
  const rows = await tx.query<{ source: Source; n: number; unassigned: number }>(
    `SELECT source, COUNT(*) AS n,
            SUM(CASE WHEN assignee_id IS NULL AND assignee_name IS NULL AND assignee_email IS NULL THEN 1 ELSE 0 END) AS unassigned
     FROM assignments WHERE ${where} GROUP BY source`,
    params,
  );
  return rows.map((r) => ({ source: r.source, count: Number(r.n), unassignments: Number(r.unassigned) }));
}

type LogHit = Record<string, unknown> & { event_id: string; occurred_at: number; contact_id: string; source: Source };

export interface LogWindow {
  limit: number;
  offset?: number;
  /** Keyset paging for long exports: only rows older than this one. */
  before?: { occurredAt: number; eventId: string };
}

/** Newest first; ties broken by event id so pages never overlap. */
export async function logPage(tx: SqlReader, scope: AssignmentScope, window: LogWindow): Promise<AssignmentLogRow[]> {
  const { where: scoped, params } = scopeWhere(tx.dialect, scope);
  let where = scoped;
  if (window.before) {
    const at = timestampParam(tx.dialect);
    where += ` AND (occurred_at < ${at} OR (occurred_at = ${at} AND event_id < ?))`;
    params.push(window.before.occurredAt, window.before.occurredAt, window.before.eventId);
  }
  const rows = await tx.query<LogHit>(
    `SELECT event_id, occurred_at, conversation_id, contact_id, contact_name,
            previous_assignee_id, previous_assignee_name, previous_assignee_email,
            assignee_id, assignee_name, assignee_email, source,
            assigned_by_id, assigned_by_name, assigned_by_email
     FROM assignments WHERE ${where}
     ORDER BY occurred_at DESC, event_id DESC LIMIT ? OFFSET ?`,
    [...params, window.limit, window.offset ?? 0],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    occurredAt: Number(r.occurred_at),
    conversationId: (r.conversation_id as string | null) ?? null,
    contactId: r.contact_id,
    contactName: (r.contact_name as string | null) ?? null,
    previousAssignee: personFromColumns(r.previous_assignee_id, r.previous_assignee_name, r.previous_assignee_email),
    assignee: personFromColumns(r.assignee_id, r.assignee_name, r.assignee_email),
    source: r.source,
    assignedBy: personFromColumns(r.assigned_by_id, r.assigned_by_name, r.assigned_by_email),
  }));
}

/** The most frequent assignees in the scope (ignoring its assignee filter), for the filter menu. */
export async function topAssignees(tx: SqlReader, scope: AssignmentScope, limit: number): Promise<Person[]> {
  const { where, params } = scopeWhere(tx.dialect, { ...scope, filters: { ...scope.filters, assignees: [] } });
  const rows = await tx.query<{ assignee_id: string | null; assignee_name: string | null; assignee_email: string | null }>(
    `SELECT assignee_id, assignee_name, assignee_email, COUNT(*) AS n FROM assignments
     WHERE ${where} AND (assignee_id IS NOT NULL OR assignee_name IS NOT NULL OR assignee_email IS NOT NULL)
     GROUP BY assignee_id, assignee_name, assignee_email ORDER BY n DESC LIMIT ?`,
    [...params, limit],
  );
  return rows.map((r) => personFromColumns(r.assignee_id, r.assignee_name, r.assignee_email)!);
}
