// Business hours over time. A workspace's schedule is a list of versions, each in force from
// its effective date until the next one's; a conversation is measured with the version in
// force when it started, whatever order its events arrive in (docs/definitions.md, "Business hours").
// The default hours (Mon-Fri 09:00-17:00) follow the workspace's time zone, so a zone change
// is a version like any other.
import { DateTime } from "luxon";
import { defaultSchedule, type BusinessSchedule } from "./business-hours/schedule.ts";
import { describeSchedule } from "./business-hours/hours-text.ts";
import { EARLIEST_EVENT } from "./event-time.ts";

export interface ScheduleVersion {
  /** Epoch ms: conversations that started at or after it (until the next version) use it. */
  effectiveFrom: number;
  schedule: BusinessSchedule;
  /** The default hours, in the workspace's time zone: a zone change makes a new version of them. */
  followsTimeZone: boolean;
}

/** Every instant an event may carry is at or after it: a version from here covers all history. */
export const FROM_THE_START = EARLIEST_EVENT;

/** What a version change says about its first day: a local date, or all history. */
export type EffectiveDate = { date: string } | "start";

export type ScheduleChange =
  | { kind: "hours"; schedule: BusinessSchedule; from: EffectiveDate | null }
  | { kind: "time-zone"; timeZone: string; from: EffectiveDate | null };

export interface ScheduleChangePlan {
  /** Versions to write (same effective date: replaces the stored one). */
  upsert: ScheduleVersion[];
  /** Conversations that started in [from, until) are measured anew; until null: no end. */
  recompute: { from: number; until: number | null } | null;
  /** When the change takes effect (epoch ms). */
  effectiveFrom: number;
  /** Why nothing is written: the same schedule is already in force, or custom hours keep their own zone. */
  unchanged: "same-schedule" | "custom-hours-keep-their-zone" | null;
}

/** `--from` / "Applies from": "YYYY-MM-DD" (a real date) or "start"; null when not understood. */
export function parseEffectiveDate(text: string): EffectiveDate | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "start") return "start";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return null;
  const date = DateTime.fromISO(trimmed, { zone: "UTC" });
  return date.isValid && date.year >= 1970 && date.year <= 2100 ? { date: trimmed } : null;
}

/** "Today" as the settings form shows it: the date in the zone of the hours in force. */
export const formToday = (current: ScheduleVersion, now: number): string =>
  DateTime.fromMillis(now, { zone: current.schedule.timeZone }).toISODate()!;

/**
 * The date a settings form submitted, once versions exist: the "today" it showed means today
 * wherever the new hours are (null, the default). Taken as a date in the new zone, it would
 * start at a midnight still to come when the new zone is behind the old one.
 */
export function formEffectiveDate(picked: EffectiveDate | null, current: ScheduleVersion, now: number): EffectiveDate | null {
  return picked !== null && picked !== "start" && picked.date === formToday(current, now) ? null : picked;
}

/** Local midnight of a date in a zone; "start" is FROM_THE_START. */
function effectiveInstant(from: EffectiveDate, timeZone: string): number {
  return from === "start" ? FROM_THE_START : DateTime.fromISO(from.date, { zone: timeZone }).startOf("day").toMillis();
}

/** The version in force at `at`, or null before the first. Versions are sorted by effectiveFrom. */
export function versionAt(versions: readonly ScheduleVersion[], at: number): ScheduleVersion | null {
  let found: ScheduleVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > at) break;
    found = v;
  }
  return found;
}

/** The schedule a conversation that started at `at` is measured with. */
export function scheduleAt(versions: readonly ScheduleVersion[], at: number, fallback: BusinessSchedule): BusinessSchedule {
  return versionAt(versions, at)?.schedule ?? fallback;
}

/** The implicit version of a workspace that has none: the default hours in its zone, from the start. */
export function implicitVersion(timeZone: string): ScheduleVersion {
  return { effectiveFrom: FROM_THE_START, schedule: defaultSchedule(timeZone), followsTimeZone: true };
}

/** The fallback schedule as the version from the start it stands for. */
const fallbackVersion = (fallback: BusinessSchedule): ScheduleVersion => ({ ...implicitVersion(fallback.timeZone), schedule: fallback });

/** The version in force at `at`, the implicit one when the workspace has none. */
export function versionInForce(versions: readonly ScheduleVersion[], fallback: BusinessSchedule, at: number): ScheduleVersion {
  return versionAt(versions, at) ?? fallbackVersion(fallback);
}

/**
 * What a form that showed `current` (hours in the workspace's zone) and submitted `submitted`
 * changes: default hours in another zone keep following the zone; null when nothing changed.
 */
export function formScheduleChange(
  current: ScheduleVersion,
  submitted: BusinessSchedule,
  from: EffectiveDate | null,
): ScheduleChange | null {
  if (current.followsTimeZone && sameSchedule(submitted, defaultSchedule(submitted.timeZone))) {
    return submitted.timeZone === current.schedule.timeZone ? null : { kind: "time-zone", timeZone: submitted.timeZone, from };
  }
  return sameSchedule(submitted, current.schedule) ? null : { kind: "hours", schedule: submitted, from };
}

function sameSchedule(a: BusinessSchedule, b: BusinessSchedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What a change writes. `versions` are the stored ones, sorted; `timeZone` the workspace's
 * zone before the change. Without a date, the first change of a workspace covers all history
 * (a team sets its hours, then imports its past), and later ones start today in their zone.
 * The first change dated after the start also writes the implicit version, so that the past
 * keeps the hours it was measured with even if the workspace's zone changes later.
 */
export function planScheduleChange(
  versions: readonly ScheduleVersion[],
  timeZone: string,
  change: ScheduleChange,
  now: number,
): ScheduleChangePlan {
  const zone = change.kind === "hours" ? change.schedule.timeZone : change.timeZone;
  const from = change.from ?? (versions.length === 0 ? "start" : { date: DateTime.fromMillis(now, { zone }).toISODate()! });
  const effectiveFrom = effectiveInstant(from, zone);
  const timeline = versions.length === 0 ? [implicitVersion(timeZone)] : [...versions];
  const inForce = versionAt(timeline, effectiveFrom) ?? implicitVersion(timeZone);
  const unchanged = (reason: ScheduleChangePlan["unchanged"]): ScheduleChangePlan => ({
    upsert: [],
    recompute: null,
    effectiveFrom,
    unchanged: reason,
  });

  let version: ScheduleVersion;
  if (change.kind === "hours") {
    if (!inForce.followsTimeZone && sameSchedule(inForce.schedule, change.schedule)) return unchanged("same-schedule");
    version = { effectiveFrom, schedule: change.schedule, followsTimeZone: false };
  } else {
    if (!inForce.followsTimeZone) return unchanged("custom-hours-keep-their-zone");
    if (inForce.schedule.timeZone === change.timeZone) return unchanged("same-schedule");
    version = { effectiveFrom, schedule: defaultSchedule(change.timeZone), followsTimeZone: true };
  }
  const upsert = versions.length === 0 && effectiveFrom > FROM_THE_START ? [implicitVersion(timeZone), version] : [version];
  const next = timeline.find((v) => v.effectiveFrom > effectiveFrom);
  // The same hours that no longer follow the zone: nothing to measure anew.
  const recompute = sameSchedule(inForce.schedule, version.schedule) ? null : { from: effectiveFrom, until: next?.effectiveFrom ?? null };
  return { upsert, recompute, effectiveFrom, unchanged: null };
}

/** The versions that measure conversations started in [start, end), oldest first. */
export function versionsBetween(
  versions: readonly ScheduleVersion[],
  fallback: BusinessSchedule,
  start: number,
  end: number,
): ScheduleVersion[] {
  const timeline = versions.length === 0 ? [fallbackVersion(fallback)] : versions;
  return timeline.filter((v, i) => {
    const until = timeline[i + 1]?.effectiveFrom ?? Infinity;
    return v.effectiveFrom < end && until > start;
  });
}

/** "2026-01-01" in the zone, or "the start". */
function effectiveDateText(effectiveFrom: number, timeZone: string): string {
  return effectiveFrom <= FROM_THE_START ? "the start" : DateTime.fromMillis(effectiveFrom, { zone: timeZone }).toISODate()!;
}

/** "from 2026-01-01" (local midnight in the zone), or "from the start (all history)". */
export function fromText(effectiveFrom: number, timeZone: string): string {
  return effectiveFrom <= FROM_THE_START ? "from the start (all history)" : `from ${effectiveDateText(effectiveFrom, timeZone)}`;
}

/**
 * The versions a report used, in one line: "Mon-Fri 09:00-17:00 (UTC)" alone, or, across a
 * change, "Mon-Fri 09:00-17:00 (UTC) before 2026-11-15; Mon-Fri 10:00-18:00 (Europe/Paris) from 2026-11-15".
 */
export function describeVersions(used: readonly ScheduleVersion[]): string {
  if (used.length === 1) return describeSchedule(used[0]!.schedule);
  return used
    .map((v, i) => {
      const next = used[i + 1];
      const from = i === 0 ? "" : ` from ${effectiveDateText(v.effectiveFrom, v.schedule.timeZone)}`;
      return `${describeSchedule(v.schedule)}${next && i === 0 ? ` before ${effectiveDateText(next.effectiveFrom, next.schedule.timeZone)}` : from}`;
    })
    .join("; ");
}
