// respond.io conversation.opened / conversation.closed events of contacts: kept only so
// that an assignment can name the conversation the contact had open at that moment.
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { transaction, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";

export type ConversationEventKind = "opened" | "closed";

export interface ContactConversationRow {
  eventId: string;
  kind: ConversationEventKind;
  occurredAt: number;
  contactId: string;
  conversationId: string;
}

const COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "event_id", type: "text" },
  { name: "kind", type: "text" },
  { name: "occurred_at", type: "timestamp" },
  { name: "contact_id", type: "text" },
  { name: "conversation_id", type: "text" },
];

/** Per row, whether it was stored (false: an event with that id already was). */
export function insertContactConversationEvents(
  db: Database,
  workspaceId: string,
  rows: readonly ContactConversationRow[],
): Promise<boolean[]> {
  return transaction(db, (tx) =>
    insertRows(
      tx,
      "contact_conversation_events",
      COLUMNS,
      rows.map((r) => [workspaceId, r.eventId, r.kind, r.occurredAt, r.contactId, r.conversationId]),
      "event_id",
    ),
  );
}

/**
 * The id of the conversation the contact had open at `at` (epoch ms): its latest opening
 * at or before `at` that no closing follows, or null. A closing at exactly `at` does not
 * count yet, so an unassignment made by closing the conversation still belongs to it.
 * At equal times a closing follows an opening only if it closes that same conversation
 * (respond.io times are whole seconds: "closed one, opened the next" happens in one).
 */
export async function openConversationAt(db: Database, workspaceId: string, contactId: string, at: number): Promise<string | null> {
  // Read in a transaction of its own: on SQLite's one connection a bare statement would run
  // inside whatever transaction another request has open.
  return transaction(db, async (tx) => {
    const time = timestampParam(tx.dialect);
    const [hit] = await tx.query<{ conversation_id: string }>(
      `SELECT o.conversation_id FROM contact_conversation_events o
       WHERE o.workspace_id = ? AND o.contact_id = ? AND o.kind = 'opened' AND o.occurred_at <= ${time}
         AND NOT EXISTS (
           SELECT 1 FROM contact_conversation_events c
           WHERE c.workspace_id = o.workspace_id AND c.contact_id = o.contact_id AND c.kind = 'closed'
             AND c.occurred_at < ${time}
             AND (c.occurred_at > o.occurred_at OR (c.occurred_at = o.occurred_at AND c.conversation_id = o.conversation_id)))
       ORDER BY o.occurred_at DESC, o.event_id DESC LIMIT 1`,
      [workspaceId, contactId, at, at],
    );
    return hit?.conversation_id ?? null;
  });
}
