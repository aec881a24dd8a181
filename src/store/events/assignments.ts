// Assignment rows: the bulk insert and the look-ups the ingest path needs.
import { AFTER_LATEST_EVENT } from "../../domain/event-time.ts";
import { foldedOrNull } from "../../domain/name-matching.ts";
import { personFromColumns, type Person } from "../../domain/person.ts";
import type { Source } from "../../domain/sources.ts";
import { addAssignmentCounts } from "./assignment-counts.ts";
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { latestAssignmentsOf, type LatestAssignment } from "./latest-assignments.ts";
import { addIdentities } from "./person-identities.ts";
import { pgMillisToTimestamp, timestampParam, type Param, type SqlExecutor } from "../engine/sql.ts";

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
  // Checked before this transaction's writes to assignments (after them it could not tell ours from others').
  const memory = await latestAssignmentsOf(tx, workspaceId);
  const stored = await insertRows(tx, "assignments", COLUMNS, values, "event_id");
  const storedRows = rows.filter((_, i) => stored[i]);
  await addAssignmentCounts(tx, workspaceId, storedRows);
  await addIdentities(
    tx,
    workspaceId,
    "assignments",
    storedRows.map((r) => r.assignee),
  );
  for (const r of storedRows)
    memory.stored(workspaceId, r.contactId, { occurredAt: r.occurredAt, tieRank: r.tieRank, assignee: r.assignee });
  await memory.written(tx, workspaceId);
  return stored;
}

export interface AssigneeProbe {
  contactId: string;
  /** Epoch ms: the latest assignment strictly before this instant counts. */
  before: number;
}

export interface ContactHistory {
  /** The contact's assignee just before the probe's instant (null: unassigned); absent: no earlier assignment. */
  previous?: Person | null;
  /** Whether an assignment of the contact is stored at or after the probe's instant (the batch arrived late). */
  later: boolean;
}

/** For each probed contact: its assignee just before the instant, and whether later assignments are stored. */
export async function contactHistories(
  tx: SqlExecutor,
  workspaceId: string,
  probes: readonly AssigneeProbe[],
): Promise<Map<string, ContactHistory>> {
  // Each contact's latest assignment overall: from memory, else one index seek. Only a
  // contact whose latest is not before the probe's instant (a late batch, rare) is looked up again.
  const memory = await latestAssignmentsOf(tx, workspaceId);
  const latestOf = new Map<string, LatestAssignment | null>();
  const unknown: AssigneeProbe[] = [];
  for (const probe of probes) {
    const known = memory.get(workspaceId, probe.contactId);
    if (known === undefined) unknown.push(probe);
    else latestOf.set(probe.contactId, known);
  }
  const read = await latestAssignmentsBefore(
    tx,
    workspaceId,
    unknown.map((p) => ({ contactId: p.contactId, before: AFTER_LATEST_EVENT })),
  );
  for (const { contactId } of unknown) {
    const latest = read.get(contactId) ?? null;
    latestOf.set(contactId, latest);
    memory.set(workspaceId, contactId, latest);
  }
  const found = new Map<string, ContactHistory>();
  const late: AssigneeProbe[] = [];
  for (const probe of probes) {
    const latest = latestOf.get(probe.contactId);
    if (!latest) found.set(probe.contactId, { later: false });
    else if (latest.occurredAt < probe.before) found.set(probe.contactId, { previous: latest.assignee, later: false });
    else late.push(probe);
  }
  const earlier = await latestAssignmentsBefore(tx, workspaceId, late);
  for (const probe of late) {
    const hit = earlier.get(probe.contactId);
    found.set(probe.contactId, hit === undefined ? { later: true } : { previous: hit.assignee, later: true });
  }
  return found;
}

type LatestHit = {
  contact_id: string;
  occurred_at: number;
  tie_rank: number;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
};

/** Per probed contact that has one: its latest assignment strictly before the probe's instant. */
async function latestAssignmentsBefore(
  tx: SqlExecutor,
  workspaceId: string,
  probes: readonly AssigneeProbe[],
): Promise<Map<string, LatestAssignment>> {
  const found = new Map<string, LatestAssignment>();
  const record = (hit: LatestHit) =>
    found.set(hit.contact_id, {
      occurredAt: Number(hit.occurred_at),
      tieRank: Number(hit.tie_rank),
      assignee: personFromColumns(hit.assignee_id, hit.assignee_name, hit.assignee_email),
    });
  if (tx.dialect === "sqlite") {
    // Hundreds of probes per statement: the index seeks run inside SQLite, not one call each.
    // The index entry's rowid leads straight to the row (no second seek through the primary key).
    for (let start = 0; start < probes.length; start += 400) {
      const chunk = probes.slice(start, start + 400);
      const hits = await tx.query<LatestHit>(
        `WITH p(contact_id, before) AS (VALUES ${chunk.map(() => "(?, ?)").join(", ")})
         SELECT p.contact_id, a.occurred_at, a.tie_rank, a.assignee_id, a.assignee_name, a.assignee_email
         FROM p JOIN assignments a ON a.rowid = (
           SELECT b.rowid FROM assignments b
           WHERE b.workspace_id = ? AND b.contact_id = p.contact_id AND b.occurred_at < p.before
           ORDER BY b.occurred_at DESC, b.tie_rank DESC, b.event_id DESC LIMIT 1)`,
        [...chunk.flatMap((probe) => [probe.contactId, probe.before]), workspaceId],
      );
      hits.forEach(record);
    }
    return found;
  }
  for (let start = 0; start < probes.length; start += 5000) {
    const chunk = probes.slice(start, start + 5000);
    // LATERAL ... LIMIT 1: one backward index step per contact, however long its history.
    const hits = await tx.query<LatestHit>(
      `SELECT p.contact_id, a.occurred_at, a.tie_rank, a.assignee_id, a.assignee_name, a.assignee_email
       FROM unnest(?::text[], ?::float8[]) AS p(contact_id, before_ms)
       JOIN LATERAL (
         SELECT occurred_at, tie_rank, assignee_id, assignee_name, assignee_email FROM assignments
         WHERE workspace_id = ? AND contact_id = p.contact_id AND occurred_at < ${pgMillisToTimestamp("p.before_ms")}
         ORDER BY occurred_at DESC, tie_rank DESC, event_id DESC LIMIT 1) a ON true`,
      [chunk.map((p) => p.contactId), chunk.map((p) => p.before), workspaceId] as unknown as Param[],
    );
    hits.forEach(record);
  }
  return found;
}

export interface StoredAssignment {
  eventId: string;
  occurredAt: number;
  tieRank: number;
  assignee: Person | null;
  previousAssignee: Person | null;
  previousDerived: boolean;
}

/** A contact's stored assignments from an instant on, in order (time, rank; a late batch is merged into them). */
export async function assignmentsOfContactFrom(
  tx: SqlExecutor,
  workspaceId: string,
  contactId: string,
  from: number,
): Promise<StoredAssignment[]> {
  const rows = await tx.query<{
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
  }>(
    `SELECT event_id, occurred_at, tie_rank, assignee_id, assignee_name, assignee_email,
            previous_assignee_id, previous_assignee_name, previous_assignee_email, previous_assignee_derived
     FROM assignments WHERE workspace_id = ? AND contact_id = ? AND occurred_at >= ${timestampParam(tx.dialect)}
     ORDER BY occurred_at, tie_rank, event_id`,
    [workspaceId, contactId, from],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    occurredAt: Number(r.occurred_at),
    tieRank: Number(r.tie_rank),
    assignee: personFromColumns(r.assignee_id, r.assignee_name, r.assignee_email),
    previousAssignee: personFromColumns(r.previous_assignee_id, r.previous_assignee_name, r.previous_assignee_email),
    previousDerived: Boolean(r.previous_assignee_derived),
  }));
}

/** Rewrites derived previous assignees (an older assignment of the contact arrived late). */
export async function setPreviousAssignees(
  tx: SqlExecutor,
  workspaceId: string,
  updates: readonly { eventId: string; previous: Person | null }[],
): Promise<void> {
  for (const { eventId, previous } of updates) {
    await tx.run(
      `UPDATE assignments SET previous_assignee_id = ?, previous_assignee_name = ?, previous_assignee_email = ?
       WHERE workspace_id = ? AND event_id = ? AND previous_assignee_derived = ?`,
      [previous?.id ?? null, previous?.name ?? null, previous?.email ?? null, workspaceId, eventId, true],
    );
  }
}
