// "Export CSV": the filtered log (at most 10,000 rows, as the seed's table) uploaded to the
// user's direct messages with the app: it holds personal data, so not to the channel.
import { assignmentLogRows, LOG_ROW_CAP } from "../reports/assignments-report.ts";
import { writeAssignmentsCsv } from "../reports/assignments-csv.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { specToText } from "../domain/periods.ts";
import { requestToText } from "../domain/command-text.ts";
import { reportContext, resolveMentions, type SlackDeps, type WebClient } from "./report-delivery.ts";

export async function exportAssignmentsCsv(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  userId: string,
  request: ReportRequest,
): Promise<string> {
  const context = await reportContext(deps, workspaceId);
  const resolved = await resolveMentions(client, request);
  const chunks: string[] = [];
  // One row past the cap tells whether the log was cut.
  const written = await writeAssignmentsCsv(assignmentLogRows(context, resolved, LOG_ROW_CAP + 1), context.timeZone, (c) => void chunks.push(c));
  const capped = written > LOG_ROW_CAP;
  const csv = capped ? chunks.slice(0, LOG_ROW_CAP + 1).join("") : chunks.join("");
  const rows = Math.min(written, LOG_ROW_CAP);
  const dm = await client.conversations.open({ users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error("could not open a direct message with the user");
  const filename = `assignments-${specToText(request.period)}.csv`;
  await client.files.uploadV2({
    channel_id: channel,
    file: Buffer.from(csv, "utf8"),
    filename,
    title: `Assignments ${specToText(request.period)}`,
    initial_comment: `Assignment log export: ${rows} rows${capped ? ` (the first ${LOG_ROW_CAP})` : ""}.`,
  });
  const beyond = capped
    ? ` Only the latest ${LOG_ROW_CAP.toLocaleString("en-US")} rows fit in an export from Slack; for all of them run \`npx inbox-pulse export "/assignments ${requestToText(request)}" --workspace ${workspaceId}\`.`
    : "";
  return `:page_facing_up: Your CSV (${rows} rows) is in your direct messages with Inbox Pulse.${beyond}`;
}
