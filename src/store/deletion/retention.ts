// Retention's deletions (src/ops/retention-job.ts runs them, batch after batch): what came
// from customers before a cut-off.
// - Assignments and contact conversation events age by their own time, except a
//   conversation opening with no closing after it: that conversation is still open, and
//   later assignments of the contact name it.
// - Email conversations age by their last activity: a conversation goes, with all its
//   events, once its last event (the customer's next conversation excluded) is older than
//   the cut-off (src/store/events/conversations.ts). A conversation still active keeps its
//   older events, so the stored conversations stay exactly what rebuilding them from the
//   remaining events gives.
// - Who is who (person_identities) then forgets the people no remaining event carries
//   (src/store/events/person-identities.ts, pruneIdentities).
import { engineOf, transaction, type Database } from "../engine/database.ts";
import { CHUNK, placeholders } from "../engine/chunks.ts";
import { timestampParam, type Param, type SqlExecutor } from "../engine/sql.ts";
import { expiredConversations, lockEmailConversations } from "../events/conversations.ts";
import { lockWorkspaceWrites } from "../events/workspace-writes.ts";

/** Rows deleted per table. */
export type DeletedRows = Record<string, number>;

/** The workspaces with a retention set (or only this one, if it has), by id. */
export async function workspacesWithRetention(db: Database, workspaceId?: string): Promise<{ id: string; retentionDays: number }[]> {
  const rows = await engineOf(db).sql.query<{ id: string; retention_days: number }>(
    `SELECT id, retention_days FROM workspaces WHERE retention_days IS NOT NULL${workspaceId ? " AND id = ?" : ""} ORDER BY id`,
    workspaceId ? [workspaceId] : [],
  );
  return rows.map((r) => ({ id: r.id, retentionDays: Number(r.retention_days) }));
}

// One run at a time. PostgreSQL: a transaction-scoped advisory lock, held by a transaction
// that stays open for the run (the batches use other connections) and is released
// even if the process dies. The key includes the schema: deployments sharing a server
// do not wait for each other. SQLite serves one process; the in-process guard is enough.
const runningIn = new WeakSet<Database>();

/** Runs `work` unless another run holds the lock (another replica on PostgreSQL, or this process): then null. */
export async function withRetentionLock<T>(db: Database, work: () => Promise<T>): Promise<T | null> {
  if (runningIn.has(db)) return null;
  runningIn.add(db);
  try {
    if (db.target.provider === "sqlite") return await work();
    return await transaction(db, async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext('inbox-pulse retention'), hashtext(current_schema())) AS locked",
      );
      return lock?.locked ? work() : null;
    });
  } finally {
    runningIn.delete(db);
  }
}

/**
 * Deletes up to `limit` matching rows in a transaction of its own; returns how many.
 * SQLite has no DELETE ... LIMIT in every build: rowids pick the batch; PostgreSQL uses
 * ctids the same way.
 */
function deleteBatch(
  db: Database,
  table: string,
  where: string,
  params: Param[],
  limit: number,
  lock?: (tx: SqlExecutor) => Promise<unknown>,
): Promise<number> {
  const statement =
    db.target.provider === "sqlite"
      ? `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ?)`
      : `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ?))`;
  return transaction(db, async (tx) => {
    await lock?.(tx);
    return tx.run(statement, [...params, limit]);
  });
}

const at = (db: Database) => timestampParam(db.target.provider);

/** A batch of the workspace's assignments older than the cut-off. */
export function expireAssignments(db: Database, workspaceId: string, cutoff: number, limit: number): Promise<number> {
  // Locked first, as ingest does: the delete triggers would take the same locks in another order.
  return deleteBatch(db, "assignments", `workspace_id = ? AND occurred_at < ${at(db)}`, [workspaceId, cutoff], limit, (tx) =>
    lockWorkspaceWrites(tx, workspaceId),
  );
}

/** A batch of the workspace's contact conversation events older than the cut-off, but for an opening with no closing after it. */
export function expireContactConversationEvents(db: Database, workspaceId: string, cutoff: number, limit: number): Promise<number> {
  return deleteBatch(
    db,
    "contact_conversation_events",
    // An opening with no closing after it (src/store/events/contact-conversations.ts) stays.
    `workspace_id = ? AND occurred_at < ${at(db)} AND (kind = 'closed' OR EXISTS (
       SELECT 1 FROM contact_conversation_events c
       WHERE c.workspace_id = contact_conversation_events.workspace_id AND c.contact_id = contact_conversation_events.contact_id
         AND c.kind = 'closed' AND (c.occurred_at > contact_conversation_events.occurred_at
           OR (c.occurred_at = contact_conversation_events.occurred_at AND c.conversation_id = contact_conversation_events.conversation_id))))`,
    [workspaceId, cutoff],
    limit,
  );
}

/** A batch of events in threads no customer email ever opened: they belong to no conversation and age by their own time. */
export function expireThreadlessEmailEvents(db: Database, workspaceId: string, cutoff: number, limit: number): Promise<number> {
  return deleteBatch(
    db,
    "email_events",
    `workspace_id = ? AND occurred_at < ${at(db)} AND NOT EXISTS (
       SELECT 1 FROM email_threads t WHERE t.workspace_id = email_events.workspace_id AND t.thread_id = email_events.thread_id)`,
    [workspaceId, cutoff],
    limit,
  );
}

/** A keyset page of the customers, after `after` in address order, with an event older than the cut-off. */
export async function customersWithEventsBefore(
  db: Database,
  workspaceId: string,
  cutoff: number,
  after: string,
  limit: number,
): Promise<string[]> {
  const page = await engineOf(db).sql.query<{ customer_email: string }>(
    `SELECT DISTINCT t.customer_email FROM email_threads t
     WHERE t.workspace_id = ? AND t.customer_email > ? AND EXISTS (
       SELECT 1 FROM email_events e WHERE e.workspace_id = t.workspace_id AND e.thread_id = t.thread_id AND e.occurred_at < ${at(db)})
     ORDER BY t.customer_email LIMIT ?`,
    [workspaceId, after, cutoff, limit],
  );
  return page.map((p) => p.customer_email);
}

/**
 * In one transaction, for each customer: its conversations whose last activity is before the
 * cut-off with the events they span, then its threads left empty, and its number once its
 * last conversation is gone.
 */
export function expireEmailConversations(
  db: Database,
  workspaceId: string,
  customers: readonly string[],
  cutoff: number,
): Promise<DeletedRows> {
  return transaction(db, async (tx) => {
    await lockEmailConversations(tx, workspaceId);
    const expired = await expiredConversations(tx, workspaceId, customers, cutoff);
    const deleted: DeletedRows = {
      email_events: await deleteByIds(tx, "email_events", "event_id", workspaceId, expired.eventIds),
      email_conversations: await deleteByIds(tx, "email_conversations", "id", workspaceId, expired.conversationIds),
      email_threads: 0,
      email_customers: 0,
    };
    for (let start = 0; start < customers.length; start += CHUNK) {
      const chunk = customers.slice(start, start + CHUNK);
      const list = placeholders(chunk.length);
      deleted.email_threads! += await tx.run(
        `DELETE FROM email_threads WHERE workspace_id = ? AND customer_email IN (${list})
         AND NOT EXISTS (SELECT 1 FROM email_events e WHERE e.workspace_id = email_threads.workspace_id AND e.thread_id = email_threads.thread_id)`,
        [workspaceId, ...chunk],
      );
      // A customer's number (its address) goes with its last conversation.
      deleted.email_customers! += await tx.run(
        `DELETE FROM email_customers WHERE workspace_id = ? AND email IN (${list})
         AND NOT EXISTS (SELECT 1 FROM email_conversations c WHERE c.workspace_id = email_customers.workspace_id AND c.customer_email = email_customers.email)`,
        [workspaceId, ...chunk],
      );
    }
    return deleted;
  });
}

async function deleteByIds(tx: SqlExecutor, table: string, idColumn: string, workspaceId: string, ids: readonly string[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    total += await tx.run(`DELETE FROM ${table} WHERE workspace_id = ? AND ${idColumn} IN (${placeholders(chunk.length)})`, [
      workspaceId,
      ...chunk,
    ]);
  }
  return total;
}
