// Schedule changes: a new version of the business hours, or a new time zone for the
// workspace, which the default hours follow (src/domain/schedule-versions.ts). Each writes its
// versions and asks for the conversations it covers to be measured anew, in one transaction.
import { planScheduleChange, type ScheduleChange, type ScheduleChangePlan, type ScheduleVersion } from "../../domain/schedule-versions.ts";
import { transaction, type Database } from "../engine/database.ts";
import { timestampParam, type SqlExecutor } from "../engine/sql.ts";
import { requestRecompute } from "../events/schedule-recompute.ts";
import { lockWorkspaceRow, scheduleVersions } from "./schedules.ts";

/** The schedule a change starts from, read under the workspace's row lock. */
interface LockedSchedule {
  /** The workspace's time zone before the change. */
  timeZone: string;
  versions: ScheduleVersion[];
}

/** Locks the workspace's row (creating it when missing) and reads its schedule, in the caller's transaction. */
export async function lockSchedule(tx: SqlExecutor, workspaceId: string, now: number): Promise<LockedSchedule> {
  await tx.run(`INSERT INTO workspaces (id, created_at) VALUES (?, ${timestampParam(tx.dialect)}) ON CONFLICT (id) DO NOTHING`, [
    workspaceId,
    now,
  ]);
  const timeZone = (await lockWorkspaceRow(tx, workspaceId))!;
  return { timeZone, versions: await scheduleVersions(tx, workspaceId) };
}

/**
 * Applies a change to the schedule that lockSchedule read, in the same transaction: writes
 * its versions, sets the workspace's zone for a zone change, and asks for the conversations
 * it covers to be measured anew (src/store/events/schedule-recompute.ts). Returns what it did.
 */
export async function changeLockedSchedule(
  tx: SqlExecutor,
  workspaceId: string,
  locked: LockedSchedule,
  change: ScheduleChange,
  now: number,
): Promise<ScheduleChangePlan> {
  const plan = planScheduleChange(locked.versions, locked.timeZone, change, now);
  const time = timestampParam(tx.dialect);
  for (const v of plan.upsert) {
    await tx.run(
      `INSERT INTO business_schedules (workspace_id, effective_from, schedule, follows_time_zone, created_at) VALUES (?, ${time}, ?, ?, ${time})
       ON CONFLICT (workspace_id, effective_from) DO UPDATE SET schedule = excluded.schedule, follows_time_zone = excluded.follows_time_zone`,
      [workspaceId, v.effectiveFrom, JSON.stringify(v.schedule), v.followsTimeZone, now],
    );
  }
  if (change.kind === "time-zone") await tx.run("UPDATE workspaces SET time_zone = ? WHERE id = ?", [change.timeZone, workspaceId]);
  if (plan.recompute) await requestRecompute(tx, workspaceId, plan.recompute, now);
  return plan;
}

/** A change in a transaction of its own (the CLI's). */
export function applyScheduleChange(
  db: Database,
  workspaceId: string,
  change: ScheduleChange,
  now = Date.now(),
): Promise<ScheduleChangePlan> {
  return transaction(db, async (tx) => changeLockedSchedule(tx, workspaceId, await lockSchedule(tx, workspaceId, now), change, now));
}
