// Wording every report shares (cutting, counts, the period, filters in force, notices), so
// a value reads the same in each report and in Slack, a terminal and a digest alike.
import { DateTime } from "luxon";
import { applicableFilters, type Notice } from "../../domain/notices.ts";
import { PRESET_LABELS, type Period } from "../../domain/periods.ts";
import { FILTER_NAMES, type Filters, type ReportRequest } from "../../domain/report-request.ts";
import { isSource, SOURCE_LABELS } from "../../domain/sources.ts";

/** Cuts to at most `max` UTF-16 units (Slack counts those), never inside a character, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept.trimEnd()}…`;
}

// Control characters (line breaks, ESC of terminal escape sequences) and bidi overrides in
// customer text would break a table row or spoof what a terminal shows.
const UNSAFE_CHARS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/** Outside text as one displayable line; never empty (Slack's raw_text needs a character). */
export function displayText(text: string | null): string {
  const clean = (text ?? "").replace(UNSAFE_CHARS, " ").trim();
  return clean === "" ? "-" : clean;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "Last 7 days", or "Custom range". */
export function periodWords(period: Period): string {
  return "preset" in period.spec ? PRESET_LABELS[period.spec.preset] : "Custom range";
}

/** The period's first and last local days. */
export function periodDays(period: Period): { first: DateTime; last: DateTime } {
  return {
    first: DateTime.fromMillis(period.start, { zone: period.timeZone }),
    last: DateTime.fromISO(period.lastDay, { zone: period.timeZone }),
  };
}

/** "17 Nov 2026 – 23 Nov 2026", or one day as "Mon 23 Nov 2026". */
export function periodDates(period: Period): string {
  const { first, last } = periodDays(period);
  if (first.hasSame(last, "day")) return first.toFormat("ccc d LLL yyyy");
  return `${first.toFormat("d LLL yyyy")} – ${last.toFormat("d LLL yyyy")}`;
}

export const FILTER_KEYS = Object.keys(FILTER_NAMES) as (keyof Filters)[];

/** The filters that apply to the requested report, each as [name, values as shown]. */
function filtersInForce(request: Pick<ReportRequest, "report" | "filters">): [string, string[]][] {
  const kept = applicableFilters(request.report, request.filters).filters;
  return FILTER_KEYS.filter((key) => kept[key].length > 0).map((key) => [
    FILTER_NAMES[key],
    kept[key].map((value) => (key === "sources" && isSource(value) ? SOURCE_LABELS[value] : value)),
  ]);
}

/** e.g. `source: Bot, Workflow · contact: Joe`; "" when no filter applies. Raw outside text: escape it for mrkdwn. */
export function filtersText(request: Pick<ReportRequest, "report" | "filters">): string {
  return filtersInForce(request)
    .map(([name, values]) => `${name}: ${values.join(", ")}`)
    .join(" · ");
}

export function noticeText(notice: Notice): string {
  return notice.filters.length > 0 ? `${notice.text} (${notice.filters.join(", ")})` : notice.text;
}
