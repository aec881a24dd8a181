// The retention job (docs/operations.md, "Data retention"): for each workspace with a retention set,
// deletes what came from customers before the cut-off (now - retention days), in small
// transactions so that a big delete never holds ingest up for long. What goes, and how,
// is src/store/deletion/retention.ts; this runs its batches, logs and stops between two.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Logger } from "../log.ts";
import type { Database } from "../store/engine/database.ts";
import {
  customersWithEventsBefore,
  expireAssignments,
  expireContactConversationEvents,
  expireEmailConversations,
  expireThreadlessEmailEvents,
  withRetentionLock,
  workspacesWithRetention,
  type DeletedRows,
} from "../store/deletion/retention.ts";
import { pruneIdentities } from "../store/events/person-identities.ts";

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

interface WorkspaceRetention {
  workspaceId: string;
  retentionDays: number;
  cutoff: number;
  deleted: DeletedRows;
}

/** `skipped`: another replica is running it (PostgreSQL), or this process already is. */
export type RetentionResult = { status: "ran"; workspaces: WorkspaceRetention[] } | { status: "skipped" };

const DEFAULT_BATCH = 5000;

/** Runs the job once, unless another run holds the lock. Logs counts and ids only. */
export async function runRetention(db: Database, log: Logger, options: RetentionOptions = {}): Promise<RetentionResult> {
  const outcome = await withRetentionLock(db, () => retainAll(db, log, options));
  if (outcome === null) {
    log.info("retention skipped: another run holds the lock");
    return { status: "skipped" };
  }
  return { status: "ran", workspaces: outcome };
}

async function retainAll(db: Database, log: Logger, options: RetentionOptions): Promise<WorkspaceRetention[]> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const results: WorkspaceRetention[] = [];
  for (const workspace of await workspacesWithRetention(db, options.workspaceId)) {
    if (options.signal?.aborted) break;
    const { retentionDays } = workspace;
    const cutoff = now - retentionDays * DAY_MS;
    const started = Date.now();
    const deleted = await retainWorkspace(db, workspace.id, cutoff, batchSize, options.signal);
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
  db: Database,
  workspaceId: string,
  cutoff: number,
  batchSize: number,
  signal?: AbortSignal,
): Promise<DeletedRows> {
  const deleted: DeletedRows = {
    assignments: 0,
    contact_conversation_events: 0,
    email_events: 0,
    email_threads: 0,
    email_conversations: 0,
    email_customers: 0,
    person_identities: 0,
  };
  const add = (counts: DeletedRows) => {
    for (const [table, n] of Object.entries(counts)) deleted[table] = (deleted[table] ?? 0) + n;
  };
  /** Runs `batch` until it deletes fewer than `batchSize` rows or the job is stopped. */
  const untilDone = async (batch: (limit: number) => Promise<number>): Promise<number> => {
    let total = 0;
    while (!signal?.aborted) {
      const changed = await batch(batchSize);
      total += changed;
      if (changed < batchSize) break;
      // SQLite runs synchronously: let requests and ingest in between batches.
      await nextTurn();
    }
    return total;
  };

  add({ assignments: await untilDone((limit) => expireAssignments(db, workspaceId, cutoff, limit)) });
  add({ contact_conversation_events: await untilDone((limit) => expireContactConversationEvents(db, workspaceId, cutoff, limit)) });

  // Email: customer by customer (keyset pages), each page in one transaction.
  const customersPerBatch = Math.max(1, Math.ceil(batchSize / 50));
  let after = "";
  while (!signal?.aborted) {
    const customers = await customersWithEventsBefore(db, workspaceId, cutoff, after, customersPerBatch);
    if (customers.length === 0) break;
    add(await expireEmailConversations(db, workspaceId, customers, cutoff));
    after = customers.at(-1)!;
    await nextTurn();
  }
  add({ email_events: await untilDone((limit) => expireThreadlessEmailEvents(db, workspaceId, cutoff, limit)) });
  // Who is who keeps only the people that stored events still carry.
  if (!signal?.aborted) deleted.person_identities = await pruneIdentities(db, workspaceId);
  return deleted;
}
