// Assignment rows: the bulk insert, and the set-based look-ups and rewrites the writer of
// previous assignees needs (src/store/events/workspace-writes.ts): one statement for hundreds
// of contacts or rows, never one per contact or row.
import type { StoredAround, StoredStep } from "../../domain/assignment-history.ts";
import { foldedOrNull } from "../../domain/name-matching.ts";
import { personFromColumns, type Person } from "../../domain/person.ts";
import type { Source } from "../../domain/sources.ts";
import { addAssignmentCounts } from "./assignment-counts.ts";
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { addIdentities } from "./person-identities.ts";
import { pgMillisToTimestamp, type Param, type SqlExecutor } from "../engine/sql.ts";

export interface AssignmentRow {
  eventId: string;
  occurredAt: number;
  conversationId: string | null;
  contactId: string;
  contactName: string | null;
  previousAssignee: Person | null;
  assignee: Person | null;
  source: Source;
  assignedBy: Person | null;
}

const personColumns = (prefix: string): Column[] => [
  { name: `${prefix}_id`, type: "text" },
  { name: `${prefix}_name`, type: "text" },
  { name: `${prefix}_email`, type: "text" },
];

/** A row to insert: whether its previous assignee was derived (may be rewritten later) or sent. */
export interface NewAssignment extends AssignmentRow {
  previousDerived: boolean;
  /** Its place among the contact's assignments at the same instant: 0, 1... in the order received. */
  tieRank: number;
}

const COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "event_id", type: "text" },
  { name: "occurred_at", type: "timestamp" },
  { name: "conversation_id", type: "text" },
  { name: "contact_id", type: "text" },
  { name: "contact_name", type: "text" },
  ...personColumns("previous_assignee"),
  ...personColumns("assignee"),
  { name: "source", type: "text" },
  ...personColumns("assigned_by"),
  { name: "previous_assignee_derived", type: "boolean" },
  { name: "tie_rank", type: "integer" },
  // What the contact: and by: filters match names on (src/store/queries/filter-sql.ts).
  { name: "contact_name_folded", type: "text" },
  { name: "assigned_by_name_folded", type: "text" },
];

/** Inserts the rows (a stored id is skipped) and counts the new ones in assignment_counts; true per row stored. */
export async function insertAssignments(tx: SqlExecutor, workspaceId: string, rows: readonly NewAssignment[]): Promise<boolean[]> {
  // Written out (no spreads): this runs for every event of a bulk ingest.
  const values = rows.map((r): Param[] => {
    const previous = r.previousAssignee;
    const assignee = r.assignee;
    const by = r.assignedBy;
    return [
      workspaceId,
      r.eventId,
      r.occurredAt,
      r.conversationId,
      r.contactId,
      r.contactName,
      previous?.id ?? null,
      previous?.name ?? null,
      previous?.email ?? null,
      assignee?.id ?? null,
      assignee?.name ?? null,
      assignee?.email ?? null,
      r.source,
      by?.id ?? null,
      by?.name ?? null,
      by?.email ?? null,
      // 1/0 rather than a boolean: SQLite takes no booleans (each row would be copied), and
      // PostgreSQL's bool[] reads '1' and '0'.
      r.previousDerived ? 1 : 0,
      r.tieRank,
      foldedOrNull(r.contactName),
      foldedOrNull(by?.name),
    ];
  });
  const stored = await insertRows(tx, "assignments", COLUMNS, values, "event_id");
  const storedRows = rows.filter((_, i) => stored[i]);
  await addAssignmentCounts(tx, workspaceId, storedRows);
  await addIdentities(
    tx,
    workspaceId,
    "assignments",
    storedRows.map((r) => r.assignee),
  );
  return stored;
}

type StoredHit = {
  contact_id: string;
  event_id: string;
  occurred_at: number;
  tie_rank: number;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  previous_assignee_id: string | null;
  previous_assignee_name: string | null;
  previous_assignee_email: string | null;
  previous_assignee_derived: number | boolean;
};

const STORED_COLUMNS = `a.contact_id, a.event_id, a.occurred_at, a.tie_rank, a.assignee_id, a.assignee_name, a.assignee_email,
  a.previous_assignee_id, a.previous_assignee_name, a.previous_assignee_email, a.previous_assignee_derived`;
const storedStep = (hit: StoredHit): StoredStep => ({
  eventId: hit.event_id,
  occurredAt: Number(hit.occurred_at),
  tieRank: Number(hit.tie_rank),
  assignee: personFromColumns(hit.assignee_id, hit.assignee_name, hit.assignee_email),
  previousAssignee: personFromColumns(hit.previous_assignee_id, hit.previous_assignee_name, hit.previous_assignee_email),
  previousDerived: Boolean(hit.previous_assignee_derived),
});

/** Per contact that has one: its latest stored assignment. */
export async function latestAssignments(
  tx: SqlExecutor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, StoredStep>> {
  const found = new Map<string, StoredStep>();
  const record = (hit: StoredHit) => found.set(hit.contact_id, storedStep(hit));
  if (tx.dialect === "sqlite") {
    // Hundreds of contacts per statement: the index seeks run inside SQLite, not one call each.
    // The index entry's rowid leads straight to the row (no second seek through the primary key).
    for (let start = 0; start < contactIds.length; start += 400) {
      const chunk = contactIds.slice(start, start + 400);
      const hits = await tx.query<StoredHit>(
        `WITH p(contact_id) AS (VALUES ${chunk.map(() => "(?)").join(", ")})
         SELECT ${STORED_COLUMNS.replace("a.contact_id", "p.contact_id")}
         FROM p JOIN assignments a ON a.rowid = (
           SELECT b.rowid FROM assignments b WHERE b.workspace_id = ? AND b.contact_id = p.contact_id
           ORDER BY b.occurred_at DESC, b.tie_rank DESC, b.event_id DESC LIMIT 1)`,
        [...chunk, workspaceId],
      );
      hits.forEach(record);
    }
    return found;
  }
  for (let start = 0; start < contactIds.length; start += 5000) {
    const chunk = contactIds.slice(start, start + 5000);
    // LATERAL ... LIMIT 1: one backward index step per contact, however long its history.
    const hits = await tx.query<StoredHit>(
      `SELECT ${STORED_COLUMNS.replace("a.contact_id", "p.contact_id")}
       FROM unnest(?::text[]) AS p(contact_id)
       JOIN LATERAL (
         SELECT * FROM assignments
         WHERE workspace_id = ? AND contact_id = p.contact_id
         ORDER BY occurred_at DESC, tie_rank DESC, event_id DESC LIMIT 1) a ON true`,
      [chunk, workspaceId] as unknown as Param[],
    );
    hits.forEach(record);
  }
  return found;
}

const CONTACT_ORDER = "ORDER BY a.contact_id, a.occurred_at, a.tie_rank, a.event_id";

/**
 * Per contact, what is stored around an instant (a late batch's earliest of the contact):
 * its assignee just before, and its assignments from the instant on. One statement per
 * chunk of contacts: each reads the contact's rows from its latest instant before on, in order.
 */
export async function assignmentsAround(
  tx: SqlExecutor,
  workspaceId: string,
  probes: ReadonlyMap<string, number>,
): Promise<Map<string, StoredAround>> {
  const found = new Map<string, StoredAround & { from: StoredStep[] }>();
  for (const contactId of probes.keys()) found.set(contactId, { before: null, from: [] });
  const record = (hit: StoredHit) => {
    const around = found.get(hit.contact_id)!;
    if (Number(hit.occurred_at) < probes.get(hit.contact_id)!)
      around.before = personFromColumns(hit.assignee_id, hit.assignee_name, hit.assignee_email);
    else around.from.push(storedStep(hit));
  };
  const entries = [...probes];
  if (tx.dialect === "sqlite") {
    for (let start = 0; start < entries.length; start += 400) {
      const chunk = entries.slice(start, start + 400);
      // CROSS JOIN: the contacts outside, one index range each (a plain JOIN scanned every
      // assignment of the workspace for each chunk).
      const hits = await tx.query<StoredHit>(
        `WITH p(contact_id, at) AS (VALUES ${chunk.map(() => "(?, ?)").join(", ")})
         SELECT ${STORED_COLUMNS} FROM p CROSS JOIN assignments a
         WHERE a.workspace_id = ? AND a.contact_id = p.contact_id AND a.occurred_at >= coalesce((
           SELECT b.occurred_at FROM assignments b WHERE b.workspace_id = ? AND b.contact_id = p.contact_id AND b.occurred_at < p.at
           ORDER BY b.occurred_at DESC LIMIT 1), p.at)
         ${CONTACT_ORDER}`,
        [...chunk.flat(), workspaceId, workspaceId],
      );
      hits.forEach(record);
    }
    return found;
  }
  const at = pgMillisToTimestamp("p.at_ms");
  for (let start = 0; start < entries.length; start += 5000) {
    const chunk = entries.slice(start, start + 5000);
    // LATERAL, fenced by OFFSET 0 from being flattened into a join: one index range per
    // contact (the planner's hash join read every assignment of the workspace).
    const hits = await tx.query<StoredHit>(
      `SELECT ${STORED_COLUMNS}
       FROM unnest(?::text[], ?::float8[]) AS p(contact_id, at_ms)
       JOIN LATERAL (
         SELECT * FROM assignments
         WHERE workspace_id = ? AND contact_id = p.contact_id AND occurred_at >= coalesce((
           SELECT occurred_at FROM assignments WHERE workspace_id = ? AND contact_id = p.contact_id AND occurred_at < ${at}
           ORDER BY occurred_at DESC LIMIT 1), ${at})
         OFFSET 0) a ON true
       ${CONTACT_ORDER}`,
      [chunk.map(([contactId]) => contactId), chunk.map(([, instant]) => instant), workspaceId, workspaceId] as unknown as Param[],
    );
    hits.forEach(record);
  }
  return found;
}
/** Rewrites derived previous assignees (an older assignment of the contact arrived late); a stated one is never touched. */
export async function setPreviousAssignees(
  tx: SqlExecutor,
  workspaceId: string,
  updates: readonly { eventId: string; previous: Person | null }[],
): Promise<void> {
  if (updates.length === 0) return;
  const values = updates.map(({ eventId, previous }): Param[] => [
    eventId,
    previous?.id ?? null,
    previous?.name ?? null,
    previous?.email ?? null,
  ]);
  const set = "previous_assignee_id = v.id, previous_assignee_name = v.name, previous_assignee_email = v.email";
  if (tx.dialect === "sqlite") {
    // 4 parameters a row, under SQLite's 32,766.
    for (let start = 0; start < values.length; start += 4000) {
      const chunk = values.slice(start, start + 4000);
      await tx.run(
        `WITH v(event_id, id, name, email) AS (VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")})
         UPDATE assignments SET ${set} FROM v
         WHERE assignments.workspace_id = ? AND assignments.event_id = v.event_id AND assignments.previous_assignee_derived = 1`,
        [...chunk.flat(), workspaceId],
      );
    }
    return;
  }
  // Each row found by its primary key (LATERAL, fenced by OFFSET 0), then updated by its
  // ctid: joined on the values alone, the planner scanned the workspace's rows (80 ms a batch).
  await tx.run(
    `UPDATE assignments a SET ${set}
     FROM (SELECT v.*, r.ctid AS row_id FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS v(event_id, id, name, email)
       JOIN LATERAL (
         SELECT ctid FROM assignments WHERE workspace_id = ? AND event_id = v.event_id AND previous_assignee_derived OFFSET 0) r ON true) v
     WHERE a.ctid = v.row_id`,
    [...values[0]!.map((_, column) => values.map((v) => v[column]!)), workspaceId] as unknown as Param[],
  );
}
