// inbox-pulse hours show --workspace T0001
// inbox-pulse hours set --workspace T0001 --weekly "mon-fri 09:00-17:00; sat 10:00-14:00" [--holidays 2026-12-25,2026-12-26] [--time-zone Europe/Paris]
// A new schedule applies to conversations that start from now on; past figures keep theirs.
import { describeSchedule, parseHolidays, parseWeeklyHours, validateSchedule } from "../domain/business-hours.ts";
import { currentSchedule, setSchedule } from "../store/schedule-store.ts";
import { workspaceSettings } from "../store/workspace-store.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

export async function hoursCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    weekly: { type: "string" },
    holidays: { type: "string" },
    "time-zone": { type: "string" },
  });
  const workspaceId = requireWorkspace(flags);
  const action = positionals[0];
  if (action === "show") {
    return withDatabase(async (db) => {
      const schedule = await currentSchedule(db.prisma, workspaceId);
      process.stdout.write(`Business hours of ${workspaceId}: ${describeSchedule(schedule)}\n`);
      if (schedule.holidays.length > 0) process.stdout.write(`Holidays: ${schedule.holidays.join(", ")}\n`);
      return 0;
    });
  }
  if (action !== "set") {
    throw new UsageError('hours: expected show or set, e.g. hours set --workspace T0001 --weekly "mon-fri 09:00-17:00" --holidays 2026-12-25');
  }
  if (typeof flags.weekly !== "string") throw new UsageError('--weekly: expected the opening hours, e.g. --weekly "mon-fri 09:00-12:00,13:00-17:00; fri 22:00-06:00"');
  const weekly = parseWeeklyHours(flags.weekly);
  if (!weekly.ok) throw new UsageError(`--weekly: ${weekly.error}`);
  const holidays = typeof flags.holidays === "string" ? parseHolidays(flags.holidays) : { ok: true as const, holidays: [] };
  if (!holidays.ok) throw new UsageError(`--holidays: ${holidays.error}`);
  return withDatabase(async (db) => {
    const timeZone = typeof flags["time-zone"] === "string" ? flags["time-zone"] : (await workspaceSettings(db.prisma, workspaceId)).timeZone;
    const checked = validateSchedule({ timeZone, intervals: weekly.intervals, holidays: holidays.holidays });
    if (!checked.ok) throw new UsageError(checked.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    await setSchedule(db.prisma, workspaceId, checked.schedule);
    process.stdout.write(`Business hours of ${workspaceId} from now on: ${describeSchedule(checked.schedule)}\n`);
    process.stdout.write("Conversations that started before keep the schedule that was in force then.\n");
    return 0;
  });
}
