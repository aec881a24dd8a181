// What the CLI prints after a schedule change, and the recompute it then runs to its end
// (a running app would do it in the background; the CLI may be all there is).
import { describeSchedule } from "../domain/business-hours/hours-text.ts";
import {
  fromText,
  parseEffectiveDate,
  type EffectiveDate,
  type ScheduleChangePlan,
  type ScheduleVersion,
} from "../domain/schedule-versions.ts";
import type { Database } from "../store/engine/database.ts";
import { drainRecomputes } from "../store/events/schedule-recompute.ts";
import { UsageError } from "./usage-error.ts";

/** `--from`: absent (the default rule), a date or "start". */
export function fromFlag(value: string | boolean | undefined): EffectiveDate | null {
  if (value === undefined) return null;
  const parsed = typeof value === "string" ? parseEffectiveDate(value) : null;
  if (parsed === null)
    throw new UsageError(`--from: expected a date as YYYY-MM-DD (1970 to 2100) or "start" (all history), got "${String(value)}"`);
  return parsed;
}

/** The workspace's versions, one line each, oldest first. */
export function timelineLines(versions: readonly ScheduleVersion[]): string[] {
  return versions.map(
    (v) =>
      `  ${fromText(v.effectiveFrom, v.schedule.timeZone)}: ${describeSchedule(v.schedule)}${v.followsTimeZone ? " (default hours, follow the workspace's time zone)" : ""}`,
  );
}

/** Measures anew the conversations the change covers; prints how many. */
export async function recomputeAfter(db: Database, workspaceId: string, plan: ScheduleChangePlan): Promise<void> {
  if (!plan.recompute) return;
  const measured = await drainRecomputes(db.sql, { workspaceId });
  process.stdout.write(`Recomputed the business-hours figures of ${measured.toLocaleString("en-US")} conversation(s).\n`);
}
