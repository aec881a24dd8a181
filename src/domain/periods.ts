// Report periods: the seed's presets and custom date ranges, resolved to [start, end)
// instants in the workspace's time zone. Calendar arithmetic is luxon's, so days and
// months keep their local length across DST changes. A period never reaches past now:
// `today` is today up to now (the ingest takes events dated at most 5 minutes ahead, and
// they count once their time has come).
import { DateTime } from "luxon";

export const PRESETS = ["today", "yesterday", "last-7-days", "last-14-days", "last-30-days", "this-month", "last-month"] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = "last-7-days";

export const PRESET_LABELS: Record<Preset, string> = {
  today: "Today",
  yesterday: "Yesterday",
  "last-7-days": "Last 7 days",
  "last-14-days": "Last 14 days",
  "last-30-days": "Last 30 days",
  "this-month": "This month",
  "last-month": "Last month",
};

/** A period as asked: a preset, or a custom range of whole local days (both ends included). */
export type PeriodSpec = { preset: Preset } | { from: string; to: string };

export interface Period {
  spec: PeriodSpec;
  timeZone: string;
  /** Epoch ms, inclusive: the start of the first local day. */
  start: number;
  /** Epoch ms, exclusive: the end of the last local day, or now when that is earlier. */
  end: number;
  /** The last local day (YYYY-MM-DD), whose end `end` may not reach yet. */
  lastDay: string;
  /** e.g. "Last 7 days (17-23 Nov 2026)". */
  label: string;
}

const MAX_CUSTOM_DAYS = 366;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PeriodError extends Error {}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** Checks a custom range; returns an error message or null. */
export function customRangeError(from: string, to: string): string | null {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) return "expected dates as YYYY-MM-DD..YYYY-MM-DD";
  const start = DateTime.fromISO(from, { zone: "UTC" });
  const end = DateTime.fromISO(to, { zone: "UTC" });
  if (!start.isValid) return `${from} is not a real date`;
  if (!end.isValid) return `${to} is not a real date`;
  if (end < start) return `the range ends (${to}) before it starts (${from})`;
  if (end.diff(start, "days").days + 1 > MAX_CUSTOM_DAYS) return `a range can cover at most ${MAX_CUSTOM_DAYS} days`;
  return null;
}

function dayRange(first: DateTime, last: DateTime): [DateTime, DateTime] {
  return [first.startOf("day"), last.startOf("day").plus({ days: 1 })];
}

function describeDays(start: DateTime, endExclusive: DateTime): string {
  const last = endExclusive.minus({ days: 1 });
  if (start.hasSame(last, "day")) return start.toFormat("ccc d LLL yyyy");
  if (start.hasSame(last, "month")) return `${start.toFormat("d")}-${last.toFormat("d LLL yyyy")}`;
  if (start.hasSame(last, "year")) return `${start.toFormat("d LLL")} - ${last.toFormat("d LLL yyyy")}`;
  return `${start.toFormat("d LLL yyyy")} - ${last.toFormat("d LLL yyyy")}`;
}

/** Resolves a period at `now` in `timeZone`. "Last N days" are the N local days ending today. */
export function resolvePeriod(spec: PeriodSpec, timeZone: string, now: number = Date.now()): Period {
  if (!isValidTimeZone(timeZone)) throw new PeriodError(`unknown time zone "${timeZone}"`);
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf("day");
  let range: [DateTime, DateTime];
  let name: string;
  if ("preset" in spec) {
    name = PRESET_LABELS[spec.preset];
    switch (spec.preset) {
      case "today":
        range = dayRange(today, today);
        break;
      case "yesterday":
        range = dayRange(today.minus({ days: 1 }), today.minus({ days: 1 }));
        break;
      case "last-7-days":
      case "last-14-days":
      case "last-30-days": {
        const days = Number(spec.preset.split("-")[1]);
        range = dayRange(today.minus({ days: days - 1 }), today);
        break;
      }
      case "this-month":
        range = [today.startOf("month"), today.startOf("month").plus({ months: 1 })];
        break;
      case "last-month":
        range = [today.startOf("month").minus({ months: 1 }), today.startOf("month")];
        break;
    }
  } else {
    const error = customRangeError(spec.from, spec.to);
    if (error) throw new PeriodError(error);
    range = dayRange(DateTime.fromISO(spec.from, { zone: timeZone }), DateTime.fromISO(spec.to, { zone: timeZone }));
    name = "From";
  }
  const [start, end] = range;
  const days = describeDays(start, end);
  return {
    spec,
    timeZone,
    start: start.toMillis(),
    end: Math.max(start.toMillis(), Math.min(end.toMillis(), now)),
    lastDay: end.minus({ days: 1 }).toISODate()!,
    label: "preset" in spec ? `${name} (${days})` : days,
  };
}

/** A period as it is typed, and as action states, digest ledger keys and file names carry it: "last-7-days", "2026-11-01..2026-11-30". */
export function specToText(spec: PeriodSpec): string {
  return "preset" in spec ? spec.preset : `${spec.from}..${spec.to}`;
}
