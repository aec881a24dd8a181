// inbox-pulse hours show --workspace T0001
// inbox-pulse hours set --workspace T0001 --weekly "mon-fri 09:00-17:00; sat 10:00-14:00" [--holidays 2026-12-25,2026-12-26] [--time-zone Europe/Paris] [--from 2026-01-01|start]
// A version measures the conversations that started from its date (docs/definitions.md, "Business hours").
import { describeSchedule, parseHolidays, parseWeeklyHours } from "../domain/business-hours/hours-text.ts";
import { validateSchedule } from "../domain/business-hours/schedule.ts";
import { fromText, versionInForce } from "../domain/schedule-versions.ts";
import { applyScheduleChange } from "../store/workspace/schedule-changes.ts";
import { recomputeCursor } from "../store/events/schedule-recompute.ts";
import { scheduleTimeline } from "../store/workspace/schedules.ts";
import { workspaceSettings } from "../store/workspace/workspaces.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { fromFlag, recomputeAfter, timelineLines } from "./schedule-output.ts";
import { UsageError } from "./usage-error.ts";

export async function hoursCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    weekly: { type: "string" },
    holidays: { type: "string" },
    "time-zone": { type: "string" },
    from: { type: "string" },
  });
  const workspaceId = requireWorkspace(flags);
  const action = positionals[0];
  if (action === "show") {
    return withDatabase(async (db) => {
      const { timeZone } = await workspaceSettings(db, workspaceId);
      const { versions, fallback } = await scheduleTimeline(db, workspaceId, timeZone);
      const now = versionInForce(versions, fallback, Date.now()).schedule;
      process.stdout.write(`Business hours of ${workspaceId}: ${describeSchedule(now)}\n`);
      if (now.holidays.length > 0) process.stdout.write(`Holidays: ${now.holidays.join(", ")}\n`);
      if (versions.length === 0) process.stdout.write("The default hours in the workspace's time zone; none set yet.\n");
      else
        process.stdout.write(
          `Versions (each measures the conversations that started from its date):\n${timelineLines(versions).join("\n")}\n`,
        );
      const pending = await recomputeCursor(db, workspaceId);
      if (pending !== null)
        process.stdout.write(`Still recomputing the figures of conversations started from ${new Date(pending).toISOString()}.\n`);
      return 0;
    });
  }
  if (action !== "set") {
    throw new UsageError(
      'hours: expected show or set, e.g. hours set --workspace T0001 --weekly "mon-fri 09:00-17:00" --holidays 2026-12-25 --from 2026-01-01',
    );
  }
  if (typeof flags.weekly !== "string")
    throw new UsageError('--weekly: expected the opening hours, e.g. --weekly "mon-fri 09:00-12:00,13:00-17:00; fri 22:00-06:00"');
  const weekly = parseWeeklyHours(flags.weekly);
  if (!weekly.ok) throw new UsageError(`--weekly: ${weekly.error}`);
  const holidays = typeof flags.holidays === "string" ? parseHolidays(flags.holidays) : { ok: true as const, holidays: [] };
  if (!holidays.ok) throw new UsageError(`--holidays: ${holidays.error}`);
  const from = fromFlag(flags.from);
  return withDatabase(async (db) => {
    const timeZone = typeof flags["time-zone"] === "string" ? flags["time-zone"] : (await workspaceSettings(db, workspaceId)).timeZone;
    const checked = validateSchedule({ timeZone, intervals: weekly.intervals, holidays: holidays.holidays });
    if (!checked.ok)
      throw new UsageError(checked.errors.map((e) => `${e.path === "timeZone" ? "--time-zone" : e.path}: ${e.message}`).join("\n"));
    const plan = await applyScheduleChange(db, workspaceId, { kind: "hours", schedule: checked.schedule, from });
    const applies = fromText(plan.effectiveFrom, checked.schedule.timeZone);
    if (plan.unchanged) {
      process.stdout.write(
        `Business hours of ${workspaceId} ${applies} already are ${describeSchedule(checked.schedule)}: nothing changed.\n`,
      );
      return 1;
    }
    process.stdout.write(`Business hours of ${workspaceId} ${applies}: ${describeSchedule(checked.schedule)}\n`);
    process.stdout.write("Conversations that started from that date (until the next version, if any) are measured with them.\n");
    await recomputeAfter(db, workspaceId, plan);
    return 0;
  });
}
