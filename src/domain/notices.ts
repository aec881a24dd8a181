// The two notices of the seed's reports, and which filters apply to which report.
import type { Filters, ReportName } from "./report-request.ts";
import { FILTER_NAMES } from "./report-request.ts";

export const NOT_APPLICABLE = "The selected filter(s) are not applicable here.";
export const NO_DATA = "The selected filter(s) have no applicable data.";

export interface Notice {
  kind: "not_applicable" | "no_data" | "no_match";
  text: string;
  /** The filters concerned, as typed (`agent:`, `by:`), for not_applicable. */
  filters: string[];
}

/** The name filters, as the no_match notice words them. */
const NAME_FILTERS = { assignees: "assignee", assignedBy: "assigner", contacts: "contact", agents: "agent" } as const satisfies Partial<
  Record<keyof Filters, string>
>;
export type NameFilter = keyof typeof NAME_FILTERS;

const APPLICABLE: Record<ReportName, (keyof Filters)[]> = {
  assignments: ["sources", "assignees", "assignedBy", "contacts", "conversations"],
  "agent-performance": ["agents"],
};

/**
 * Splits the filters into those the report can use and a notice for the others. "Assigned
 * by" exists only for the user source, so `by:` with only other sources does not apply either.
 */
export function applicableFilters(report: ReportName, filters: Filters): { filters: Filters; notice: Notice | null } {
  const kept = { ...filters };
  const dropped: string[] = [];
  for (const key of Object.keys(filters) as (keyof Filters)[]) {
    if (filters[key].length > 0 && !APPLICABLE[report].includes(key)) {
      dropped.push(`${FILTER_NAMES[key]}:`);
      kept[key] = [];
    }
  }
  if (report === "assignments" && filters.assignedBy.length > 0 && filters.sources.length > 0 && !filters.sources.includes("user")) {
    dropped.push(`${FILTER_NAMES.assignedBy}:`);
    kept.assignedBy = [];
  }
  return { filters: kept, notice: dropped.length > 0 ? { kind: "not_applicable", text: NOT_APPLICABLE, filters: dropped } : null };
}

export function noDataNotice(): Notice {
  return { kind: "no_data", text: NO_DATA, filters: [] };
}

/**
 * A name filter value that matches no one in the period, with the closest names that exist:
 * `No assignee matches "camile". Did you mean Camille Martin, Camille Roux?`
 */
export function noMatchNotice(filter: NameFilter, value: string, suggestions: readonly string[]): Notice {
  const unmatched = `No ${NAME_FILTERS[filter]} matches "${value}"`;
  const text = suggestions.length > 0 ? `${unmatched}. Did you mean ${suggestions.join(", ")}?` : `${unmatched} in this period.`;
  return { kind: "no_match", text, filters: [] };
}
