// "Export CSV": the report's data as a CSV file in the user's direct messages with the app
// (it holds personal data, so not in the channel). The assignment log stops at 10,000 rows
// as the seed's table does; `npx inbox-pulse export` has no cap.
import { LOG_ROW_CAP } from "../domain/assignment-log.ts";
import { requestToText } from "../domain/command-text.ts";
import { resolvePeriod, specToText } from "../domain/periods.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { writeAgentPerformanceCsv } from "../render/csv/agent-performance-csv.ts";
import { buildReport } from "../reports/build-report.ts";
import { loadReportContext, type ReportContext } from "../reports/report-context.ts";
import { writeAssignmentsCsv } from "../render/csv/assignments-csv.ts";
import { assignmentLogRows } from "../reports/assignments-report.ts";
import { exportCommand } from "../render/words/assignments-words.ts";
import { codeSpan } from "../render/block-kit/mrkdwn.ts";
import { resolveMentions, type SlackDeps, type WebClient } from "./report-delivery.ts";

interface CsvFile {
  csv: string;
  rows: number;
  note: string;
}

async function assignmentsCsv(context: ReportContext, request: ReportRequest): Promise<CsvFile> {
  const chunks: string[] = [];
  // One row past the cap tells whether the log was cut.
  const written = await writeAssignmentsCsv(
    assignmentLogRows(context, request, LOG_ROW_CAP + 1),
    context.timeZone,
    (c) => void chunks.push(c),
  );
  const capped = written > LOG_ROW_CAP;
  const rows = Math.min(written, LOG_ROW_CAP);
  const note = capped
    ? ` Only the latest ${LOG_ROW_CAP.toLocaleString("en-US")} rows fit in an export from Slack; for all of them run ${codeSpan(exportCommand({ request, period: resolvePeriod(request.period, context.timeZone, context.now) }, context.workspaceId))}.`
    : "";
  return { csv: chunks.slice(0, rows + 1).join(""), rows, note };
}

async function agentPerformanceCsv(context: ReportContext, request: ReportRequest): Promise<CsvFile> {
  const report = await buildReport(context, request);
  if (report.report !== "agent-performance") throw new Error("expected an agent-performance report");
  let csv = "";
  await writeAgentPerformanceCsv(report, (chunk) => void (csv += chunk));
  return { csv, rows: report.agents.length + 1, note: "" };
}

export async function exportReportCsv(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  userId: string,
  request: ReportRequest,
): Promise<string> {
  const resolved = await resolveMentions(deps.db, client, workspaceId, request);
  const context = await loadReportContext(deps.db, workspaceId);
  const file = request.report === "assignments" ? await assignmentsCsv(context, resolved) : await agentPerformanceCsv(context, resolved);
  const dm = await client.conversations.open({ users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error("could not open a direct message with the user");
  const name = `${request.report}-${specToText(request.period)}`;
  await client.files.uploadV2({
    channel_id: channel,
    file: Buffer.from(file.csv, "utf8"),
    filename: `${name}.csv`,
    title: name,
    initial_comment: `Export of ${codeSpan(`/${request.report} ${requestToText(request)}`)}: ${file.rows} rows.`,
  });
  return `:page_facing_up: Your CSV (${file.rows} rows) is in your direct messages with Inbox Pulse.${file.note}`;
}
