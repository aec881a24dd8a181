// "Add an alert" (`/pulse alert add` without words): the channel and the rule, checked as the
// command checks them; an error goes under the field it concerns, and the confirmation to the
// person's direct messages with the app.
import type { App, ViewSubmitAction } from "@slack/bolt";
import { addAlertRule } from "../../../alerts/alert-admin.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { errorId } from "../../../log.ts";
import { ALERT_MODAL } from "../../../render/block-kit/alert-blocks.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { userMayRunReports, type SlackDeps } from "../../report-delivery.ts";
import { addedText, agentResolver } from "../commands/pulse-alert.ts";

/** `clock`: the instant rules are added at (tests move it). */
export function registerAlertModal(app: App, deps: SlackDeps, clock: () => number = Date.now): void {
  app.view<ViewSubmitAction>(ALERT_MODAL.callback, async ({ ack, body, view, client, context }) => {
    const workspaceId = workspaceIdOf(context) ?? body.team?.id;
    const userId = body.user.id;
    const fail = (block: string, text: string) => ack({ response_action: "errors", errors: { [block]: text } });
    let acked = false;
    try {
      if (!workspaceId) throw new Error("view submission without a workspace");
      if (!(await userMayRunReports(deps, client, workspaceId, userId))) return void (await fail(ALERT_MODAL.rule, REFUSAL));
      const values = view.state.values;
      const channelId = values[ALERT_MODAL.channel]?.[ALERT_MODAL.input]?.selected_conversation;
      if (!channelId) return void (await fail(ALERT_MODAL.channel, "Pick the channel the alert posts in."));
      const text = values[ALERT_MODAL.rule]?.[ALERT_MODAL.input]?.value ?? "";
      const now = clock();
      const added = await addAlertRule(
        deps.db,
        { workspaceId, channelId, text, createdBy: userId },
        now,
        agentResolver(deps, client, workspaceId),
      );
      if (!added.ok) return void (await fail(ALERT_MODAL.rule, added.error));
      acked = true;
      await ack();
      const dm = await client.conversations.open({ users: userId });
      if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text: addedText(added, now) });
    } catch (error) {
      const id = errorId();
      deps.log.error("alert modal failed", { errorId: id, workspaceId, error: (error as Error).message });
      if (!acked) await fail(ALERT_MODAL.rule, `Could not add the alert (error id ${id}); nothing was stored. Please try again.`);
    }
  });
}
