// Email conversations (email_conversations, and the customers' numbers in email_customers),
// derived from the stored email events by the rules of src/domain/email-conversations.ts and
// measured by src/domain/email-metrics.ts. The one module that derives them, whoever changes
// the events: ingest rebuilds the conversations that new events change, erasure those that
// deleted events shaped, retention learns which whole conversations ended before its cut-off,
// and the schedule recompute measures stored ones anew.
import {
  buildConversations,
  compareEmailEvents,
  type EmailConversation,
  type EmailEventType,
  type StoredEmailEvent,
} from "../../domain/email-conversations.ts";
import { businessMetrics, conversationMetrics, type ConversationMetrics } from "../../domain/email-metrics.ts";
import { EARLIEST_EVENT } from "../../domain/event-time.ts";
import { personFromColumns } from "../../domain/person.ts";
import { scheduleAt } from "../../domain/schedule-versions.ts";
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { CHUNK, inChunks, placeholders } from "../engine/chunks.ts";
import { timestampParam, type Dialect, type Param, type SqlExecutor } from "../engine/sql.ts";
import { timelineIn, type ScheduleTimeline } from "../workspace/schedules.ts";
import { claimThreads, earliestEventOfThreads, insertEmailEvents, ownersOfThreads, type EmailEventRow } from "./email-events.ts";

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

// ---------------------------------------------------------------- ingest

/**
 * Stores email events (ids new to both streams; the caller holds the workspace's write lock,
 * src/store/events/workspace-writes.ts) and rebuilds the conversations they change. Per row,
 * whether it was new.
 */
export async function storeEmailEvents(tx: SqlExecutor, workspaceId: string, rows: readonly EmailEventRow[]): Promise<boolean[]> {
  await lockEmailConversations(tx, workspaceId);
  const flags = await insertEmailEvents(tx, workspaceId, rows);

  // The earliest customer email of a thread names its owner; per thread, the earliest new event.
  const owners = new Map<string, { at: number; customer: string }>();
  const earliest = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!flags[i]) return;
    earliest.set(row.threadId, Math.min(earliest.get(row.threadId) ?? Infinity, row.occurredAt));
    if (row.customerEmail === null) return;
    const known = owners.get(row.threadId);
    if (known === undefined || row.occurredAt < known.at) owners.set(row.threadId, { at: row.occurredAt, customer: row.customerEmail });
  });
  if (earliest.size === 0) return flags;
  const claimed = await claimThreads(tx, workspaceId, new Map([...owners].map(([thread, o]) => [thread, o.customer])));
  // A thread claimed now brings its customer the events stored before it had one.
  for (const [thread, at] of await earliestEventOfThreads(tx, workspaceId, claimed))
    earliest.set(thread, Math.min(earliest.get(thread)!, at));

  // The threads claimed now have the owner just written; the others are looked up.
  const customerOf = new Map(claimed.map((thread) => [thread, owners.get(thread)!.customer]));
  const unclaimed = [...earliest.keys()].filter((thread) => !customerOf.has(thread));
  for (const [thread, customer] of await ownersOfThreads(tx, workspaceId, unclaimed)) customerOf.set(thread, customer);
  const since = new Map<string, number>();
  for (const [thread, at] of earliest) {
    const customer = customerOf.get(thread);
    if (customer !== undefined) since.set(customer, Math.min(since.get(customer) ?? Infinity, at));
  }
  await rebuildConversations(tx, workspaceId, since);
  return flags;
}

// ---------------------------------------------------------------- rebuild

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
function eventsOfCustomers(tx: SqlExecutor, workspaceId: string, customers: readonly string[]): Promise<Map<string, StoredEmailEvent[]>> {
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
  const { versions, fallback } = await timelineIn(tx, workspaceId);
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

// ---------------------------------------------------------------- erasure

/**
 * The other customers whose conversations this customer's own emails shaped (start, first
 * response, name): its emails in their threads. Erasure rebuilds them from what remains.
 */
export async function customersShapedBy(tx: SqlExecutor, workspaceId: string, customer: string): Promise<string[]> {
  const others = await tx.query<{ customer_email: string }>(
    `SELECT DISTINCT t.customer_email FROM email_events e
     JOIN email_threads t ON t.workspace_id = e.workspace_id AND t.thread_id = e.thread_id
     WHERE e.workspace_id = ? AND e.customer_email = ? AND t.customer_email <> ?`,
    [workspaceId, customer, customer],
  );
  return others.map((o) => o.customer_email);
}

// ---------------------------------------------------------------- retention

/** What retention deletes of some customers' email: whole conversations and the events they span. */
interface ExpiredEmail {
  eventIds: string[];
  conversationIds: string[];
}

/**
 * For each customer: its conversations whose last activity is before the cut-off, with
 * every event up to the next kept conversation's opening email. Activity only grows from
 * one conversation to the next, so what goes is always a prefix. The caller holds
 * lockEmailConversations.
 */
export async function expiredConversations(
  tx: SqlExecutor,
  workspaceId: string,
  customers: readonly string[],
  cutoff: number,
): Promise<ExpiredEmail> {
  const events = await eventsOfCustomers(tx, workspaceId, customers);
  const expired: ExpiredEmail = { eventIds: [], conversationIds: [] };
  for (const customer of customers) {
    const sorted = [...(events.get(customer) ?? [])].sort(compareEmailEvents);
    const position = new Map(sorted.map((e, i) => [e.eventId, i]));
    // A conversation's id is its opening email's event id.
    const openers = buildConversations(customer, sorted).map((c) => position.get(c.id)!);
    // The first conversation still active: its opening email and everything after it stay.
    let keepFrom = sorted.length;
    for (let i = 0; i < openers.length; i++) {
      const spanEnd = i + 1 < openers.length ? openers[i + 1]! : sorted.length;
      if (sorted[spanEnd - 1]!.occurredAt >= cutoff) {
        keepFrom = openers[i]!;
        break;
      }
      expired.conversationIds.push(sorted[openers[i]!]!.eventId);
    }
    // Customers without any kept conversation lose everything, their events before the first conversation included.
    for (const event of sorted.slice(0, keepFrom)) expired.eventIds.push(event.eventId);
  }
  return expired;
}

// ---------------------------------------------------------------- schedule recompute

/** Where a recompute stands: the conversations after it in (started_at, id) order are next. */
interface RecomputeCursor {
  from: number;
  /** null: from `from` itself on. */
  afterId: string | null;
  /** null: no end. */
  until: number | null;
}

type Times = { id: string; started_at: number; first_response_at: number | null; closed_at: number | null };

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));

/**
 * Measures the business-time figures of the next `limit` conversations of the range anew,
 * with the schedule versions of `timeline`. Returns how many, and the last one measured.
 */
export async function remeasureConversations(
  tx: SqlExecutor,
  workspaceId: string,
  cursor: RecomputeCursor,
  limit: number,
  { versions, fallback }: ScheduleTimeline,
): Promise<{ measured: number; last: { startedAt: number; id: string } | null }> {
  const rows = await conversationsAfter(tx, workspaceId, cursor, limit);
  await tx.runEach(
    `UPDATE email_conversations SET first_response_business_s = ?, first_response_in_hours = ?, resolution_business_s = ?, closed_in_hours = ?
     WHERE workspace_id = ? AND id = ?`,
    rows.map((r) => {
      const times = {
        startedAt: Number(r.started_at),
        firstResponseAt: numberOrNull(r.first_response_at),
        closedAt: numberOrNull(r.closed_at),
      };
      const m = businessMetrics(times, scheduleAt(versions, times.startedAt, fallback));
      return [m.firstResponseBusinessSeconds, m.firstResponseInHours, m.resolutionBusinessSeconds, m.closedInHours, workspaceId, r.id];
    }),
  );
  const last = rows.at(-1);
  return { measured: rows.length, last: last ? { startedAt: Number(last.started_at), id: last.id } : null };
}

/** The next conversations of the range after its cursor, in (started_at, id) order. */
function conversationsAfter(tx: SqlExecutor, workspaceId: string, cursor: RecomputeCursor, limit: number): Promise<Times[]> {
  const time = timestampParam(tx.dialect);
  const params: (string | number)[] = [workspaceId];
  let where = "workspace_id = ?";
  if (cursor.afterId === null) {
    where += ` AND started_at >= ${time}`;
    params.push(cursor.from);
  } else {
    where += ` AND (started_at > ${time} OR (started_at = ${time} AND id > ?))`;
    params.push(cursor.from, cursor.from, cursor.afterId);
  }
  if (cursor.until !== null) {
    where += ` AND started_at < ${time}`;
    params.push(cursor.until);
  }
  return tx.query<Times>(
    `SELECT id, started_at, first_response_at, closed_at FROM email_conversations WHERE ${where} ORDER BY started_at, id LIMIT ?`,
    [...params, limit],
  );
}
