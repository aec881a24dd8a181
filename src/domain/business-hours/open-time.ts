// Open time between two instants under a business schedule, and whether it is open at one.
//
// Wall times are read in the schedule's zone with luxon's zone offsets:
// - a wall time the clocks skip (spring forward, Paris 02:30 on 29 Mar 2026) is read as
//   the moment the clocks jump (03:00). luxon's fromObject would give 03:30, which makes
//   02:30-03:15 shorter than 03:00-03:15; jumping keeps wall times in order.
// - a wall time that happens twice (fall back) is read as its first occurrence.
// - a holiday closes its whole local date, including the part of an overnight interval
//   from the day before that runs into it; "24:00" is the next local midnight.
//
// A lookup of a zone's offset goes through Intl and costs ~20 µs here, more than the
// whole budget of one businessMillis call, so offsets are memoised per zone and UTC day,
// lazily, as queries reach them. A day whose offsets at its first and last millisecond
// agree is taken as constant (assumed: no zone changes and changes back within a day);
// otherwise the changes are found by bisection, once.
import { Info, type Zone } from "luxon";
import { DAY_MINUTES, type BusinessSchedule, type OpeningInterval } from "./schedule.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

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

/**
 * When the first business day after the one of `at` opens (local days; holidays skipped);
 * null when nothing opens within a year. "Snooze until the next business day."
 */
export function nextBusinessDayOpening(schedule: BusinessSchedule, at: number): number | null {
  const zo = offsetsFor(schedule.timeZone);
  let day = Math.floor((at + offsetAt(zo, at)) / DAY) + 1;
  for (let i = 0; i < 366; i++, day++) {
    const from = wallToInstant(zo, day * DAY);
    const to = wallToInstant(zo, (day + 1) * DAY);
    if (businessMillis(schedule, from, to) === 0) continue;
    // The first open instant of [from, to): the smallest t with open time in [from, t].
    let closed = from - 1;
    let open = to - 1;
    while (open - closed > 1) {
      const mid = Math.floor((closed + open) / 2);
      if (businessMillis(schedule, from, mid + 1) > 0) open = mid;
      else closed = mid;
    }
    return open;
  }
  return null;
}
