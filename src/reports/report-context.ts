// What a report needs of its workspace, loaded once per report and passed down: the time
// zone its periods are resolved in, the chart mode its message draws with, and the business
// hours its durations were measured with. The workspace's row is read here and nowhere
// else on the way from a request to its message.
import { defaultSchedule } from "../domain/business-hours/schedule.ts";
import type { ChartMode } from "../domain/chart-modes.ts";
import type { Database } from "../store/engine/database.ts";
import type { SqlReader } from "../store/engine/sql.ts";
import { scheduleVersions, type ScheduleTimeline } from "../store/workspace/schedules.ts";
import { workspaceSettings } from "../store/workspace/workspaces.ts";

export interface ReportContext {
  readonly sql: SqlReader;
  readonly workspaceId: string;
  readonly timeZone: string;
  /** The instant periods are resolved at: `today` ends there. */
  readonly now: number;
  /** The workspace's own chart mode; null: the server's CHARTS. */
  readonly chartMode: ChartMode | null;
  /** The business-hours versions: each conversation was measured with the one in force when it started. */
  readonly timeline: ScheduleTimeline;
}

export async function loadReportContext(db: Database, workspaceId: string, now = Date.now()): Promise<ReportContext> {
  const [settings, versions] = await Promise.all([workspaceSettings(db.prisma, workspaceId), scheduleVersions(db.reader, workspaceId)]);
  return {
    sql: db.reader,
    workspaceId,
    timeZone: settings.timeZone,
    now,
    chartMode: settings.chartMode,
    timeline: { versions, fallback: defaultSchedule(settings.timeZone) },
  };
}
