// Digest schedules: when a daily, weekly or monthly digest is due and which period it
// reports on. Pure: the scheduler passes its clock (`now`, epoch ms) and keeps the ledger.
//
// Slots are wall times in the schedule's zone, rebuilt from the local date each time
// (never "previous slot + 7 x 24 h"), so a Monday 09:00 digest stays at 09:00 local
// across DST changes. Wall times the clocks skip or repeat:
// - skipped (spring forward, Paris 02:30 on 29 Mar 2026): luxon moves it forward by the
//   length of the gap, to 03:30. node-cron does NOT fire that day at all, so the
//   scheduler has to catch up from dueAtOrBefore and its ledger, not from ticks alone.
// - repeated (fall back, Paris 02:30 on 25 Oct 2026): the first occurrence, so it is due
//   once. luxon alone picks the second; node-cron ticks at the first west of UTC and at
//   the second east of it (Paris). The first is never after the tick: a tick before the
//   due instant would find only the previous, finished run, and this one would be lost.
import { DateTime } from "luxon";
import { isValidTimeZone, specToText, type PeriodSpec } from "./periods.ts";
import { reportNamed, type ReportName } from "./report-request.ts";

export type Frequency = "daily" | "weekly" | "monthly";
type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface DigestSchedule {
  frequency: Frequency;
  /** ISO weekday, 1 = Monday ... 7 = Sunday; weekly only. */
  weekday?: IsoWeekday;
  /** 1-28 so it exists every month; monthly only. */
  dayOfMonth?: number;
  /** "HH:MM", local to timeZone. */
  time: string;
  timeZone: string;
}

/** Whole local days, both included: a custom PeriodSpec, so resolvePeriod takes it as is. */
export type DigestPeriod = Extract<PeriodSpec, { from: string }>;

type ParseResult = { ok: true; schedule: DigestSchedule } | { ok: false; error: string };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DAY_OF_MONTH = /^\d{1,2}$/;
const MAX_DAY_OF_MONTH = 28;
const FORMS: Record<Frequency, { needs: string; example: string }> = {
  daily: { needs: "a time", example: "daily 08:30" },
  weekly: { needs: "a day and a time", example: "weekly mon 09:00" },
  monthly: { needs: "a time", example: "monthly 1 09:00" },
};
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
// English and French names and abbreviations, by ISO weekday. A Map, so "constructor" is no day.
const WEEKDAY_WORDS = new Map<string, IsoWeekday>(
  [
    ["mon", "monday", "lun", "lundi"],
    ["tue", "tues", "tuesday", "mar", "mardi"],
    ["wed", "wednesday", "mer", "mercredi"],
    ["thu", "thurs", "thursday", "jeu", "jeudi"],
    ["fri", "friday", "ven", "vendredi"],
    ["sat", "saturday", "sam", "samedi"],
    ["sun", "sunday", "dim", "dimanche"],
  ].flatMap((words, index) => words.map((word): [string, IsoWeekday] => [word, (index + 1) as IsoWeekday])),
);

/** "9:00" -> "09:00"; null if not a 24-hour time. */
function normalizeTime(word: string): string | null {
  const match = TIME.exec(word);
  return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : null;
}

/** What a digest posts when no report is named. */
export const DEFAULT_DIGEST_REPORT: ReportName = "agent-performance";

/**
 * The words after `/pulse digest add #channel`: the schedule, and the report when the last
 * word names one ("weekly mon 09:00 assignments"), else the default report.
 */
export function splitDigestWords(words: string[]): { scheduleWords: string[]; report: ReportName } {
  const named = reportNamed(words.at(-1)?.toLowerCase() ?? "");
  return named ? { scheduleWords: words.slice(0, -1), report: named } : { scheduleWords: words, report: DEFAULT_DIGEST_REPORT };
}

/**
 * Parses the words of a schedule, e.g. ["weekly", "mon", "09:00"]: those after the channel of
 * `/pulse digest add`, or those of `inbox-pulse digest add --schedule`.
 */
export function parseDigestSchedule(words: string[], timeZone: string): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (!isValidTimeZone(timeZone)) return fail(`unknown time zone "${timeZone}"`);
  const [first, ...rest] = words;
  if (first === undefined) return fail(`expected daily, weekly or monthly, e.g. "${FORMS.weekly.example}"`);
  const frequency = first.toLowerCase();
  if (!Object.hasOwn(FORMS, frequency)) return fail(`expected daily, weekly or monthly, got "${first}"`);
  const { needs, example } = FORMS[frequency as Frequency];
  // "monthly 09:00" is day 1; every other form has a fixed number of words.
  const args = frequency === "monthly" && rest.length === 1 ? ["1", ...rest] : rest;
  const count = frequency === "daily" ? 1 : 2;
  if (args.length < count) return fail(`${frequency} needs ${needs}, e.g. "${example}"`);
  if (args.length > count) return fail(`unexpected "${args[count]}" after the time, e.g. "${example}"`);
  // Checked left to right, so the error names the first bad word.
  const dayWord = args[0]!;
  const timeWord = args[count - 1]!;
  const badTime = `expected a time like 09:00, got "${timeWord}"`;
  if (frequency === "daily") {
    const time = normalizeTime(timeWord);
    return time ? { ok: true, schedule: { frequency, time, timeZone } } : fail(badTime);
  }
  if (frequency === "weekly") {
    const weekday = WEEKDAY_WORDS.get(dayWord.toLowerCase());
    if (!weekday) return fail(`expected a day like mon or lundi, got "${dayWord}"`);
    const time = normalizeTime(timeWord);
    return time ? { ok: true, schedule: { frequency, weekday, time, timeZone } } : fail(badTime);
  }
  const dayOfMonth = DAY_OF_MONTH.test(dayWord) ? Number(dayWord) : 0;
  if (dayOfMonth < 1 || dayOfMonth > MAX_DAY_OF_MONTH) {
    return fail(`expected a day of the month from 1 to ${MAX_DAY_OF_MONTH} (a day every month has), got "${dayWord}"`);
  }
  const time = normalizeTime(timeWord);
  return time ? { ok: true, schedule: { frequency: "monthly", dayOfMonth, time, timeZone } } : fail(badTime);
}

function clock(s: DigestSchedule): { hour: number; minute: number } {
  const match = TIME.exec(s.time);
  if (!match) throw new Error(`invalid digest time "${s.time}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function weekdayOf(s: DigestSchedule): number {
  if (!s.weekday) throw new Error("a weekly digest needs a weekday");
  return s.weekday;
}

/** For node-cron with `{ timezone: s.timeZone }`; its weekdays are 0-7, 0 or 7 = Sunday. */
export function cronExpression(s: DigestSchedule): string {
  const { hour, minute } = clock(s);
  switch (s.frequency) {
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekly":
      return `${minute} ${hour} * * ${weekdayOf(s) % 7}`;
    case "monthly":
      return `${minute} ${hour} ${s.dayOfMonth ?? 1} * *`;
  }
}

// Calendar dates are DateTimes at UTC midnight: date arithmetic without any zone's DST.
function localDate(ms: number, timeZone: string): DateTime {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  if (!local.isValid) throw new Error(`unknown time zone "${timeZone}"`);
  return DateTime.utc(local.year, local.month, local.day);
}

const toDate = (date: DateTime): string => date.toISODate()!;

const STEP = { daily: { days: 1 }, weekly: { weeks: 1 }, monthly: { months: 1 } } as const;

/** The date of the slot in the day, week or month containing `date`. */
function slotDate(s: DigestSchedule, date: DateTime): DateTime {
  switch (s.frequency) {
    case "daily":
      return date;
    case "weekly":
      return date.startOf("week").plus({ days: weekdayOf(s) - 1 });
    case "monthly":
      return date.set({ day: s.dayOfMonth ?? 1 });
  }
}

/** The instant of the slot on `date`; see the header for skipped and repeated wall times. */
function slotInstant(s: DigestSchedule, date: DateTime): number {
  const wall = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, ...clock(s) }, { zone: s.timeZone });
  return Math.min(...wall.getPossibleOffsets().map((candidate) => candidate.toMillis()));
}

/** The latest scheduled instant <= now. */
export function dueAtOrBefore(s: DigestSchedule, now: number): number {
  const date = slotDate(s, localDate(now, s.timeZone));
  const at = slotInstant(s, date);
  return at <= now ? at : slotInstant(s, date.minus(STEP[s.frequency]));
}

/** The first scheduled instant strictly after now. */
export function nextDueAfter(s: DigestSchedule, now: number): number {
  const date = slotDate(s, localDate(now, s.timeZone));
  const at = slotInstant(s, date);
  return at > now ? at : slotInstant(s, date.plus(STEP[s.frequency]));
}

/**
 * The last full period before dueAt's local date: the day before, the Monday-Sunday week
 * before the week containing it, or the calendar month before.
 */
export function periodFor(s: DigestSchedule, dueAt: number): DigestPeriod {
  const date = localDate(dueAt, s.timeZone);
  switch (s.frequency) {
    case "daily": {
      const day = toDate(date.minus({ days: 1 }));
      return { from: day, to: day };
    }
    case "weekly": {
      const monday = date.startOf("week");
      return { from: toDate(monday.minus({ weeks: 1 })), to: toDate(monday.minus({ days: 1 })) };
    }
    case "monthly": {
      const first = date.startOf("month");
      return { from: toDate(first.minus({ months: 1 })), to: toDate(first.minus({ days: 1 })) };
    }
  }
}

/** "2026-11-16..2026-11-22": the ledger's key for the run at dueAt, whenever it runs. */
export function periodKeyFor(s: DigestSchedule, dueAt: number): string {
  return specToText(periodFor(s, dueAt));
}

/** "every Monday at 09:00 (Europe/Paris)". */
export function describeDigestSchedule(s: DigestSchedule): string {
  const zone = `(${s.timeZone})`;
  switch (s.frequency) {
    case "daily":
      return `every day at ${s.time} ${zone}`;
    case "weekly":
      return `every ${WEEKDAY_NAMES[weekdayOf(s) - 1]} at ${s.time} ${zone}`;
    case "monthly":
      return `on day ${s.dayOfMonth ?? 1} of every month at ${s.time} ${zone}`;
  }
}
