// A report's request travels inside the message's interactive elements (button values,
// the filter block's block_id) and comes back with each click. It holds no workspace:
// that always comes from the signed request. Whatever comes back is validated again.
import { specToText } from "../../domain/periods.ts";
import { reportRequestSchema, type ReportRequest } from "../../domain/report-request.ts";

/** The action ids of every report message; the state they carry says which report. */
export const REPORT_ACTIONS = {
  previous: "report_page_prev",
  next: "report_page_next",
  period: "report_period",
  source: "report_source",
  assignee: "report_assignee",
  clear: "report_clear",
  export: "report_export",
  share: "report_share",
  /** A digest's way to the full report of its period. */
  open: "report_open",
} as const;

/** Slack's limits: button value 2000 characters, block_id 255. */
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BLOCK_ID = 255;

type Tuple = [string, string, string[], string[], string[], string[], string[], string[], number];

/** Compact positional JSON, so that typical states fit in a block_id. */
export function encodeState(request: ReportRequest): string {
  const f = request.filters;
  const tuple: Tuple = [
    request.report,
    specToText(request.period),
    f.sources,
    f.assignees,
    f.assignedBy,
    f.contacts,
    f.conversations,
    f.agents,
    request.page,
  ];
  return JSON.stringify(tuple);
}

export class StateError extends Error {}

export function decodeState(value: string): ReportRequest {
  let tuple: unknown;
  try {
    tuple = JSON.parse(value);
  } catch {
    throw new StateError("the report state in this message is not readable");
  }
  if (!Array.isArray(tuple) || tuple.length !== 9) throw new StateError("the report state in this message is malformed");
  const [report, period, sources, assignees, assignedBy, contacts, conversations, agents, page] = tuple as Tuple;
  const range = typeof period === "string" ? /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period) : null;
  const result = reportRequestSchema.safeParse({
    report,
    period: range ? { from: range[1], to: range[2] } : { preset: period },
    filters: { sources, assignees, assignedBy, contacts, conversations, agents },
    page,
  });
  if (!result.success) throw new StateError("the report state in this message is not valid");
  return result.data;
}

/** The state, if it fits in a block_id; null when the filters are too long for one. */
export function stateForBlockId(request: ReportRequest): string | null {
  const state = encodeState(request);
  return state.length <= MAX_BLOCK_ID ? state : null;
}
