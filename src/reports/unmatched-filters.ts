// A name filter value that matches no one in the period gets a notice naming it, with the
// closest names that exist in the period (docs/definitions.md, "Name filters"). Where the report's own figures
// tell (one value, or the only filter), no further query runs.
import { closestNames } from "../domain/name-matching.ts";
import { noMatchNotice, type NameFilter, type Notice } from "../domain/notices.ts";
import type { Filters } from "../domain/report-request.ts";
import { displayText, truncate } from "../render/words/report-words.ts";

// Slack shows the notices as one context block, which holds at most 10 elements.
const MAX_NOTICES = 4;
const SHOWN = 60;

export interface NameLookups<F extends NameFilter> {
  /** Whether this value alone matches anything in the period. */
  matches(filter: F, value: string): Promise<boolean>;
  /** Who the filter could match in the period, as shown. */
  names(filter: F): Promise<string[]>;
}

/** `counted`: whether the report, with every filter, counted anything. */
export async function unmatchedNotices<F extends NameFilter>(
  filters: Filters,
  keys: readonly F[],
  counted: boolean,
  lookups: NameLookups<F>,
): Promise<Notice[]> {
  const values = Object.values(filters).reduce((n, list) => n + list.length, 0);
  const names = new Map<F, Promise<string[]>>();
  const notices: Notice[] = [];
  for (const filter of keys) {
    for (const value of filters[filter]) {
      // Every counted row matches each filter: a filter's only value matched. And when the
      // value is the only filter, the report's total was its count.
      if (counted && filters[filter].length === 1) continue;
      if (values > 1 && (await lookups.matches(filter, value))) continue;
      if (!names.has(filter)) names.set(filter, lookups.names(filter));
      const suggestions = closestNames(value, await names.get(filter)!).map((name) => truncate(displayText(name), SHOWN));
      notices.push(noMatchNotice(filter, truncate(displayText(value), SHOWN), suggestions));
      if (notices.length === MAX_NOTICES) return notices;
    }
  }
  return notices;
}
