// One entry for every report: whoever asks (Slack, a digest, the CLI) gets the same result
// for the same request, computed by one function.
import type { Filters, ReportRequest } from "../domain/report-request.ts";
import { buildAgentPerformanceReport, type AgentPerformanceReport } from "./agent-performance-report.ts";
import { buildAssignmentsReport, type AssignmentsReport } from "./assignments-report.ts";
import type { ReportContext } from "./report-context.ts";

export type Report = AssignmentsReport | AgentPerformanceReport;

/**
 * The report a request asks for, with the context loaded once for it. `queryFilters`: the
 * request's filters as the queries match them, when they differ from what was typed (Slack
 * mentions resolved to emails); the result keeps the request as asked. `logPageSize`: rows per
 * page of the Assignments log (LOG_PAGE_SIZES, by how the message shows it).
 */
export function buildReport(
  context: ReportContext,
  request: ReportRequest,
  queryFilters: Filters = request.filters,
  logPageSize?: number,
): Promise<Report> {
  return request.report === "agent-performance"
    ? buildAgentPerformanceReport(context, request, queryFilters)
    : buildAssignmentsReport(context, request, queryFilters, logPageSize);
}
