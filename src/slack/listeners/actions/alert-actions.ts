// The buttons of an alert's message: Acknowledge (who; no more notifications this episode),
// Snooze (1 h, 4 h, or until the next business day), Mute rule (workspace admins only). Each
// click is checked again (who may, which rule, which episode) and the message redrawn in place.
// "Open report" is the reports' own action (report-actions.ts).
import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { currentAlertMessage } from "../../../alerts/alert-admin.ts";
import { nextBusinessDayOpening } from "../../../domain/business-hours/open-time.ts";
import { scheduleAt } from "../../../domain/schedule-versions.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { errorId } from "../../../log.ts";
import { ALERT_ACTIONS, SNOOZES, type Snooze } from "../../../render/block-kit/alert-blocks.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { loadReportContext } from "../../../reports/report-context.ts";
import { findAlertRule, markEpisode, setAlertRulePaused } from "../../../store/workspace/alerts.ts";
import { isWorkspaceAdmin } from "../../permissions.ts";
import { internalErrorMessage, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";

const HOUR = 3_600_000;
const TARGET = /^(al[0-9a-f]+):(\d{1,9})(?::([a-z0-9-]+))?$/;

/** "<rule>:<episode>[:<snooze>]" as the message's buttons carry it; null for anything else. */
function targetOf(value: string): { ruleId: string; episode: number; snooze: string | undefined } | null {
  const match = TARGET.exec(value);
  return match ? { ruleId: match[1]!, episode: Number(match[2]), snooze: match[3] } : null;
}

/** `clock`: the instant clicks are handled at (tests move it). */
export function registerAlertActions(app: App, deps: SlackDeps, clock: () => number = Date.now): void {
  const actions = new RegExp(`^(${Object.values(ALERT_ACTIONS).join("|")})$`);
  app.action<BlockAction<ButtonAction | StaticSelectAction>>(actions, async ({ action, body, ack, respond, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id ?? body.user.team_id;
    if (!workspaceId) return;
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    try {
      const value = action.type === "static_select" ? action.selected_option.value : action.value;
      const target = targetOf(value ?? "");
      const rule = target && (await findAlertRule(deps.db, workspaceId, target.ruleId));
      if (!target || !rule) return void (await tell(":no_entry: This alert no longer exists (`/pulse alert list` shows the rules)."));
      const muting = action.action_id === ALERT_ACTIONS.mute;
      const allowed = muting
        ? await isWorkspaceAdmin(client, body.user.id)
        : await userMayRunReports(deps, client, workspaceId, body.user.id);
      if (!allowed) return void (await tell(muting ? ":no_entry: Only workspace admins and owners can mute a rule." : REFUSAL));
      const now = clock();
      const key = { workspaceId, ruleId: rule.id, episode: target.episode };
      if (muting) {
        await setAlertRulePaused(deps.db, workspaceId, rule.id, `muted by ${body.user.id}`, now);
      } else {
        let mark: Parameters<typeof markEpisode>[2] = { acknowledgedBy: body.user.id, now };
        if (action.action_id === ALERT_ACTIONS.snooze) {
          if (!(target.snooze && target.snooze in SNOOZES)) return void (await tell(":no_entry: This snooze choice is not one I know."));
          const reportContext = await loadReportContext(deps.db, workspaceId, now);
          const schedule = scheduleAt(reportContext.timeline.versions, now, reportContext.timeline.fallback);
          const snooze = target.snooze as Snooze;
          const until = snooze === "1h" ? now + HOUR : snooze === "4h" ? now + 4 * HOUR : nextBusinessDayOpening(schedule, now);
          mark = { snoozedUntil: until ?? now + 24 * HOUR };
        }
        if (!(await markEpisode(deps.db, key, mark))) return void (await tell("This alert has already resolved: nothing to do."));
      }
      const message = await currentAlertMessage(deps.db, (await findAlertRule(deps.db, workspaceId, rule.id))!, now);
      if (message) await respond({ response_type: "in_channel", replace_original: true, ...message } as never);
    } catch (error) {
      const id = errorId();
      deps.log.error("alert action failed", { errorId: id, workspaceId, actionId: action.action_id, error: (error as Error).message });
      await respond({ response_type: "ephemeral", replace_original: false, ...internalErrorMessage(id) } as never);
    }
  });
}
