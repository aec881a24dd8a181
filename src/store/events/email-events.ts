// Email events, thread ownership and the derived conversations.
import {
  buildConversations,
  type EmailConversation,
  type EmailEventType,
  type StoredEmailEvent,
} from "../../domain/email-conversations.ts";
import { EARLIEST_EVENT } from "../../domain/event-time.ts";
import { conversationMetrics, type ConversationMetrics } from "../../domain/email-metrics.ts";
import { scheduleAt } from "../../domain/schedule-versions.ts";
import { personFromColumns, type Person } from "../../domain/person.ts";
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { addIdentities } from "./person-identities.ts";
import { scheduleTimeline } from "../workspace/schedules.ts";
import { timestampParam, type Dialect, type Param, type SqlExecutor } from "../engine/sql.ts";

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

/**
 * Held until the transaction ends. Each ingest rebuilds conversations from the events it
 * can see: on PostgreSQL, two replicas storing the same customer's events at once would each
 * miss the other's and keep a conversation built from half of them. Ingest holds the
 * workspace's write lock already (src/store/events/workspace-writes.ts, taken first); this one also
 * keeps out retention's expiry of conversations. SQLite's write lock already serialises them.
 */
export async function lockEmailConversations(tx: SqlExecutor, workspaceId: string): Promise<void> {
  if (tx.dialect === "postgresql")
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`inbox-pulse:email:${workspaceId}`]);
}

/** Stores the events new to the workspace (and the agents they carry); per row, whether it was new. */
export async function insertEmailEvents(tx: SqlExecutor, workspaceId: string, rows: readonly EmailEventRow[]): Promise<boolean[]> {
  const stored = await insertRows(
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
  await addIdentities(
    tx,
    workspaceId,
    "email",
    rows.filter((_, i) => stored[i]).map((r) => r.agent),
  );
  return stored;
}

/**
 * A thread belongs to the customer of its first stored customer email; later claims are ignored.
 * Returns the threads claimed now.
 */
export async function claimThreads(tx: SqlExecutor, workspaceId: string, owners: ReadonlyMap<string, string>): Promise<string[]> {
  const threads = [...owners];
  const claimed = await insertRows(
    tx,
    "email_threads",
    [
      { name: "workspace_id", type: "text" },
      { name: "thread_id", type: "text" },
      { name: "customer_email", type: "text" },
    ],
    threads.map(([threadId, customer]) => [workspaceId, threadId, customer]),
    "thread_id",
    // A customer's further emails in a thread claim it again.
    { oftenExisting: true },
  );
  return threads.filter((_, i) => claimed[i]).map(([threadId]) => threadId);
}

// Keys per statement: lists of them stay within both databases' parameter limits.
const CHUNK = 500;

async function inChunks<K, T>(keys: readonly K[], query: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < keys.length; start += CHUNK) results.push(...(await query(keys.slice(start, start + CHUNK))));
  return results;
}

function placeholders(n: number): string {
  return new Array(n).fill("?").join(", ");
}

/** The customer of each of these threads that has one. */
export async function ownersOfThreads(tx: SqlExecutor, workspaceId: string, threadIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(threadIds, (chunk) =>
    tx.query<{ thread_id: string; customer_email: string }>(
      `SELECT thread_id, customer_email FROM email_threads WHERE workspace_id = ? AND thread_id IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    ),
  );
  return new Map(rows.map((r) => [r.thread_id, r.customer_email]));
}

/** Each thread's earliest stored event (epoch ms). */
export async function earliestEventOfThreads(
  tx: SqlExecutor,
  workspaceId: string,
  threadIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await inChunks(threadIds, (chunk) =>
    tx.query<{ thread_id: string; at: number }>(
      `SELECT thread_id, MIN(occurred_at) AS at FROM email_events WHERE workspace_id = ? AND thread_id IN (${placeholders(chunk.length)}) GROUP BY thread_id`,
      [workspaceId, ...chunk],
    ),
  );
  return new Map(rows.map((r) => [r.thread_id, Number(r.at)]));
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

function groupByCustomer(customers: readonly string[], rows: readonly EventHit[]): Map<string, StoredEmailEvent[]> {
  const byCustomer = new Map<string, StoredEmailEvent[]>(customers.map((c) => [c, []]));
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
  return byCustomer;
}

/** Every stored event of every thread of these customers, grouped by customer. */
export async function eventsOfCustomers(
  tx: SqlExecutor,
  workspaceId: string,
  customers: readonly string[],
): Promise<Map<string, StoredEmailEvent[]>> {
  return eventsToReplay(
    tx,
    workspaceId,
    customers.map((customer) => [customer, EARLIEST_EVENT]),
  );
}

/** A CTE `name(customer_email, <column>)` over (customer, epoch ms or null) pairs. */
function customerTimes(
  dialect: Dialect,
  name: string,
  column: string,
  pairs: readonly (readonly [string, number | null])[],
): { cte: string; params: Param[] } {
  const time = timestampParam(dialect);
  return { cte: `${name}(customer_email, ${column}) AS (VALUES ${pairs.map(() => `(?, ${time})`).join(", ")})`, params: pairs.flat() };
}

/**
 * Where each customer's replay starts: the opening of its latest conversation that began
 * before `since` (epoch ms of the earliest event new to the customer), or EARLIEST_EVENT
 * (all its events) when there is none or `since` is null. Conversations that began earlier
 * ended before that opening, so no later event can change them (src/domain/email-conversations.ts).
 */
async function replayStarts(
  tx: SqlExecutor,
  workspaceId: string,
  changes: readonly (readonly [string, number | null])[],
): Promise<[string, number][]> {
  const changed = customerTimes(tx.dialect, "changed", "since", changes);
  const rows = await tx.query<{ customer_email: string; from_at: number | null }>(
    `WITH ${changed.cte}
     SELECT changed.customer_email,
            (SELECT MAX(c.started_at) FROM email_conversations c
             WHERE c.workspace_id = ? AND c.customer_email = changed.customer_email AND c.started_at < changed.since) AS from_at
     FROM changed`,
    [...changed.params, workspaceId],
  );
  return rows.map((r) => [r.customer_email, r.from_at === null ? EARLIEST_EVENT : Number(r.from_at)]);
}

/**
 * The events of these customers' threads from each one's replay start, grouped by customer,
 * read customer by customer, thread by thread: SQLite keeps CROSS JOIN order, PostgreSQL is
 * held to it by LATERAL subqueries that OFFSET 0 keeps from being flattened. Left to plan on
 * their own without statistics, both scanned the whole workspace's events (PostgreSQL: a
 * hash join costing seconds per batch where autovacuum is off, as on the bench machine).
 */
async function eventsToReplay(
  tx: SqlExecutor,
  workspaceId: string,
  starts: readonly (readonly [string, number])[],
): Promise<Map<string, StoredEmailEvent[]>> {
  const threadsAndEvents =
    tx.dialect === "sqlite"
      ? `CROSS JOIN email_threads t CROSS JOIN email_events e
         WHERE t.workspace_id = ? AND t.customer_email = replay.customer_email
           AND e.workspace_id = ? AND e.thread_id = t.thread_id AND e.occurred_at >= replay.from_at`
      : `CROSS JOIN LATERAL (SELECT thread_id, customer_email FROM email_threads
                              WHERE workspace_id = ? AND customer_email = replay.customer_email OFFSET 0) t
         CROSS JOIN LATERAL (SELECT * FROM email_events
                              WHERE workspace_id = ? AND thread_id = t.thread_id AND occurred_at >= replay.from_at OFFSET 0) e`;
  const rows = await inChunks(starts, (chunk) => {
    const replay = customerTimes(tx.dialect, "replay", "from_at", chunk);
    return tx.query<EventHit>(
      `WITH ${replay.cte}
       SELECT t.customer_email, e.event_id, e.type, e.occurred_at, e.customer_name, e.agent_id, e.agent_name, e.agent_email, e.automatic
       FROM replay ${threadsAndEvents}`,
      [...replay.params, workspaceId, workspaceId],
    );
  });
  return groupByCustomer(
    starts.map(([customer]) => customer),
    rows,
  );
}

const CONVERSATION_COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "id", type: "text" },
  { name: "customer_email", type: "text" },
  { name: "customer_id", type: "integer" },
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

/** Each customer's number (email_customers), numbering the ones new to the workspace. */
async function customerIds(tx: SqlExecutor, workspaceId: string, emails: readonly string[]): Promise<Map<string, number>> {
  const columns: Column[] = [
    { name: "workspace_id", type: "text" },
    { name: "email", type: "text" },
  ];
  await insertRows(
    tx,
    "email_customers",
    columns,
    emails.map((email) => [workspaceId, email]),
    "email",
    { oftenExisting: true },
  );
  const rows = await inChunks(emails, (chunk) =>
    tx.query<{ email: string; id: number }>(
      `SELECT email, id FROM email_customers WHERE workspace_id = ? AND email IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    ),
  );
  return new Map(rows.map((r) => [r.email, Number(r.id)]));
}

/** Replaces each customer's stored conversations from its replay start with freshly built ones. */
async function replaceConversations(
  tx: SqlExecutor,
  workspaceId: string,
  starts: readonly (readonly [string, number])[],
  conversations: readonly (EmailConversation & ConversationMetrics)[],
): Promise<void> {
  const replay = customerTimes(tx.dialect, "replay", "from_at", starts);
  await tx.run(
    `WITH ${replay.cte}
     DELETE FROM email_conversations
     WHERE workspace_id = ? AND id IN (
       SELECT c.id FROM replay CROSS JOIN email_conversations c
       WHERE c.workspace_id = ? AND c.customer_email = replay.customer_email AND c.started_at >= replay.from_at)`,
    [...replay.params, workspaceId, workspaceId],
  );
  const ids = await customerIds(tx, workspaceId, [...new Set(conversations.map((c) => c.customerEmail))]);
  await insertRows(
    tx,
    "email_conversations",
    CONVERSATION_COLUMNS,
    conversations.map((c): Param[] => [
      workspaceId,
      c.id,
      c.customerEmail,
      ids.get(c.customerEmail)!,
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

/**
 * Rebuilds conversations after new or erased events. `changes`: per customer, the earliest
 * instant (epoch ms) of its events that are new, or null to rebuild all of its conversations.
 * Only the conversations that such events can change are replayed: a long-time customer's
 * history is not read again for each new email.
 */
export async function rebuildConversations(
  tx: SqlExecutor,
  workspaceId: string,
  changes: ReadonlyMap<string, number | null>,
): Promise<void> {
  if (changes.size === 0) return;
  const { versions, fallback } = await scheduleTimeline(tx, workspaceId);
  const all = [...changes];
  for (let start = 0; start < all.length; start += CHUNK) {
    // Chunks of customers: one chunk's events are in memory at a time.
    const starts = await replayStarts(tx, workspaceId, all.slice(start, start + CHUNK));
    const eventsByCustomer = await eventsToReplay(tx, workspaceId, starts);
    const conversations = starts
      .flatMap(([customer]) => buildConversations(customer, eventsByCustomer.get(customer) ?? []))
      .map((c) => ({ ...c, ...conversationMetrics(c, scheduleAt(versions, c.startedAt, fallback)) }));
    await replaceConversations(tx, workspaceId, starts, conversations);
  }
}
