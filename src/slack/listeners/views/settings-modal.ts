// `/pulse settings`: the workspace's settings in a modal, for workspace admins and owners.
// Whether the user is an admin is asked of Slack on every open, click and submission (a
// view can be replayed, an admin can be demoted), and the workspace always comes from the
// signed request, never from anything the view carries.
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { describeSchedule } from "../../../domain/business-hours/hours-text.ts";
import {
  formEffectiveDate,
  formScheduleChange,
  formToday,
  fromText,
  versionInForce,
  type ScheduleChangePlan,
} from "../../../domain/schedule-versions.ts";
import { scheduleTimeline } from "../../../store/workspace/schedules.ts";
import { saveSettings } from "../../../store/workspace/settings.ts";
import { createToken, listTokens, revokeToken } from "../../../store/workspace/tokens.ts";
import type { AccessEntry } from "../../../domain/workspace-settings.ts";
import { listReportAccess, workspaceSettings } from "../../../store/workspace/workspaces.ts";
import {
  newTokenView,
  noticeView,
  SETTINGS_ACTIONS,
  SETTINGS_BLOCKS,
  SETTINGS_CALLBACK,
  settingsView,
  type SettingsViewData,
  type Usergroup,
} from "../../../render/block-kit/settings-blocks.ts";
import { SETTINGS_REFUSAL } from "../../../render/block-kit/refusals.ts";
import { isWorkspaceAdmin } from "../../permissions.ts";
import { errorId } from "../../../log.ts";
import type { SlackDeps, WebClient } from "../../report-delivery.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { readSettingsForm, type SettingsForm } from "./settings-form.ts";

const MAX_OPTIONS = 100;

/** The user groups to offer: the allowed ones first, then by name, at most 100 (a menu's limit). */
async function usergroupChoices(client: WebClient, access: readonly AccessEntry[]): Promise<SettingsViewData["usergroups"]> {
  let listed: Usergroup[];
  try {
    const result = await client.usergroups.list({});
    listed = (result.usergroups ?? []).flatMap((g) => (g.id ? [{ id: g.id, name: g.name || g.handle || g.id }] : []));
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === "plan_upgrade_required") return { unavailable: "User groups need a paid Slack plan, so there are none to choose here." };
    if (code === "missing_scope")
      return { unavailable: "Inbox Pulse lacks the `usergroups:read` scope: reinstall the app to choose user groups here." };
    throw error;
  }
  if (listed.length === 0) return { unavailable: "This workspace has no user groups to choose from." };
  const allowed = new Set(access.filter((e) => e.kind === "usergroup").map((e) => e.subjectId));
  const sorted = listed.sort((a, b) => Number(allowed.has(b.id)) - Number(allowed.has(a.id)) || a.name.localeCompare(b.name));
  return { groups: sorted.slice(0, MAX_OPTIONS), truncated: sorted.length > MAX_OPTIONS };
}

async function settingsViewFor(deps: SlackDeps, client: WebClient, workspaceId: string) {
  const prisma = deps.db.prisma;
  const [settings, timeline, access, tokens] = await Promise.all([
    workspaceSettings(prisma, workspaceId),
    scheduleTimeline(deps.db.sql, workspaceId),
    listReportAccess(prisma, workspaceId),
    listTokens(prisma, workspaceId),
  ]);
  const now = Date.now();
  const current = versionInForce(timeline.versions, timeline.fallback, now);
  const schedule = current.schedule;
  return settingsView({
    settings,
    schedule,
    appliesFrom: timeline.versions.length === 0 ? null : formToday(current, now),
    access,
    usergroups: await usergroupChoices(client, access),
    tokens: tokens.filter((t) => t.revokedAt === null),
    serverCharts: deps.config.CHARTS,
  });
}

/** Opens the modal; returns the refusal to show instead when the user is not an admin. */
export async function openSettings(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  userId: string,
  triggerId: string,
): Promise<string | null> {
  if (!(await isWorkspaceAdmin(client, userId))) return SETTINGS_REFUSAL;
  await client.views.open({ trigger_id: triggerId, view: await settingsViewFor(deps, client, workspaceId) });
  return null;
}

/** How the saved hours apply, for the summary. */
function hoursLine(form: Extract<SettingsForm, { ok: true }>, plan: ScheduleChangePlan | null): string {
  const hours = describeSchedule(form.schedule);
  if (plan === null || plan.unchanged !== null) return `${hours} (unchanged)`;
  const from = fromText(plan.effectiveFrom, form.schedule.timeZone);
  return `${hours}, for conversations started ${from}${plan.recompute ? "; their figures are being recomputed" : ""}`;
}

function summary(form: Extract<SettingsForm, { ok: true }>, plan: ScheduleChangePlan | null, userId: string): string {
  const { settings, access } = form;
  const charts = settings.chartMode ?? "the server's default";
  const keep = settings.retentionDays === null ? "everything" : `${settings.retentionDays} days`;
  const people = access.user?.length ?? 0;
  const groups = access.usergroup === undefined ? "" : `, ${access.usergroup.length} user group(s)`;
  return [
    `:white_check_mark: <@${userId}> saved Inbox Pulse's settings.`,
    `• Business hours: ${hoursLine(form, plan)}`,
    `• Reports: admins and owners, ${people} more people${groups}`,
    `• Charts: ${charts} · Events kept: ${keep} · On uninstall: ${settings.eraseOnUninstall ? "erase the data" : "keep the data"}`,
  ].join("\n");
}

async function submit(
  { ack, body, view, client, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  deps: SlackDeps,
) {
  const workspaceId = workspaceIdOf(context) ?? body.team?.id;
  const userId = body.user.id;
  let acked = false;
  const answer = async (response: Parameters<typeof ack>[0]) => {
    acked = true;
    await ack(response);
  };
  try {
    if (!workspaceId) throw new Error("view submission without a workspace");
    if (!(await isWorkspaceAdmin(client, userId))) {
      return void (await answer({ response_action: "errors", errors: { [SETTINGS_BLOCKS.timeZone]: SETTINGS_REFUSAL } }));
    }
    const form = readSettingsForm(view.state.values);
    if (!form.ok) return void (await answer({ response_action: "errors", errors: form.errors }));
    const timeline = await scheduleTimeline(deps.db.sql, workspaceId);
    // An unchanged schedule adds no version.
    const now = Date.now();
    const current = versionInForce(timeline.versions, timeline.fallback, now);
    const from = timeline.versions.length === 0 ? form.appliesFrom : formEffectiveDate(form.appliesFrom, current, now);
    const change = formScheduleChange(current, form.schedule, from);
    const plan = await saveSettings(deps.db.sql, workspaceId, { settings: form.settings, schedule: change, access: form.access });
    await answer({ response_action: "clear" });
    deps.log.info("settings saved", { workspaceId, userId, scheduleChanged: plan !== null && plan.unchanged === null });
    const dm = await client.conversations.open({ users: userId });
    if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text: summary(form, plan, userId) });
  } catch (error) {
    const id = errorId();
    deps.log.error("settings submission failed", { errorId: id, workspaceId, error: (error as Error).message });
    const text = `Could not save the settings (error id ${id}); nothing was changed. Please try again.`;
    if (!acked) await answer({ response_action: "errors", errors: { [SETTINGS_BLOCKS.timeZone]: text } });
  }
}

export function registerSettings(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(SETTINGS_CALLBACK, (args) => submit(args, deps));

  app.action<BlockAction<ButtonAction>>(/^settings_token_/, async ({ ack, action, body, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id;
    if (!workspaceId || !body.view) return;
    try {
      if (!(await isWorkspaceAdmin(client, body.user.id))) {
        return void (await client.views.push({ trigger_id: body.trigger_id, view: noticeView(SETTINGS_REFUSAL) }));
      }
      if (action.action_id === SETTINGS_ACTIONS.createToken) {
        const { token, info } = await createToken(deps.db.prisma, workspaceId, `Created in Slack by ${body.user.id}`);
        deps.log.info("ingest token created", { workspaceId, tokenId: info.id, userId: body.user.id });
        await client.views.push({ trigger_id: body.trigger_id, view: newTokenView(token, info) });
      } else if (action.action_id === SETTINGS_ACTIONS.revokeToken) {
        // Scoped to this workspace: another workspace's token id revokes nothing.
        if (await revokeToken(deps.db.prisma, workspaceId, action.value ?? "")) {
          deps.log.info("ingest token revoked", { workspaceId, tokenId: action.value, userId: body.user.id });
        }
      } else {
        return;
      }
      // Same block and action ids: Slack keeps what the admin typed and has not saved yet.
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: await settingsViewFor(deps, client, workspaceId) });
    } catch (error) {
      const id = errorId();
      deps.log.error("settings action failed", { errorId: id, workspaceId, actionId: action.action_id, error: (error as Error).message });
      const notice = noticeView(`Something went wrong on our side (error id ${id}). Close this and try again.`);
      await client.views.push({ trigger_id: body.trigger_id, view: notice }).catch(() => undefined);
    }
  });
}
