// From a ReportRequest to a Slack message, the same for a command, a button or a digest:
// resolve Slack mentions in filters, build the report it names, draw the charts.
import type { webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { LOG_PAGE_SIZES } from "../domain/assignment-log.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { assigneeChoices } from "../reports/assignments-report.ts";
import { buildReport } from "../reports/build-report.ts";
import { loadReportContext } from "../reports/report-context.ts";
import { linkedEmails } from "../store/workspace/agent-links.ts";
import type { Database } from "../store/engine/database.ts";
import { listReportAccess } from "../store/workspace/workspaces.ts";
import { assignmentsMessage, type ImageRef } from "../render/block-kit/assignments-blocks.ts";
import { agentFirstResponseChart, sourceCharts, type ChartData } from "../render/charts/chart-data.ts";
import { agentPerformanceMessage } from "../render/block-kit/agent-performance-blocks.ts";
import { codeSpan } from "../render/block-kit/mrkdwn.ts";
import { renderChartPng } from "../render/charts/render-png.ts";
import { chartModeFor } from "./chart-mode.ts";
import { mayRunReports } from "./permissions.ts";

export type WebClient = webApi.WebClient;

export interface SlackDeps {
  db: Database;
  config: Config;
  log: Logger;
}

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export async function userMayRunReports(deps: SlackDeps, client: WebClient, workspaceId: string, userId: string): Promise<boolean> {
  return mayRunReports(client, userId, await listReportAccess(deps.db, workspaceId));
}

const MENTION = /^<@([UW][A-Z0-9]+)>$/;

/** The user id of a mention as the command parser leaves it (`<@U123>`); undefined for anything else. */
export const mentionedUser = (value: string): string | undefined => MENTION.exec(value)?.[1];

/**
 * `assignee:@someone` names a Slack user; the inbox knows agents by email, so a mention
 * becomes the email of the user's agent link (`/pulse agent link`), else of their Slack
 * profile (users:read.email), else stays the bare user id. One link query per request.
 */
export async function resolveMentions(
  db: Database,
  client: WebClient,
  workspaceId: string,
  request: ReportRequest,
): Promise<ReportRequest> {
  const f = request.filters;
  const ids = [...f.assignees, ...f.assignedBy, ...f.agents].flatMap((value) => mentionedUser(value) ?? []);
  if (ids.length === 0) return request;
  const emails = await linkedEmails(db, workspaceId, ids);
  const unlinked = [...new Set(ids)].filter((id) => !emails.has(id));
  await Promise.all(
    unlinked.map(async (id) => {
      const info = await client.users.info({ user: id });
      emails.set(id, info.user?.profile?.email ?? id);
    }),
  );
  const resolve = (values: string[]) => values.map((value) => emails.get(mentionedUser(value) ?? "") ?? value);
  return { ...request, filters: { ...f, assignees: resolve(f.assignees), assignedBy: resolve(f.assignedBy), agents: resolve(f.agents) } };
}

/** A chart as an image for the "upload" mode: rendered here, uploaded privately, shown by file id. */
async function uploadChart(client: WebClient, chart: ChartData, name: string): Promise<ImageRef | undefined> {
  if (chart.values.length === 0) return undefined;
  const result = await client.files.uploadV2({ file: await renderChartPng(chart), filename: `${name}.png`, title: chart.title });
  const id = (result as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id;
  return id ? { slackFileId: id } : undefined;
}

export async function reportMessage(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  request: ReportRequest,
  interactive: boolean,
): Promise<SlackMessage> {
  const resolved = await resolveMentions(deps.db, client, workspaceId, request);
  const context = await loadReportContext(deps.db, workspaceId);
  // The message keeps the request as typed (mentions, not emails) for the next click.
  const logTable = deps.config.TABLES;
  const report = await buildReport(context, request, resolved.filters, LOG_PAGE_SIZES[logTable]);
  const charts = chartModeFor(context, deps.config);
  const quickChartHost = deps.config.QUICKCHART_HOST;
  if (report.report === "agent-performance") {
    const chartImage =
      charts === "upload" ? await uploadChart(client, agentFirstResponseChart(report), "first-response-by-agent") : undefined;
    return agentPerformanceMessage(report, { charts, quickChartHost, interactive, ...(chartImage ? { chartImage } : {}) });
  }
  let chartImages: { bar?: ImageRef; pie?: ImageRef } | undefined;
  if (charts === "upload") {
    const { bar, pie } = sourceCharts(report);
    const [barImage, pieImage] = await Promise.all([
      uploadChart(client, bar, "assignments-by-source"),
      uploadChart(client, pie, "assignments-share"),
    ]);
    chartImages = { ...(barImage ? { bar: barImage } : {}), ...(pieImage ? { pie: pieImage } : {}) };
  }
  return assignmentsMessage(report, {
    charts,
    chartImages,
    quickChartHost,
    logTable,
    interactive,
    assigneeChoices: interactive ? await assigneeChoices(context, resolved) : [],
  });
}

export function internalErrorMessage(id: string): SlackMessage {
  const text = `Something went wrong on our side while building this report. Please try again; if it keeps happening, give your admin this error id: ${codeSpan(id)}.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}
