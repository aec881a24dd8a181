// Saves what the settings modal submits in one transaction: the workspace's settings, a
// schedule change when the hours or the time zone changed, and the report allowlist. A
// failure anywhere leaves all of it as it was.
import type { ScheduleChange, ScheduleChangePlan } from "../../domain/schedule-versions.ts";
import { changeSchedule } from "./schedule-changes.ts";
import { timestampParam, type SqlDatabase } from "../engine/sql.ts";
import type { AccessKind, WorkspaceSettings } from "../../domain/workspace-settings.ts";

export interface SettingsChange {
  settings: WorkspaceSettings;
  /** null leaves the schedule as it is. */
  schedule: ScheduleChange | null;
  /** The allowlist per kind; a kind left out keeps its entries. */
  access: Partial<Record<AccessKind, string[]>>;
}

export function saveSettings(
  sql: SqlDatabase,
  workspaceId: string,
  change: SettingsChange,
  now = Date.now(),
): Promise<ScheduleChangePlan | null> {
  return sql.transaction(async (tx) => {
    const time = timestampParam(tx.dialect);
    const plan = change.schedule ? await changeSchedule(tx, workspaceId, change.schedule, now) : null;
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
