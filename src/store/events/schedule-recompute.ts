// Measuring stored conversations anew after a schedule change (prisma/models.prisma,
// ScheduleRecompute). A change records the range of conversation starts it covers; batches
// then recompute the business-time figures of that range in start order, each batch in its
// own short transaction that also moves the cursor, so that ingest waits for one batch at
// most, a crash resumes where the last batch committed, and running a batch twice changes
// nothing (the figures are a function of the stored times and the versions).
import { engineOf, transaction, type Database } from "../engine/database.ts";
import { timestampParam, type SqlExecutor, type SqlReader } from "../engine/sql.ts";
import { lockWorkspaceRow, scheduleVersions, timelineOf } from "../workspace/schedules.ts";
import { lockEmailConversations, remeasureConversations } from "./conversations.ts";

export interface RecomputeRange {
  from: number;
  /** null: no end. */
  until: number | null;
}

/**
 * Adds a range to the workspace's pending recompute, in the change's transaction. A pending
 * one is widened to cover both; when the new range starts at or before its cursor, the cursor
 * goes back to the new start, since rows it passed were measured with the versions of before.
 */
export async function requestRecompute(tx: SqlExecutor, workspaceId: string, range: RecomputeRange, now: number): Promise<void> {
  const time = timestampParam(tx.dialect);
  await tx.run(
    `INSERT INTO schedule_recomputes AS r (workspace_id, from_at, after_id, until_at, requested_at)
     VALUES (?, ${time}, NULL, ${range.until === null ? "NULL" : time}, ${time})
     ON CONFLICT (workspace_id) DO UPDATE SET
       after_id = CASE WHEN excluded.from_at <= r.from_at THEN NULL ELSE r.after_id END,
       from_at = CASE WHEN excluded.from_at <= r.from_at THEN excluded.from_at ELSE r.from_at END,
       until_at = CASE WHEN r.until_at IS NULL OR excluded.until_at IS NULL THEN NULL
                       WHEN excluded.until_at > r.until_at THEN excluded.until_at ELSE r.until_at END,
       requested_at = excluded.requested_at`,
    [workspaceId, range.from, ...(range.until === null ? [] : [range.until]), now],
  );
}

/** The workspaces with a recompute pending, oldest request first. */
async function pendingRecomputes(sql: SqlReader, limit = 100): Promise<string[]> {
  const rows = await sql.query<{ workspace_id: string }>(
    "SELECT workspace_id FROM schedule_recomputes ORDER BY requested_at, workspace_id LIMIT ?",
    [limit],
  );
  return rows.map((r) => r.workspace_id);
}

/** Where a workspace's pending recompute stands: the start of the next conversation to measure, or null when none is pending. */
export async function recomputeCursor(db: Database, workspaceId: string): Promise<number | null> {
  const [row] = await engineOf(db).sql.query<{ from_at: number }>("SELECT from_at FROM schedule_recomputes WHERE workspace_id = ?", [
    workspaceId,
  ]);
  return row ? Number(row.from_at) : null;
}

type Job = { from_at: number; after_id: string | null; until_at: number | null };

/**
 * One batch of a workspace's pending recompute, in one transaction: up to `limit`
 * conversations measured with the versions as they are now. Returns how many were measured
 * and whether the recompute is finished.
 */
export function recomputeBatch(db: Database, workspaceId: string, limit: number): Promise<{ measured: number; done: boolean }> {
  return transaction(db, async (tx) => {
    // The order ingest takes them in: an ingest that read the versions before a change
    // commits before this batch reads its conversations.
    await lockEmailConversations(tx, workspaceId);
    const timeZone = (await lockWorkspaceRow(tx, workspaceId)) ?? "UTC";
    const [job] = await tx.query<Job>("SELECT from_at, after_id, until_at FROM schedule_recomputes WHERE workspace_id = ?", [workspaceId]);
    if (!job) return { measured: 0, done: true };
    const cursor = { from: Number(job.from_at), afterId: job.after_id, until: job.until_at === null ? null : Number(job.until_at) };
    const timeline = timelineOf(await scheduleVersions(tx, workspaceId), timeZone);
    const { measured, last } = await remeasureConversations(tx, workspaceId, cursor, limit, timeline);
    if (measured < limit) {
      await tx.run("DELETE FROM schedule_recomputes WHERE workspace_id = ?", [workspaceId]);
      return { measured, done: true };
    }
    await tx.run(`UPDATE schedule_recomputes SET from_at = ${timestampParam(tx.dialect)}, after_id = ? WHERE workspace_id = ?`, [
      last!.startedAt,
      last!.id,
      workspaceId,
    ]);
    return { measured, done: false };
  });
}

/**
 * Runs every pending recompute to its end, batch after batch, until none is left or `signal`
 * aborts (between two batches). Returns the conversations measured.
 */
export async function drainRecomputes(
  db: Database,
  options: {
    batchSize?: number;
    signal?: AbortSignal;
    workspaceId?: string;
    onBatch?: (workspaceId: string, measured: number) => void;
  } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  let total = 0;
  for (;;) {
    const workspaces = options.workspaceId ? [options.workspaceId] : await pendingRecomputes(engineOf(db).sql);
    if (workspaces.length === 0) return total;
    for (const workspaceId of workspaces) {
      for (let done = false; !done; ) {
        if (options.signal?.aborted) return total;
        const batch = await recomputeBatch(db, workspaceId, batchSize);
        done = batch.done;
        total += batch.measured;
        options.onBatch?.(workspaceId, batch.measured);
      }
    }
    // Each workspace listed is finished; others may have been asked for meanwhile.
    if (options.workspaceId) return total;
  }
}
