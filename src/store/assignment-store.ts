// Assignment rows: the bulk insert and the look-ups the ingest path needs.
import { personFromColumns, type Person } from "../domain/person.ts";
import type { Source } from "../domain/sources.ts";
import { insertRows, type Column } from "./bulk-insert.ts";
import { pgMillisToTimestamp, type Param, type SqlExecutor } from "./sql.ts";

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
];

export function insertAssignments(tx: SqlExecutor, workspaceId: string, rows: readonly AssignmentRow[]): Promise<boolean[]> {
  // Written out (no spreads): this runs for every event of a bulk ingest.
  const values = rows.map((r): Param[] => {
    const previous = r.previousAssignee;
    const assignee = r.assignee;
    const by = r.assignedBy;
    return [
      workspaceId, r.eventId, r.occurredAt, r.conversationId, r.contactId, r.contactName,
      previous?.id ?? null, previous?.name ?? null, previous?.email ?? null,
      assignee?.id ?? null, assignee?.name ?? null, assignee?.email ?? null,
      r.source,
      by?.id ?? null, by?.name ?? null, by?.email ?? null,
    ];
  });
  return insertRows(tx, "assignments", COLUMNS, values, "event_id");
}

export interface AssigneeProbe {
  contactId: string;
  /** Epoch ms: the latest assignment strictly before this instant counts. */
  before: number;
}

/**
 * The assignee each contact had just before the given instant, from stored assignments.
 * Contacts with no earlier assignment are absent from the map; a null value means the
 * contact was last unassigned.
 */
export async function assigneesBefore(
  tx: SqlExecutor,
  workspaceId: string,
  probes: readonly AssigneeProbe[],
): Promise<Map<string, Person | null>> {
  const found = new Map<string, Person | null>();
  type Hit = { contact_id: string; assignee_id: string | null; assignee_name: string | null; assignee_email: string | null };
  const record = (hit: Hit) =>
    found.set(hit.contact_id, personFromColumns(hit.assignee_id, hit.assignee_name, hit.assignee_email));
  if (tx.dialect === "sqlite") {
    // Hundreds of probes per statement: the index seeks run inside SQLite, not one call each.
    // The index entry's rowid leads straight to the row (no second seek through the primary key).
    for (let start = 0; start < probes.length; start += 400) {
      const chunk = probes.slice(start, start + 400);
      const hits = await tx.query<Hit>(
        `WITH p(contact_id, before) AS (VALUES ${chunk.map(() => "(?, ?)").join(", ")})
         SELECT p.contact_id, a.assignee_id, a.assignee_name, a.assignee_email FROM p
         JOIN assignments a ON a.rowid = (
           SELECT b.rowid FROM assignments b
           WHERE b.workspace_id = ? AND b.contact_id = p.contact_id AND b.occurred_at < p.before
           ORDER BY b.occurred_at DESC, b.event_id DESC LIMIT 1)`,
        [...chunk.flatMap((probe) => [probe.contactId, probe.before]), workspaceId],
      );
      hits.forEach(record);
    }
    return found;
  }
  for (let start = 0; start < probes.length; start += 5000) {
    const chunk = probes.slice(start, start + 5000);
    // LATERAL ... LIMIT 1: one backward index step per contact, however long its history.
    const hits = await tx.query<Hit>(
      `SELECT p.contact_id, a.assignee_id, a.assignee_name, a.assignee_email
       FROM unnest(?::text[], ?::float8[]) AS p(contact_id, before_ms)
       JOIN LATERAL (
         SELECT assignee_id, assignee_name, assignee_email FROM assignments
         WHERE workspace_id = ? AND contact_id = p.contact_id AND occurred_at < ${pgMillisToTimestamp("p.before_ms")}
         ORDER BY occurred_at DESC, event_id DESC LIMIT 1) a ON true`,
      [chunk.map((p) => p.contactId), chunk.map((p) => p.before), workspaceId] as unknown as Param[],
    );
    hits.forEach(record);
  }
  return found;
}
