// The retention job (README, "Data retention"): for each workspace with a retention set,
// deletes what came from customers before the cut-off (now - retention days), in small
// transactions so that a big delete never holds ingest up for long.
//
// - Assignments and contact conversation events age by their own time, except a
//   conversation opening with no closing after it: that conversation is still open, and
//   later assignments of the contact name it.
// - Email conversations age by their last activity: a conversation goes, with all its
//   events, once its last event (the customer's next conversation excluded) is older than
//   the cut-off. A conversation still active keeps its older events, so the stored
//   conversations stay exactly what rebuilding them from the remaining events gives.
// - Who is who (person_identities) then forgets the people no remaining event carries.
import { setImmediate as nextTurn } from "node:timers/promises";
import { buildConversations, compareEmailEvents } from "../../domain/email-conversations.ts";
import type { Logger } from "../../log.ts";
import type { Database } from "../engine/database.ts";
import { eventsOfCustomers, lockEmailConversations } from "../events/email-events.ts";
import { pruneIdentities } from "../events/person-identities.ts";
import { lockWorkspaceWrites } from "../events/workspace-writes.ts";
import { timestampParam, type Param, type SqlDatabase, type SqlExecutor } from "../engine/sql.ts";

export const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Only this workspace (it must have a retention set). */
  workspaceId?: string;
  now?: number;
  /** Rows per delete statement; customers per email transaction is a fiftieth of it. */
  batchSize?: number;
  /** Checked between batches: a stopping server does not wait for a long run. */
  signal?: AbortSignal;
}

type RetentionCounts = Record<string, number>;

interface WorkspaceRetention {
  workspaceId: string;
  retentionDays: number;
  cutoff: number;
  deleted: RetentionCounts;
}

/** `skipped`: another replica is running it (PostgreSQL), or this process already is. */
export type RetentionResult = { status: "ran"; workspaces: WorkspaceRetention[] } | { status: "skipped" };

const DEFAULT_BATCH = 5000;

/** Runs the job once, unless another run holds the lock. Logs counts and ids only. */
export async function runRetention(db: Database, log: Logger, options: RetentionOptions = {}): Promise<RetentionResult> {
  const outcome = await withRetentionLock(db.sql, () => retainAll(db.sql, log, options));
  if (outcome === null) {
    log.info("retention skipped: another run holds the lock");
    return { status: "skipped" };
  }
  return { status: "ran", workspaces: outcome };
}

// One run at a time. PostgreSQL: a transaction-scoped advisory lock, held by a transaction
// that stays open for the run (the batches use other connections) and is released
// even if the process dies. The key includes the schema: deployments sharing a server
// do not wait for each other. SQLite serves one process; the in-process guard is enough.
const runningIn = new WeakSet<SqlDatabase>();

async function withRetentionLock<T>(sql: SqlDatabase, work: () => Promise<T>): Promise<T | null> {
  if (runningIn.has(sql)) return null;
  runningIn.add(sql);
  try {
    if (sql.dialect === "sqlite") return await work();
    return await sql.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext('inbox-pulse retention'), hashtext(current_schema())) AS locked",
      );
      return lock?.locked ? work() : null;
    });
  } finally {
    runningIn.delete(sql);
  }
}

async function retainAll(sql: SqlDatabase, log: Logger, options: RetentionOptions): Promise<WorkspaceRetention[]> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const workspaces = await sql.query<{ id: string; retention_days: number }>(
    `SELECT id, retention_days FROM workspaces WHERE retention_days IS NOT NULL${options.workspaceId ? " AND id = ?" : ""} ORDER BY id`,
    options.workspaceId ? [options.workspaceId] : [],
  );
  const results: WorkspaceRetention[] = [];
  for (const workspace of workspaces) {
    if (options.signal?.aborted) break;
    const retentionDays = Number(workspace.retention_days);
    const cutoff = now - retentionDays * DAY_MS;
    const started = Date.now();
    const deleted = await retainWorkspace(sql, workspace.id, cutoff, batchSize, options.signal);
    results.push({ workspaceId: workspace.id, retentionDays, cutoff, deleted });
    log.info("retention", {
      workspaceId: workspace.id,
      retentionDays,
      cutoff: new Date(cutoff).toISOString(),
      ...deleted,
      interrupted: options.signal?.aborted ?? false,
      ms: Date.now() - started,
    });
  }
  return results;
}

async function retainWorkspace(
  sql: SqlDatabase,
  workspaceId: string,
  cutoff: number,
  batchSize: number,
  signal?: AbortSignal,
): Promise<RetentionCounts> {
  const at = timestampParam(sql.dialect);
  const deleted: RetentionCounts = {
    assignments: 0,
    contact_conversation_events: 0,
    email_events: 0,
    email_threads: 0,
    email_conversations: 0,
    email_customers: 0,
    person_identities: 0,
  };
  const add = (counts: RetentionCounts) => {
    for (const [table, n] of Object.entries(counts)) deleted[table] = (deleted[table] ?? 0) + n;
  };

  // Locked first, as ingest does: the delete triggers would take the same locks in another order.
  const lock = (tx: SqlExecutor) => lockWorkspaceWrites(tx, workspaceId);
  add({
    assignments: await deleteInBatches(
      sql,
      "assignments",
      `workspace_id = ? AND occurred_at < ${at}`,
      [workspaceId, cutoff],
      batchSize,
      signal,
      lock,
    ),
  });
  add({
    contact_conversation_events: await deleteInBatches(
      sql,
      "contact_conversation_events",
      // An opening with no closing after it (src/store/events/contact-conversations.ts) stays.
      `workspace_id = ? AND occurred_at < ${at} AND (kind = 'closed' OR EXISTS (
         SELECT 1 FROM contact_conversation_events c
         WHERE c.workspace_id = contact_conversation_events.workspace_id AND c.contact_id = contact_conversation_events.contact_id
           AND c.kind = 'closed' AND (c.occurred_at > contact_conversation_events.occurred_at
             OR (c.occurred_at = contact_conversation_events.occurred_at AND c.conversation_id = contact_conversation_events.conversation_id))))`,
      [workspaceId, cutoff],
      batchSize,
      signal,
    ),
  });

  // Email: customer by customer (keyset pages), each page in one transaction.
  const customersPerBatch = Math.max(1, Math.ceil(batchSize / 50));
  let after = "";
  while (!signal?.aborted) {
    const page = await sql.query<{ customer_email: string }>(
      `SELECT DISTINCT t.customer_email FROM email_threads t
       WHERE t.workspace_id = ? AND t.customer_email > ? AND EXISTS (
         SELECT 1 FROM email_events e WHERE e.workspace_id = t.workspace_id AND e.thread_id = t.thread_id AND e.occurred_at < ${at})
       ORDER BY t.customer_email LIMIT ?`,
      [workspaceId, after, cutoff, customersPerBatch],
    );
    if (page.length === 0) break;
    const customers = page.map((p) => p.customer_email);
    add(await sql.transaction((tx) => expireConversations(tx, workspaceId, customers, cutoff)));
    after = customers.at(-1)!;
    await nextTurn();
  }
  // Events of threads no customer email ever opened belong to no conversation: they age by their own time.
  add({
    email_events: await deleteInBatches(
      sql,
      "email_events",
      `workspace_id = ? AND occurred_at < ${at} AND NOT EXISTS (
         SELECT 1 FROM email_threads t WHERE t.workspace_id = email_events.workspace_id AND t.thread_id = email_events.thread_id)`,
      [workspaceId, cutoff],
      batchSize,
      signal,
    ),
  });
  // Who is who keeps only the people that stored events still carry.
  if (!signal?.aborted) deleted.person_identities = await pruneIdentities(sql, workspaceId);
  return deleted;
}

/**
 * Deletes matching rows `batchSize` at a time, each batch its own transaction, until none
 * is left (or the job is stopped). SQLite has no DELETE ... LIMIT in every build: rowids
 * pick the batch; PostgreSQL uses ctids the same way.
 */
async function deleteInBatches(
  sql: SqlDatabase,
  table: string,
  where: string,
  params: Param[],
  batchSize: number,
  signal?: AbortSignal,
  lock?: (tx: SqlExecutor) => Promise<unknown>,
): Promise<number> {
  const id = sql.dialect === "sqlite" ? "rowid" : "ctid";
  const statement =
    sql.dialect === "sqlite"
      ? `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ?)`
      : `DELETE FROM ${table} WHERE ${id} = ANY(ARRAY(SELECT ${id} FROM ${table} WHERE ${where} LIMIT ?))`;
  let total = 0;
  while (!signal?.aborted) {
    const changed = await sql.transaction(async (tx) => {
      await lock?.(tx);
      return tx.run(statement, [...params, batchSize]);
    });
    total += changed;
    if (changed < batchSize) break;
    // SQLite runs synchronously: let requests and ingest in between batches.
    await nextTurn();
  }
  return total;
}

/**
 * For each customer: its conversations whose last activity is before the cut-off, with
 * every event up to the next kept conversation's opening email, then threads left empty.
 * Activity only grows from one conversation to the next, so what goes is always a prefix.
 */
async function expireConversations(
  tx: SqlExecutor,
  workspaceId: string,
  customers: readonly string[],
  cutoff: number,
): Promise<RetentionCounts> {
  await lockEmailConversations(tx, workspaceId);
  const events = await eventsOfCustomers(tx, workspaceId, customers);
  const eventIds: string[] = [];
  const conversationIds: string[] = [];
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
      conversationIds.push(sorted[openers[i]!]!.eventId);
    }
    // Customers without any kept conversation lose everything, their events before the first conversation included.
    for (const event of sorted.slice(0, keepFrom)) eventIds.push(event.eventId);
  }
  const counts: RetentionCounts = {
    email_events: await deleteByIds(tx, "email_events", "event_id", workspaceId, eventIds),
    email_conversations: await deleteByIds(tx, "email_conversations", "id", workspaceId, conversationIds),
    email_threads: 0,
    email_customers: 0,
  };
  for (let start = 0; start < customers.length; start += 500) {
    const chunk = customers.slice(start, start + 500);
    const list = chunk.map(() => "?").join(", ");
    counts.email_threads! += await tx.run(
      `DELETE FROM email_threads WHERE workspace_id = ? AND customer_email IN (${list})
       AND NOT EXISTS (SELECT 1 FROM email_events e WHERE e.workspace_id = email_threads.workspace_id AND e.thread_id = email_threads.thread_id)`,
      [workspaceId, ...chunk],
    );
    // A customer's number (its address) goes with its last conversation.
    counts.email_customers! += await tx.run(
      `DELETE FROM email_customers WHERE workspace_id = ? AND email IN (${list})
       AND NOT EXISTS (SELECT 1 FROM email_conversations c WHERE c.workspace_id = email_customers.workspace_id AND c.customer_email = email_customers.email)`,
      [workspaceId, ...chunk],
    );
  }
  return counts;
}

async function deleteByIds(tx: SqlExecutor, table: string, idColumn: string, workspaceId: string, ids: readonly string[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    total += await tx.run(`DELETE FROM ${table} WHERE workspace_id = ? AND ${idColumn} IN (${chunk.map(() => "?").join(", ")})`, [
      workspaceId,
      ...chunk,
    ]);
  }
  return total;
}
