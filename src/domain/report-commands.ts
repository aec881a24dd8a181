// The slash command of each report: Slack registers them, and the CLI reads a report
// typed as in Slack ("/assignments last-30-days source:bot").
import type { ReportName } from "./report-request.ts";

export const REPORT_COMMANDS: Readonly<Record<string, ReportName>> = {
  "/assignments": "assignments",
  "/agent-performance": "agent-performance",
};
