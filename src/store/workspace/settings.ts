// Saves what the settings modal submits in one transaction: the workspace's settings, a
// schedule change when the hours or the time zone changed, and the report allowlist. A
// failure anywhere leaves all of it as it was.
import { defaultSchedule, type BusinessSchedule } from "../../domain/business-hours/schedule.ts";
import {
  formEffectiveDate,
  formScheduleChange,
  versionInForce,
  type EffectiveDate,
  type ScheduleChangePlan,
} from "../../domain/schedule-versions.ts";
import { transaction, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";
import { changeLockedSchedule, lockSchedule } from "./schedule-changes.ts";
import type { AccessKind, WorkspaceSettings } from "../../domain/workspace-settings.ts";

export interface SettingsChange {
  settings: WorkspaceSettings;
  /** The hours as submitted: a change only if they differ from those in force. */
  schedule: BusinessSchedule;
  /** The form's "Applies from". */
  appliesFrom: EffectiveDate | null;
  /** The allowlist per kind; a kind left out keeps its entries. */
  access: Partial<Record<AccessKind, string[]>>;
}

/** The schedule change it made, or null when the hours submitted are those in force. */
export function saveSettings(
  db: Database,
  workspaceId: string,
  change: SettingsChange,
  now = Date.now(),
): Promise<ScheduleChangePlan | null> {
  return transaction(db, async (tx) => {
    const time = timestampParam(tx.dialect);
    // Compared with the hours in force under the row lock: a change saved meanwhile counts.
    const locked = await lockSchedule(tx, workspaceId, now);
    const current = versionInForce(locked.versions, defaultSchedule(locked.timeZone), now);
    const from = locked.versions.length === 0 ? change.appliesFrom : formEffectiveDate(change.appliesFrom, current, now);
    const scheduleChange = formScheduleChange(current, change.schedule, from);
    const plan = scheduleChange && (await changeLockedSchedule(tx, workspaceId, locked, scheduleChange, now));
    const { timeZone, chartMode, retentionDays, eraseOnUninstall } = change.settings;
    await tx.run(
      `INSERT INTO workspaces (id, created_at, time_zone, chart_mode, retention_days, erase_on_uninstall) VALUES (?, ${time}, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, chart_mode = excluded.chart_mode,
         retention_days = excluded.retention_days, erase_on_uninstall = excluded.erase_on_uninstall`,
      [workspaceId, now, timeZone, chartMode, retentionDays, eraseOnUninstall],
    );
    for (const [kind, subjectIds] of Object.entries(change.access) as [AccessKind, string[]][]) {
      // Entries that stay keep their row (and its creation time).
      const stored = await tx.query<{ subject_id: string }>("SELECT subject_id FROM report_access WHERE workspace_id = ? AND kind = ?", [
        workspaceId,
        kind,
      ]);
      const kept = new Set(stored.map((row) => row.subject_id));
      const wanted = new Set(subjectIds);
      const gone = [...kept].filter((id) => !wanted.has(id));
      if (gone.length > 0) {
        await tx.run(`DELETE FROM report_access WHERE workspace_id = ? AND subject_id IN (${gone.map(() => "?").join(", ")})`, [
          workspaceId,
          ...gone,
        ]);
      }
      for (const subjectId of subjectIds.filter((id) => !kept.has(id))) {
        await tx.run(`INSERT INTO report_access (workspace_id, subject_id, kind, created_at) VALUES (?, ?, ?, ${time})`, [
          workspaceId,
          subjectId,
          kind,
          now,
        ]);
      }
    }
    return plan;
  });
}
