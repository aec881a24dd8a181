// Business-hours schedule versions per workspace (prisma/models.prisma, BusinessSchedule),
// as the rebuild of conversations, recompute batches and reports read them.
import { defaultSchedule, validateSchedule, type BusinessSchedule } from "../../domain/business-hours/schedule.ts";
import type { ScheduleVersion } from "../../domain/schedule-versions.ts";
import type { SqlExecutor, SqlReader } from "../engine/sql.ts";

function parseStored(text: string): BusinessSchedule {
  const checked = validateSchedule(JSON.parse(text));
  if (!checked.ok)
    throw new Error(`stored business schedule is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return checked.schedule;
}

export interface ScheduleTimeline {
  /** Sorted by effectiveFrom. */
  versions: ScheduleVersion[];
  /** For a workspace with no version yet: the default hours in its zone. */
  fallback: BusinessSchedule;
}

/** The workspace's stored versions, sorted by effectiveFrom (a report knows the zone of the fallback already). */
export async function scheduleVersions(sql: SqlReader, workspaceId: string): Promise<ScheduleVersion[]> {
  const rows = await sql.query<{ effective_from: number; schedule: string; follows_time_zone: boolean | number }>(
    "SELECT effective_from, schedule, follows_time_zone FROM business_schedules WHERE workspace_id = ? ORDER BY effective_from",
    [workspaceId],
  );
  return rows.map((r) => ({
    effectiveFrom: Number(r.effective_from),
    schedule: parseStored(r.schedule),
    followsTimeZone: Boolean(r.follows_time_zone),
  }));
}

export async function scheduleTimeline(sql: SqlReader, workspaceId: string): Promise<ScheduleTimeline> {
  const versions = await scheduleVersions(sql, workspaceId);
  const [workspace] = await sql.query<{ time_zone: string }>("SELECT time_zone FROM workspaces WHERE id = ?", [workspaceId]);
  return { versions, fallback: defaultSchedule(workspace?.time_zone ?? "UTC") };
}

/**
 * On PostgreSQL, locks the workspace's row until the transaction ends: schedule changes and
 * recompute batches of a workspace then run one at a time across replicas (SQLite has its
 * write lock). Returns the workspace's time zone, or null when it has no row.
 */
export async function lockWorkspaceRow(tx: SqlExecutor, workspaceId: string): Promise<string | null> {
  const lock = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
  const [row] = await tx.query<{ time_zone: string }>(`SELECT time_zone FROM workspaces WHERE id = ?${lock}`, [workspaceId]);
  return row?.time_zone ?? null;
}
