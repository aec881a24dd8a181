// Measuring stored conversations anew after a schedule change (prisma/models.prisma,
// ScheduleRecompute). A change records the range of conversation starts it covers; batches
// then recompute the business-time figures of that range in start order, each batch in its
// own short transaction that also moves the cursor, so that ingest waits for one batch at
// most, a crash resumes where the last batch committed, and running a batch twice changes
// nothing (the figures are a function of the stored times and the versions).
import { businessMetrics } from "../../domain/email-metrics.ts";
import { scheduleAt } from "../../domain/schedule-versions.ts";
import { lockEmailConversations } from "./email-events.ts";
import { lockWorkspaceRow, scheduleTimeline } from "../workspace/schedules.ts";
import { timestampParam, type SqlDatabase, type SqlExecutor, type SqlReader } from "../engine/sql.ts";

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
export async function recomputeCursor(sql: SqlReader, workspaceId: string): Promise<number | null> {
  const [row] = await sql.query<{ from_at: number }>("SELECT from_at FROM schedule_recomputes WHERE workspace_id = ?", [workspaceId]);
  return row ? Number(row.from_at) : null;
}

type Job = { from_at: number; after_id: string | null; until_at: number | null };
type Times = { id: string; started_at: number; first_response_at: number | null; closed_at: number | null };

/**
 * One batch of a workspace's pending recompute, in one transaction: up to `limit`
 * conversations measured with the versions as they are now. Returns how many were measured
 * and whether the recompute is finished.
 */
export function recomputeBatch(sql: SqlDatabase, workspaceId: string, limit: number): Promise<{ measured: number; done: boolean }> {
  return sql.transaction(async (tx) => {
    // The order ingest takes them in: an ingest that read the versions before a change
    // commits before this batch reads its conversations.
    await lockEmailConversations(tx, workspaceId);
    await lockWorkspaceRow(tx, workspaceId);
    const [job] = await tx.query<Job>("SELECT from_at, after_id, until_at FROM schedule_recomputes WHERE workspace_id = ?", [workspaceId]);
    if (!job) return { measured: 0, done: true };
    const rows = await conversationsAfter(tx, workspaceId, job, limit);
    const { versions, fallback } = await scheduleTimeline(tx, workspaceId);
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
    if (rows.length < limit) {
      await tx.run("DELETE FROM schedule_recomputes WHERE workspace_id = ?", [workspaceId]);
      return { measured: rows.length, done: true };
    }
    const last = rows.at(-1)!;
    await tx.run(`UPDATE schedule_recomputes SET from_at = ${timestampParam(tx.dialect)}, after_id = ? WHERE workspace_id = ?`, [
      Number(last.started_at),
      last.id,
      workspaceId,
    ]);
    return { measured: rows.length, done: false };
  });
}

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));

/** The next conversations of the job's range after its cursor, in (started_at, id) order. */
function conversationsAfter(tx: SqlExecutor, workspaceId: string, job: Job, limit: number): Promise<Times[]> {
  const time = timestampParam(tx.dialect);
  const from = Number(job.from_at);
  const params: (string | number)[] = [workspaceId];
  let where = "workspace_id = ?";
  if (job.after_id === null) {
    where += ` AND started_at >= ${time}`;
    params.push(from);
  } else {
    where += ` AND (started_at > ${time} OR (started_at = ${time} AND id > ?))`;
    params.push(from, from, job.after_id);
  }
  if (job.until_at !== null) {
    where += ` AND started_at < ${time}`;
    params.push(Number(job.until_at));
  }
  return tx.query<Times>(
    `SELECT id, started_at, first_response_at, closed_at FROM email_conversations WHERE ${where} ORDER BY started_at, id LIMIT ?`,
    [...params, limit],
  );
}

/**
 * Runs every pending recompute to its end, batch after batch, until none is left or `signal`
 * aborts (between two batches). Returns the conversations measured.
 */
export async function drainRecomputes(
  sql: SqlDatabase,
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
    const workspaces = options.workspaceId ? [options.workspaceId] : await pendingRecomputes(sql);
    if (workspaces.length === 0) return total;
    for (const workspaceId of workspaces) {
      for (let done = false; !done; ) {
        if (options.signal?.aborted) return total;
        const batch = await recomputeBatch(sql, workspaceId, batchSize);
        done = batch.done;
        total += batch.measured;
        options.onBatch?.(workspaceId, batch.measured);
      }
    }
    // Each workspace listed is finished; others may have been asked for meanwhile.
    if (options.workspaceId) return total;
  }
}
