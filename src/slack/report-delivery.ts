// From a ReportRequest to a Slack message, the same for a command, a button or a digest:
// resolve Slack mentions in filters, check who asks, build the report, draw the charts.
import type { webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { assigneeChoices, buildAssignmentsReport, type ReportContext } from "../reports/assignments-report.ts";
import type { Database } from "../store/database.ts";
import { listReportAccess, workspaceSettings } from "../store/workspace-store.ts";
import { assignmentsMessage, type ImageRef } from "./blocks/assignments-blocks.ts";
import { sourceCharts } from "./charts/chart-data.ts";
import { renderChartPng } from "./charts/render-png.ts";
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

export async function reportContext(deps: SlackDeps, workspaceId: string): Promise<ReportContext> {
  const { timeZone } = await workspaceSettings(deps.db.prisma, workspaceId);
  return { sql: deps.db.sql, workspaceId, timeZone };
}

export async function userMayRunReports(deps: SlackDeps, client: WebClient, workspaceId: string, userId: string): Promise<boolean> {
  return mayRunReports(client, userId, await listReportAccess(deps.db.prisma, workspaceId));
}

const MENTION = /^<@([UW][A-Z0-9]+)>$/;

/**
 * `assignee:@someone` names a Slack user; the inbox knows agents by email, so a mention
 * becomes the user's email (users:read.email). Without one it stays the bare user id.
 */
export async function resolveMentions(client: WebClient, request: ReportRequest): Promise<ReportRequest> {
  const resolve = async (values: string[]) =>
    Promise.all(
      values.map(async (value) => {
        const id = MENTION.exec(value)?.[1];
        if (id === undefined) return value;
        const info = await client.users.info({ user: id });
        return info.user?.profile?.email ?? id;
      }),
    );
  const f = request.filters;
  return {
    ...request,
    filters: { ...f, assignees: await resolve(f.assignees), assignedBy: await resolve(f.assignedBy), agents: await resolve(f.agents) },
  };
}

/** Charts as images for the "upload" mode: rendered here, uploaded privately, shown by file id. */
async function uploadCharts(client: WebClient, charts: ReturnType<typeof sourceCharts>): Promise<{ bar?: ImageRef; pie?: ImageRef }> {
  const upload = async (chart: ReturnType<typeof sourceCharts>["bar"], name: string): Promise<ImageRef | undefined> => {
    if (chart.values.length === 0) return undefined;
    const result = await client.files.uploadV2({ file: await renderChartPng(chart), filename: `${name}.png`, title: chart.title });
    const id = (result as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id;
    return id ? { slackFileId: id } : undefined;
  };
  const [bar, pie] = await Promise.all([upload(charts.bar, "assignments-by-source"), upload(charts.pie, "assignments-share")]);
  return { ...(bar ? { bar } : {}), ...(pie ? { pie } : {}) };
}

export async function reportMessage(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  request: ReportRequest,
  interactive: boolean,
): Promise<SlackMessage> {
  const context = await reportContext(deps, workspaceId);
  const resolved = await resolveMentions(client, request);
  const report = await buildAssignmentsReport(context, resolved);
  // The message keeps the request as typed (mentions, not emails) for the next click.
  report.request = { ...request, page: report.request.page };
  const charts = deps.config.CHARTS;
  return assignmentsMessage(report, {
    charts,
    chartImages: charts === "upload" ? await uploadCharts(client, sourceCharts(report)) : undefined,
    quickChartHost: deps.config.QUICKCHART_HOST,
    interactive,
    assigneeChoices: interactive ? await assigneeChoices(context, resolved) : [],
  });
}

export function errorId(): string {
  return `E${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

export function internalErrorMessage(id: string): SlackMessage {
  const text = `Something went wrong on our side while building this report. Please try again; if it keeps happening, give your admin this error id: \`${id}\`.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}
