// Business hours: a weekly schedule in a time zone, minus holidays, and the open time
// between two instants, for the seed's "pendant les heures d'ouverture" metrics.
//
// Wall times are read in the schedule's zone with luxon's zone offsets:
// - a wall time the clocks skip (spring forward, Paris 02:30 on 29 Mar 2026) is read as
//   the moment the clocks jump (03:00). luxon's fromObject would give 03:30, which makes
//   02:30-03:15 shorter than 03:00-03:15; jumping keeps wall times in order.
// - a wall time that happens twice (fall back) is read as its first occurrence.
// - a holiday closes its whole local date, including the part of an overnight interval
//   from the day before that runs into it; "24:00" is the next local midnight.
import { Info, type Zone } from "luxon";
import { z } from "zod";
import { isValidTimeZone } from "./periods.ts";

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

export interface FieldError {
  path: string;
  message: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const DAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MAX_INTERVALS = 100;
const MAX_HOLIDAYS = 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_EXPECTED = "expected a day number from 1 (Monday) to 7 (Sunday)";
const EXAMPLE = `e.g. "mon-fri 09:00-17:00; sat 10:00-14:00"`;

export function defaultSchedule(timeZone: string): BusinessSchedule {
  const intervals = ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: "09:00", end: "17:00" }));
  return { timeZone, intervals, holidays: [] };
}

// ---------------------------------------------------------------------------------------
// Validation

/** Minutes since midnight for "HH:MM", or null. "24:00" only when `allowMidnightEnd`. */
function parseTime(text: string, allowMidnightEnd: boolean): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match || Number(match[2]) > 59) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes < DAY_MINUTES || (allowMidnightEnd && minutes === DAY_MINUTES) ? minutes : null;
}

function isRealDate(text: string): boolean {
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

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out || "(schedule)";
}

function describeInterval(interval: OpeningInterval): string {
  return `${DAY_NAMES[interval.day]} ${interval.start}-${interval.end}`;
}

/** Pairs [earlier index, later index] of intervals that share some time of the week. */
function overlappingPairs(intervals: readonly OpeningInterval[]): [number, number][] {
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
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
      })),
    };
  }
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

// ---------------------------------------------------------------------------------------
// CLI syntax: "mon-fri 09:00-17:00; sat 10:00-14:00; tue 09:00-12:00,13:00-17:00"

const DAY_WORDS: [Weekday, string[]][] = [
  [1, ["monday", "lundi"]],
  [2, ["tuesday", "mardi"]],
  [3, ["wednesday", "mercredi"]],
  [4, ["thursday", "jeudi"]],
  [5, ["friday", "vendredi"]],
  [6, ["saturday", "samedi"]],
  [7, ["sunday", "dimanche"]],
];

/** A day from its English or French name or any prefix of it of 3 letters or more. */
function dayFromWord(word: string): Weekday | null {
  const folded = word
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
  if (folded.length < 3) return null;
  for (const [day, names] of DAY_WORDS) if (names.some((name) => name.startsWith(folded))) return day;
  return null;
}

function parseDays(text: string, group: string): Weekday[] | string {
  const days = new Set<Weekday>();
  for (const part of text.replace(/\s+/g, "").split(",")) {
    const ends = part.split(/[-–]/);
    const named = ends.map(dayFromWord);
    const bad = ends.find((_, i) => named[i] === null);
    if (ends.length > 2 || bad !== undefined) {
      const what = ends.length > 2 ? `"${part}" is not a day or a range of days` : `unknown day "${bad}"`;
      return `${what} in "${group}": expected mon, tue, wed, thu, fri, sat, sun (or full names, or lun, mar, mer, jeu, ven, sam, dim), or a range such as mon-fri`;
    }
    const first = named[0]!;
    const last = named[ends.length - 1]!;
    // A range may wrap past Sunday: fri-mon is Friday to Monday.
    for (let day = first; ; day = ((day % 7) + 1) as Weekday) {
      days.add(day);
      if (day === last) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** "9", "9h", "9:30", "09h30", "17:00" as "HH:MM", or null when it is not a time of day. */
function normalizeTime(text: string, allowMidnightEnd: boolean): string | null {
  const match = /^(\d{1,2})(?:[:h](\d{2})?)?$/i.exec(text);
  if (!match) return null;
  const time = `${match[1]!.padStart(2, "0")}:${match[2] ?? "00"}`;
  return parseTime(time, allowMidnightEnd) === null ? null : time;
}

function parseTimes(text: string, group: string): { start: string; end: string }[] | string {
  const times: { start: string; end: string }[] = [];
  for (const part of text.replace(/\s+/g, "").split(",")) {
    const ends = part.split(/[-–]/);
    if (ends.length !== 2) return `"${part}" in "${group}" is not an interval: expected HH:MM-HH:MM, e.g. 09:00-17:00`;
    const start = normalizeTime(ends[0]!, false);
    if (start === null) return `"${ends[0]}" in "${group}" is not an opening time: expected HH:MM from 00:00 to 23:59`;
    const end = normalizeTime(ends[1]!, true);
    if (end === null) return `"${ends[1]}" in "${group}" is not a closing time: expected HH:MM from 00:00 to 24:00`;
    if (start === end)
      return `"${part}" in "${group}" is empty: an interval cannot start and end at the same time (use 00:00-24:00 for a whole day)`;
    times.push({ start, end });
  }
  return times;
}

/**
 * Parses weekly hours as typed after `hours set`: groups separated by ";" (or new lines),
 * each days then intervals. Days: English or French names, ranges (mon-fri), lists
 * (sat,sun). Intervals: comma-separated HH:MM-HH:MM; an end before the start is overnight.
 */
export function parseWeeklyHours(spec: string): { ok: true; intervals: OpeningInterval[] } | { ok: false; error: string } {
  const groups = spec
    .split(/[;\n]/)
    .map((group) => group.trim())
    .filter((group) => group !== "");
  if (groups.length === 0) return { ok: false, error: `no opening hours given: expected days then hours, ${EXAMPLE}` };
  const intervals: OpeningInterval[] = [];
  for (const group of groups) {
    // The days are everything before the first digit, the hours the rest.
    const split = /^([^\d]*)(\d.*)?$/.exec(group)!;
    const dayText = split[1]!.trim();
    if (dayText === "") return { ok: false, error: `"${group}" has no days: expected days then hours, ${EXAMPLE}` };
    if (split[2] === undefined) return { ok: false, error: `"${group}" has no hours: expected days then hours, ${EXAMPLE}` };
    const days = parseDays(dayText, group);
    if (typeof days === "string") return { ok: false, error: days };
    const times = parseTimes(split[2], group);
    if (typeof times === "string") return { ok: false, error: times };
    for (const day of days) for (const time of times) intervals.push({ day, ...time });
  }
  intervals.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
  const [pair] = overlappingPairs(intervals);
  if (pair) return { ok: false, error: `${describeInterval(intervals[pair[1]]!)} overlaps ${describeInterval(intervals[pair[0]]!)}` };
  return { ok: true, intervals };
}

/**
 * Parses holidays as typed after `hours holidays`: dates or inclusive ranges
 * (2026-12-24..2026-12-26) separated by commas or spaces; "" clears them.
 */
export function parseHolidays(spec: string): { ok: true; holidays: string[] } | { ok: false; error: string } {
  const holidays = new Set<string>();
  for (const part of spec.split(/[\s,;]+/).filter((part) => part !== "")) {
    const [first, last = first, ...rest] = part.split("..");
    const bad = [first, last].find((date) => !isRealDate(date!));
    if (rest.length > 0 || bad !== undefined) {
      return { ok: false, error: `"${bad || part}" is not a date: expected YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD` };
    }
    const from = Date.parse(`${first}T00:00:00Z`);
    const to = Date.parse(`${last}T00:00:00Z`);
    if (to < from) return { ok: false, error: `the range "${part}" ends before it starts` };
    if ((to - from) / DAY + 1 > 366) return { ok: false, error: `the range "${part}" covers more than 366 days` };
    for (let day = from; day <= to; day += DAY) holidays.add(new Date(day).toISOString().slice(0, 10));
  }
  return { ok: true, holidays: [...holidays].sort() };
}

// ---------------------------------------------------------------------------------------
// Words

function describeDays(days: readonly Weekday[]): string {
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    runs.push(j === i ? DAY_NAMES[days[i]!] : `${DAY_NAMES[days[i]!]}-${DAY_NAMES[days[j]!]}`);
    i = j + 1;
  }
  return runs.join(", ");
}

function weekText(intervals: readonly OpeningInterval[], markOvernight: boolean): string {
  // Days with the same hours are listed together, in the order of their first day.
  const daysByHours = new Map<string, Weekday[]>();
  for (const day of [1, 2, 3, 4, 5, 6, 7] as const) {
    const hours = intervals
      .filter((interval) => interval.day === day)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map(({ start, end }) => `${start}-${end}${markOvernight && end < start ? " (overnight)" : ""}`)
      .join(", ");
    if (hours !== "") daysByHours.set(hours, [...(daysByHours.get(hours) ?? []), day]);
  }
  return [...daysByHours].map(([hours, days]) => `${describeDays(days)} ${hours}`).join("; ");
}

/** e.g. "Mon-Thu 09:00-12:00, 13:00-17:00; Fri 22:00-06:00 (overnight) (Europe/Paris), 2 holidays". */
export function describeSchedule(schedule: BusinessSchedule): string {
  const holidays = schedule.holidays.length;
  return `${weekText(schedule.intervals, true)} (${schedule.timeZone})${holidays === 0 ? "" : `, ${holidays} ${holidays === 1 ? "holiday" : "holidays"}`}`;
}

/** The weekly hours as parseWeeklyHours reads them back, e.g. "Mon-Fri 09:00-17:00; Fri 22:00-06:00". */
export function weeklyHoursText(intervals: readonly OpeningInterval[]): string {
  return weekText(intervals, false);
}

/** Holidays as parseHolidays reads them back, consecutive dates as ranges: "2026-12-24..2026-12-26, 2027-01-01". */
export function holidaysText(holidays: readonly string[]): string {
  const days = [...new Set(holidays)].sort().map((date) => Date.parse(`${date}T00:00:00Z`) / DAY);
  const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    // A range may cover at most 366 days (parseHolidays' bound).
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1 && j + 1 - i < 366) j++;
    parts.push(j === i ? iso(days[i]!) : `${iso(days[i]!)}..${iso(days[j]!)}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** "45 s", "12 min", "1 h 12 min", "2 d 3 h"; minutes from 1 min, hours from 1 day. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const seconds = Math.round(ms / 1000);
  if (seconds === 0) return ms === 0 ? "0 min" : "< 1 s";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < DAY_MINUTES) {
    const [h, m] = [Math.floor(minutes / 60), minutes % 60];
    return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(ms / 3_600_000);
  const [d, h] = [Math.floor(hours / 24), hours % 24];
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

// ---------------------------------------------------------------------------------------
// Arithmetic
//
// A lookup of a zone's offset goes through Intl and costs ~20 µs here, more than the
// whole budget of one businessMillis call, so offsets are memoised per zone and UTC day,
// lazily, as queries reach them. A day whose offsets at its first and last millisecond
// agree is taken as constant (assumed: no zone changes and changes back within a day);
// otherwise the changes are found by bisection, once.

interface DayOffsets {
  /** Instants in the day at which the offset changes, ascending. */
  changes: number[];
  /** Offsets in ms: offsets[0] before changes[0], offsets[i] from changes[i - 1]. */
  offsets: number[];
}

interface ZoneOffsets {
  zone: Zone;
  /** By UTC day (days since 1970-01-01). */
  days: Map<number, DayOffsets>;
  /** By local date: the offset for all its wall times, or null near a change. */
  steady: Map<number, number | null>;
}

const MAX_CACHED_DAYS = 50_000;
// Dates hold ±8.64e15 ms; offsets are looked up a day either side.
const MAX_INSTANT = 8.64e15 - 2 * DAY;
const zoneOffsets = new Map<string, ZoneOffsets>();

function offsetsFor(timeZone: string): ZoneOffsets {
  let cached = zoneOffsets.get(timeZone);
  if (!cached) {
    const zone = Info.normalizeZone(timeZone);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${timeZone}"`);
    zoneOffsets.set(timeZone, (cached = { zone, days: new Map(), steady: new Map() }));
  }
  return cached;
}

function dayOffsets(zo: ZoneOffsets, utcDay: number): DayOffsets {
  let day = zo.days.get(utcDay);
  if (day) return day;
  const offset = (at: number) => zo.zone.offset(at) * MINUTE;
  const last = utcDay * DAY + DAY - 1;
  const lastOffset = offset(last);
  let from = utcDay * DAY;
  day = { changes: [], offsets: [offset(from)] };
  while (day.offsets[day.offsets.length - 1] !== lastOffset) {
    const before = day.offsets[day.offsets.length - 1];
    let [lo, hi] = [from, last];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid) === before) lo = mid;
      else hi = mid;
    }
    day.changes.push(hi);
    day.offsets.push(offset(hi));
    from = hi;
  }
  if (zo.days.size >= MAX_CACHED_DAYS) zo.days.clear();
  zo.days.set(utcDay, day);
  return day;
}

function offsetAt(zo: ZoneOffsets, at: number): number {
  const { changes, offsets } = dayOffsets(zo, Math.floor(at / DAY));
  let i = 0;
  while (i < changes.length && at >= changes[i]!) i++;
  return offsets[i]!;
}

/** The instant of a wall time given as ms since 1970-01-01T00:00 local (see the header for gaps and repeats). */
function wallToInstant(zo: ZoneOffsets, wall: number): number {
  // Offsets differ by less than a day and change at most once in two days, so the offsets
  // a day before and a day after are the only candidates.
  const before = offsetAt(zo, wall - DAY);
  const after = offsetAt(zo, wall + DAY);
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (offsetAt(zo, early) === Math.max(before, after)) return early;
  if (offsetAt(zo, late) === Math.min(before, after)) return late;
  // In a gap: the clocks jumped over this wall time, at the change between the two readings.
  for (let utcDay = Math.floor(early / DAY); utcDay <= Math.floor(late / DAY); utcDay++) {
    const change = dayOffsets(zo, utcDay).changes.find((at) => at > early);
    if (change !== undefined && change <= late) return change;
  }
  return late;
}

/** The offset of every wall time of a local date, when no change is near enough to matter to wallToInstant. */
function steadyOffset(zo: ZoneOffsets, localDay: number): number | null {
  let offset = zo.steady.get(localDay);
  if (offset !== undefined) return offset;
  // wallToInstant reads the UTC days from a day before the date to a day after its end.
  offset = dayOffsets(zo, localDay - 1).offsets[0]!;
  for (let utcDay = localDay - 1; utcDay <= localDay + 2 && offset !== null; utcDay++) {
    const day = dayOffsets(zo, utcDay);
    if (day.changes.length > 0 || day.offsets[0] !== offset) offset = null;
  }
  if (zo.steady.size >= MAX_CACHED_DAYS) zo.steady.clear();
  zo.steady.set(localDay, offset);
  return offset;
}

// Compiled forms of a schedule's lists, memoised per list: building them costs more than
// the rest of a call. Each use compares the list with a copy, so an edited list is rebuilt.
// The comparisons are plain loops: they run on every call, and tsx names every closure.
const compiledIntervals = new WeakMap<readonly OpeningInterval[], { copy: OpeningInterval[]; ranges: number[][] }>();
const compiledHolidays = new WeakMap<readonly string[], { copy: string[]; days: Set<number> }>();

function sameIntervals(a: readonly OpeningInterval[], b: readonly OpeningInterval[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.day !== b[i]!.day || a[i]!.start !== b[i]!.start || a[i]!.end !== b[i]!.end) return false;
  }
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Open local-minute ranges per ISO weekday, flattened [from, to, from, to, ...], sorted and merged. */
function weeklyRanges(intervals: readonly OpeningInterval[]): number[][] {
  const memo = compiledIntervals.get(intervals);
  if (memo && sameIntervals(memo.copy, intervals)) return memo.ranges;
  const raw: [number, number][][] = [[], [], [], [], [], [], [], []];
  for (const { day, start, end } of intervals) {
    const from = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5));
    const to = Number(end.slice(0, 2)) * 60 + Number(end.slice(3, 5));
    if (to > from) raw[day]!.push([from, to]);
    else {
      // Overnight: the part after midnight belongs to the next date, so a holiday there closes it.
      raw[day]!.push([from, DAY_MINUTES]);
      if (to > 0) raw[(day % 7) + 1]!.push([0, to]);
    }
  }
  const ranges = raw.map((dayRanges) => {
    dayRanges.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [from, to] of dayRanges) {
      const n = merged.length;
      if (n > 0 && from <= merged[n - 1]!) merged[n - 1] = Math.max(merged[n - 1]!, to);
      else merged.push(from, to);
    }
    return merged;
  });
  compiledIntervals.set(intervals, { copy: intervals.map((interval) => ({ ...interval })), ranges });
  return ranges;
}

/** Holidays as local dates counted in days since 1970-01-01. */
function holidayDays(holidays: readonly string[]): Set<number> {
  const memo = compiledHolidays.get(holidays);
  if (memo && sameStrings(memo.copy, holidays)) return memo.days;
  const days = new Set(holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY));
  compiledHolidays.set(holidays, { copy: [...holidays], days });
  return days;
}

/**
 * Open time in ms between two instants (epoch ms, `to` exclusive); 0 when `to <= from`.
 * Real elapsed time: a night interval across a clock change counts 7 h or 9 h. Expects a
 * validated schedule (overlaps are merged all the same). Overnight intervals are split at
 * midnight, so only the local dates from `from`'s to `to`'s are visited: linear in days.
 */
export function businessMillis(schedule: BusinessSchedule, from: number, to: number): number {
  if (!(Math.abs(from) <= MAX_INSTANT && Math.abs(to) <= MAX_INSTANT)) {
    throw new RangeError(`not instants a Date can hold: ${from}, ${to}`);
  }
  if (to <= from) return 0;
  const zo = offsetsFor(schedule.timeZone);
  const ranges = weeklyRanges(schedule.intervals);
  const firstDay = Math.floor((from + offsetAt(zo, from)) / DAY);
  const lastDay = Math.floor((to - 1 + offsetAt(zo, to - 1)) / DAY);
  const closed = holidayDays(schedule.holidays);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (closed.has(day)) continue;
    // 1970-01-01 was a Thursday (ISO 4).
    const open = ranges[((((day + 3) % 7) + 7) % 7) + 1]!;
    const steady = open.length > 0 ? steadyOffset(zo, day) : null;
    for (let i = 0; i < open.length; i += 2) {
      const [wallStart, wallEnd] = [day * DAY + open[i]! * MINUTE, day * DAY + open[i + 1]! * MINUTE];
      const start = Math.max(from, steady === null ? wallToInstant(zo, wallStart) : wallStart - steady);
      const end = Math.min(to, steady === null ? wallToInstant(zo, wallEnd) : wallEnd - steady);
      if (end > start) total += end - start;
    }
  }
  return total;
}

/** Open at this instant: opening times included, closing times excluded. */
export function isOpenAt(schedule: BusinessSchedule, at: number): boolean {
  return businessMillis(schedule, at, at + 1) === 1;
}
