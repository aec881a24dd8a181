// Business hours as people type and read them: the weekly hours after `hours set` or in the
// settings modal ("mon-fri 09:00-17:00; sat 10:00-14:00; tue 09:00-12:00,13:00-17:00"),
// holidays as dates and ranges, and the words that describe a schedule. What the parsers
// read back is what the printers write.
import {
  DAY_NAMES,
  describeInterval,
  isRealDate,
  overlappingPairs,
  parseTime,
  type BusinessSchedule,
  type OpeningInterval,
  type Weekday,
} from "./schedule.ts";

const DAY = 86_400_000;
const EXAMPLE = `e.g. "mon-fri 09:00-17:00; sat 10:00-14:00"`;

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
