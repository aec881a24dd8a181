// One entry for every report: whoever asks (Slack, a digest, the CLI) gets the same result
// for the same request, computed by one function.
import type { ReportRequest } from "../domain/report-request.ts";
import type { Database } from "../store/engine/database.ts";
import { scheduleTimeline } from "../store/workspace/schedules.ts";
import { workspaceSettings } from "../store/workspace/workspaces.ts";
import { buildAgentPerformanceReport, type AgentPerformanceReport } from "./agent-performance-report.ts";
import { buildAssignmentsReport, type AssignmentsReport, type ReportContext } from "./assignments-report.ts";

export type Report = AssignmentsReport | AgentPerformanceReport;

export async function loadReportContext(db: Database, workspaceId: string, now?: number): Promise<ReportContext> {
  const { timeZone } = await workspaceSettings(db, workspaceId);
  return { db, workspaceId, timeZone, ...(now === undefined ? {} : { now }) };
}

export async function buildReport(db: Database, workspaceId: string, request: ReportRequest, now?: number): Promise<Report> {
  return buildReportIn(db, await loadReportContext(db, workspaceId, now), request);
}

/** The same with a context already loaded (a caller that also needs it, e.g. for the assignee menu). */
export async function buildReportIn(db: Database, context: ReportContext, request: ReportRequest): Promise<Report> {
  if (request.report === "agent-performance") {
    return buildAgentPerformanceReport(
      { ...context, timeline: await scheduleTimeline(db, context.workspaceId, context.timeZone) },
      request,
    );
  }
  return buildAssignmentsReport(context, request);
}
