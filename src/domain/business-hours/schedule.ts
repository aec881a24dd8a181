// Business hours: a weekly schedule in a time zone, minus holidays, for the seed's "pendant
// les heures d'ouverture" metrics. The type, its default, and the checks every stored or
// submitted schedule passes (src/domain/business-hours/hours-text.ts reads the typed form,
// src/domain/business-hours/open-time.ts measures open time with it).
import { z } from "zod";
import { issueErrors, type FieldError } from "../field-errors.ts";
import { isValidTimeZone } from "../periods.ts";

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OpeningInterval {
  day: Weekday;
  /** "HH:MM", 00:00 to 23:59. */
  start: string;
  /** "HH:MM", 00:00 to 24:00; an end before the start ends the next day (overnight). */
  end: string;
}

export interface BusinessSchedule {
  timeZone: string;
  intervals: OpeningInterval[];
  /** "YYYY-MM-DD" local dates, closed all day. */
  holidays: string[];
}

export const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
export const DAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MAX_INTERVALS = 100;
const MAX_HOLIDAYS = 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_EXPECTED = "expected a day number from 1 (Monday) to 7 (Sunday)";

export function defaultSchedule(timeZone: string): BusinessSchedule {
  const intervals = ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: "09:00", end: "17:00" }));
  return { timeZone, intervals, holidays: [] };
}

/** Minutes since midnight for "HH:MM", or null. "24:00" only when `allowMidnightEnd`. */
export function parseTime(text: string, allowMidnightEnd: boolean): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match || Number(match[2]) > 59) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes < DAY_MINUTES || (allowMidnightEnd && minutes === DAY_MINUTES) ? minutes : null;
}

export function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const timeSchema = (allowMidnightEnd: boolean) => {
  const expected = `expected HH:MM from 00:00 to ${allowMidnightEnd ? "24:00" : "23:59"}`;
  return z.string({ error: expected }).refine((text) => parseTime(text, allowMidnightEnd) !== null, {
    error: (issue) => `"${String(issue.input)}" is not a time: ${expected}`,
  });
};

const intervalSchema = z
  .strictObject(
    {
      day: z
        .int({ error: DAY_EXPECTED })
        .min(1, { error: DAY_EXPECTED })
        .max(7, { error: DAY_EXPECTED })
        .transform((day) => day as Weekday),
      start: timeSchema(false),
      end: timeSchema(true),
    },
    { error: `expected an interval such as { "day": 1, "start": "09:00", "end": "17:00" }` },
  )
  .refine((interval) => interval.start !== interval.end, {
    error: "an interval cannot start and end at the same time (use 00:00-24:00 for a whole day)",
    path: ["end"],
  });

const scheduleSchema = z.strictObject(
  {
    timeZone: z
      .string({ error: "expected a time zone name such as Europe/Paris" })
      .refine(isValidTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}": expected a name such as Europe/Paris` }),
    intervals: z
      .array(intervalSchema, { error: "expected a list of opening intervals" })
      .min(1, { error: "at least one opening interval is needed" })
      .max(MAX_INTERVALS, { error: `at most ${MAX_INTERVALS} opening intervals` }),
    holidays: z
      .array(
        z.string({ error: "expected a date as YYYY-MM-DD" }).refine(isRealDate, {
          error: (issue) => `"${String(issue.input)}" is not a date: expected YYYY-MM-DD`,
        }),
        { error: "expected a list of dates as YYYY-MM-DD" },
      )
      .max(MAX_HOLIDAYS, { error: `at most ${MAX_HOLIDAYS} holidays` })
      .default([]),
  },
  { error: "expected a schedule object" },
);

export function describeInterval(interval: OpeningInterval): string {
  return `${DAY_NAMES[interval.day]} ${interval.start}-${interval.end}`;
}

/** Pairs [earlier index, later index] of intervals that share some time of the week. */
export function overlappingPairs(intervals: readonly OpeningInterval[]): [number, number][] {
  // Minutes of the week; an overnight interval runs past its day, and Sunday's into Monday.
  const spans = intervals.map(({ day, start, end }) => {
    const from = (day - 1) * DAY_MINUTES + (parseTime(start, false) ?? 0);
    const to = (day - 1) * DAY_MINUTES + (parseTime(end, true) ?? 0);
    return [from, to > from ? to : to + DAY_MINUTES] as const;
  });
  const pairs: [number, number][] = [];
  spans.forEach(([aFrom, aTo], i) => {
    for (let j = i + 1; j < spans.length; j++) {
      const [bFrom, bTo] = spans[j]!;
      if ([-WEEK_MINUTES, 0, WEEK_MINUTES].some((shift) => aFrom < bTo + shift && bFrom + shift < aTo)) pairs.push([i, j]);
    }
  });
  return pairs;
}

/** Checks a stored or submitted schedule; holidays come back sorted, without duplicates. */
export function validateSchedule(input: unknown): { ok: true; schedule: BusinessSchedule } | { ok: false; errors: FieldError[] } {
  const result = scheduleSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: issueErrors(result.error.issues, "(schedule)") };
  const { timeZone, intervals, holidays } = result.data;
  const errors = overlappingPairs(intervals).map(([i, j]) => ({
    path: `intervals[${j}]`,
    message: `${describeInterval(intervals[j]!)} overlaps ${describeInterval(intervals[i]!)} (intervals[${i}])`,
  }));
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    schedule: { timeZone, intervals, holidays: [...new Set(holidays)].sort() },
  };
}
