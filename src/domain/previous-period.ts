// The period every report compares itself with: the one just before, of equal length, so that
// "▲ 12% vs the previous 30 days" compares like with like (docs/definitions.md, "Change vs
// the previous period"). Lengths are counted in local calendar days (or months), never in
// hours: a week that lost an hour to DST is compared with the whole week before.
import { DateTime } from "luxon";
import type { Period } from "./periods.ts";

export interface PreviousPeriod {
  readonly start: number;
  readonly end: number;
  /** "the previous 30 days", "October 2026", "the same time yesterday". */
  readonly words: string;
  /** Its first and last local days, e.g. "2026-10-08..2026-11-06". */
  readonly days: { readonly first: string; readonly last: string };
}

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

/** True when the period covers whole calendar months (this month so far counts as its month). */
function isWholeMonths(first: DateTime, lastDay: DateTime): boolean {
  return first.day === 1 && lastDay.hasSame(lastDay.endOf("month"), "day");
}

/**
 * The period just before `period`, of equal length: as many local days (or calendar months)
 * earlier, ending as far into its last day as `period` does (today so far is compared with
 * yesterday up to the same time).
 */
export function previousPeriod(period: Period): PreviousPeriod {
  const zone = period.timeZone;
  const first = local(period.start, zone);
  const lastDay = DateTime.fromISO(period.lastDay, { zone });
  const months = isWholeMonths(first, lastDay) ? Math.round(lastDay.startOf("month").diff(first, "months").months) + 1 : 0;
  const step = months > 0 ? { months } : { days: Math.round(lastDay.diff(first, "days").days) + 1 };
  const start = first.minus(step);
  // The same time of day into the shifted last day (a month ago may have fewer days: luxon clamps).
  const end = local(period.end, zone).minus(step);
  const last = lastDay.minus(step);
  const partial = period.end < lastDay.plus({ days: 1 }).toMillis();
  return {
    start: start.toMillis(),
    end: end.toMillis(),
    words: previousWords(step, start, partial),
    days: { first: start.toISODate()!, last: last.toISODate()! },
  };
}

function previousWords(step: { months: number } | { days: number }, start: DateTime, partial: boolean): string {
  if ("months" in step) {
    if (partial) return `the same days of ${start.toFormat("LLLL")}`;
    return step.months === 1 ? start.toFormat("LLLL yyyy") : `the previous ${step.months} months`;
  }
  if (step.days === 1) return partial ? "the same time yesterday" : "the day before";
  return `the previous ${step.days} days`;
}
