// Email events, thread ownership and the derived conversations.
import { buildConversations, type EmailConversation, type EmailEventType, type StoredEmailEvent } from "../domain/email-conversations.ts";
import { conversationMetrics, scheduleAt, type ConversationMetrics } from "../domain/email-metrics.ts";
import { personFromColumns, type Person } from "../domain/person.ts";
import { insertRows, type Column } from "./bulk-insert.ts";
import { scheduleVersions } from "./schedule-store.ts";
import type { Param, SqlExecutor } from "./sql.ts";

export interface EmailEventRow {
  eventId: string;
  type: EmailEventType;
  occurredAt: number;
  threadId: string;
  customerEmail: string | null;
  customerName: string | null;
  agent: Person | null;
  automatic: boolean;
}

const EVENT_COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "event_id", type: "text" },
  { name: "type", type: "text" },
  { name: "occurred_at", type: "timestamp" },
  { name: "thread_id", type: "text" },
  { name: "customer_email", type: "text" },
  { name: "customer_name", type: "text" },
  { name: "agent_id", type: "text" },
  { name: "agent_name", type: "text" },
  { name: "agent_email", type: "text" },
  { name: "automatic", type: "boolean" },
];

export function insertEmailEvents(tx: SqlExecutor, workspaceId: string, rows: readonly EmailEventRow[]): Promise<boolean[]> {
  return insertRows(
    tx,
    "email_events",
    EVENT_COLUMNS,
    rows.map((r) => [
      workspaceId,
      r.eventId,
      r.type,
      r.occurredAt,
      r.threadId,
      r.customerEmail,
      r.customerName,
      r.agent?.id ?? null,
      r.agent?.name ?? null,
      r.agent?.email ?? null,
      r.automatic,
    ]),
    "event_id",
  );
}

/** A thread belongs to the customer of its first stored customer email; later claims are ignored. */
export async function claimThreads(
  tx: SqlExecutor,
  workspaceId: string,
  owners: ReadonlyMap<string, string>,
): Promise<void> {
  await insertRows(
    tx,
    "email_threads",
    [
      { name: "workspace_id", type: "text" },
      { name: "thread_id", type: "text" },
      { name: "customer_email", type: "text" },
    ],
    [...owners].map(([threadId, customer]) => [workspaceId, threadId, customer]),
    "thread_id",
  );
}

const CHUNK = 500;

function placeholders(n: number): string {
  return new Array(n).fill("?").join(", ");
}

export async function customersOfThreads(tx: SqlExecutor, workspaceId: string, threadIds: readonly string[]): Promise<Set<string>> {
  const customers = new Set<string>();
  for (let start = 0; start < threadIds.length; start += CHUNK) {
    const chunk = threadIds.slice(start, start + CHUNK);
    const rows = await tx.query<{ customer_email: string }>(
      `SELECT DISTINCT customer_email FROM email_threads WHERE workspace_id = ? AND thread_id IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    );
    for (const row of rows) customers.add(row.customer_email);
  }
  return customers;
}

type EventHit = {
  customer_email: string;
  event_id: string;
  type: EmailEventType;
  occurred_at: number;
  customer_name: string | null;
  agent_id: string | null;
  agent_name: string | null;
  agent_email: string | null;
  automatic: boolean | number;
};

/** Every stored event of every thread of these customers, grouped by customer. */
export async function eventsOfCustomers(
  tx: SqlExecutor,
  workspaceId: string,
  customers: readonly string[],
): Promise<Map<string, StoredEmailEvent[]>> {
  const byCustomer = new Map<string, StoredEmailEvent[]>(customers.map((c) => [c, []]));
  for (let start = 0; start < customers.length; start += CHUNK) {
    const chunk = customers.slice(start, start + CHUNK);
    const rows = await tx.query<EventHit>(
      `SELECT t.customer_email, e.event_id, e.type, e.occurred_at, e.customer_name,
              e.agent_id, e.agent_name, e.agent_email, e.automatic
       FROM email_threads t
       JOIN email_events e ON e.workspace_id = t.workspace_id AND e.thread_id = t.thread_id
       WHERE t.workspace_id = ? AND t.customer_email IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    );
    for (const row of rows) {
      byCustomer.get(row.customer_email)?.push({
        eventId: row.event_id,
        type: row.type,
        occurredAt: Number(row.occurred_at),
        customerName: row.customer_name,
        agent: personFromColumns(row.agent_id, row.agent_name, row.agent_email),
        automatic: Boolean(row.automatic),
      });
    }
  }
  return byCustomer;
}

const CONVERSATION_COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "id", type: "text" },
  { name: "customer_email", type: "text" },
  { name: "customer_name", type: "text" },
  { name: "started_at", type: "timestamp" },
  { name: "first_response_at", type: "timestamp" },
  { name: "first_responder_id", type: "text" },
  { name: "first_responder_name", type: "text" },
  { name: "first_responder_email", type: "text" },
  { name: "closed_at", type: "timestamp" },
  { name: "closer_id", type: "text" },
  { name: "closer_name", type: "text" },
  { name: "closer_email", type: "text" },
  { name: "reopen_count", type: "integer" },
  { name: "first_responder_key", type: "text" },
  { name: "closer_key", type: "text" },
  { name: "first_response_s", type: "integer" },
  { name: "first_response_business_s", type: "integer" },
  { name: "first_response_in_hours", type: "boolean" },
  { name: "resolution_s", type: "integer" },
  { name: "resolution_business_s", type: "integer" },
  { name: "closed_in_hours", type: "boolean" },
];

/** Replaces the stored conversations of these customers with freshly built ones. */
export async function replaceConversations(
  tx: SqlExecutor,
  workspaceId: string,
  customers: readonly string[],
  conversations: readonly (EmailConversation & ConversationMetrics)[],
): Promise<void> {
  for (let start = 0; start < customers.length; start += CHUNK) {
    const chunk = customers.slice(start, start + CHUNK);
    await tx.run(
      `DELETE FROM email_conversations WHERE workspace_id = ? AND customer_email IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    );
  }
  await insertRows(
    tx,
    "email_conversations",
    CONVERSATION_COLUMNS,
    conversations.map((c): Param[] => [
      workspaceId,
      c.id,
      c.customerEmail,
      c.customerName,
      c.startedAt,
      c.firstResponseAt,
      c.firstResponder?.id ?? null,
      c.firstResponder?.name ?? null,
      c.firstResponder?.email ?? null,
      c.closedAt,
      c.closer?.id ?? null,
      c.closer?.name ?? null,
      c.closer?.email ?? null,
      c.reopenCount,
      c.firstResponderKey,
      c.closerKey,
      c.firstResponseSeconds,
      c.firstResponseBusinessSeconds,
      c.firstResponseInHours,
      c.resolutionSeconds,
      c.resolutionBusinessSeconds,
      c.closedInHours,
    ]),
    "id",
  );
}

/** Rebuilds these customers' conversations from their stored events (after new or erased events). */
export async function rebuildConversations(tx: SqlExecutor, workspaceId: string, customers: readonly string[]): Promise<void> {
  if (customers.length === 0) return;
  const eventsByCustomer = await eventsOfCustomers(tx, workspaceId, customers);
  const { versions, fallback } = await scheduleVersions(tx, workspaceId);
  const conversations = customers
    .flatMap((customer) => buildConversations(customer, eventsByCustomer.get(customer) ?? []))
    .map((c) => ({ ...c, ...conversationMetrics(c, scheduleAt(versions, c.startedAt, fallback)) }));
  await replaceConversations(tx, workspaceId, customers, conversations);
}
