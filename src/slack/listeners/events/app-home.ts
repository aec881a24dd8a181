// The App Home tab: published for the user who opens it (and on Refresh), and its "Open
// /<report>" buttons, which post the full interactive report to the user's direct messages
// (a Home tab click has no response_url; in the DM, the report's own buttons answer through
// the response_url Slack gives clicks on a bot message, as anywhere else).
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { DateTime } from "luxon";
import { emptyFilters, reportNamed, type ReportName, type ReportRequest } from "../../../domain/report-request.ts";
import { digestListings } from "../../../digests/digest-subscriptions.ts";
import { alertListings } from "../../../alerts/alert-admin.ts";
import { alertLine } from "../../../render/block-kit/alert-blocks.ts";
import { buildReport } from "../../../reports/build-report.ts";
import { loadReportContext } from "../../../reports/report-context.ts";
import { digestLine } from "../../../render/block-kit/digest-list.ts";
import { explanationView, HOME_ACTIONS, homeErrorView, homeView, type HomeView } from "../../../render/block-kit/home-blocks.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { errorId } from "../../../log.ts";
import {
  internalErrorMessage,
  reportMessage,
  userMayRunReports,
  type SlackDeps,
  type SlackMessage,
  type WebClient,
} from "../../report-delivery.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";

const lastSevenDays = (report: ReportName): ReportRequest => ({
  report,
  period: { preset: "last-7-days" },
  filters: emptyFilters(),
  page: 0,
});

async function glanceView(deps: SlackDeps, workspaceId: string): Promise<HomeView> {
  const context = await loadReportContext(deps.db, workspaceId);
  const { now } = context;
  const [assignments, agents, listings, alertRules] = await Promise.all([
    buildReport(context, lastSevenDays("assignments")),
    buildReport(context, lastSevenDays("agent-performance")),
    digestListings(deps.db, workspaceId, now),
    alertListings(deps.db, workspaceId),
  ]);
  if (assignments.report !== "assignments" || agents.report !== "agent-performance")
    throw new Error("build-report returned another report");
  const updatedAt = DateTime.fromMillis(now, { zone: assignments.period.timeZone }).toFormat("ccc d LLL HH:mm");
  const digests = listings.map(digestLine);
  const alerts = alertRules.map((listing) => alertLine(listing, now));
  return homeView({ assignments, agents, digests, alerts }, updatedAt);
}

async function publishHome(deps: SlackDeps, client: WebClient, workspaceId: string, userId: string): Promise<void> {
  let view: HomeView;
  try {
    view = (await userMayRunReports(deps, client, workspaceId, userId)) ? await glanceView(deps, workspaceId) : explanationView(userId);
  } catch (error) {
    const id = errorId();
    deps.log.error("app home failed", { errorId: id, workspaceId, error: (error as Error).message });
    view = homeErrorView(internalErrorMessage(id).text);
  }
  await client.views.publish({ user_id: userId, view: view as never });
}

async function postToDm(client: WebClient, userId: string, message: Pick<SlackMessage, "text"> & Partial<SlackMessage>): Promise<void> {
  const dm = await client.conversations.open({ users: userId });
  if (!dm.channel?.id) throw new Error("could not open a direct message with the user");
  await client.chat.postMessage({ channel: dm.channel.id, ...message } as never);
}

async function openReport(deps: SlackDeps, client: WebClient, workspaceId: string, userId: string, report: ReportName): Promise<void> {
  try {
    // Checked again: the tab may have been published before the user lost access.
    if (!(await userMayRunReports(deps, client, workspaceId, userId))) return await postToDm(client, userId, { text: REFUSAL });
    await postToDm(client, userId, await reportMessage(deps, client, workspaceId, lastSevenDays(report), true));
  } catch (error) {
    const id = errorId();
    deps.log.error("app home report failed", { errorId: id, workspaceId, report, error: (error as Error).message });
    // Best effort: if the DM itself is what failed, the log line above is all there is.
    await postToDm(client, userId, internalErrorMessage(id)).catch(() => undefined);
  }
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body, client, context }) => {
    if (event.tab !== "home") return;
    await publishHome(deps, client, workspaceIdOf(context) ?? body.team_id, event.user);
  });

  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.refresh, async ({ ack, body, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id ?? body.user.team_id;
    if (workspaceId) await publishHome(deps, client, workspaceId, body.user.id);
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${HOME_ACTIONS.openPrefix}`), async ({ ack, action, body, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id ?? body.user.team_id;
    const report = reportNamed(action.value ?? "");
    if (!workspaceId || report === undefined) return void deps.log.warn("rejected app home action", { actionId: action.action_id });
    await openReport(deps, client, workspaceId, body.user.id, report);
  });
}
