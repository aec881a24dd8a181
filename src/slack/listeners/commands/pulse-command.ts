// /pulse digest add|list|remove|preview: scheduled digests, managed from Slack.
//   /pulse digest add #channel weekly mon 09:00 [agent-performance|assignments]
//   /pulse digest add #channel daily 08:30 assignments
//   /pulse digest add #channel monthly 1 09:00
import type { App } from "@slack/bolt";
import { splitDigestWords } from "../../../domain/digest-schedule.ts";
import { channelIdOf } from "../../../domain/slack-ids.ts";
import { digestReports, previewRun } from "../../../digests/digest-run.ts";
import { addDigest, digestListings } from "../../../digests/digest-subscriptions.ts";
import { findSubscription, removeSubscription } from "../../../store/workspace/digests.ts";
import { digestAddedText, digestLine } from "../../../render/block-kit/digest-list.ts";
import { codeSpan, escapeMrkdwn } from "../../../render/block-kit/mrkdwn.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { openSettings } from "../views/settings-modal.ts";
import { digestSlackMessage } from "../../digest-poster.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { errorId } from "../../../log.ts";
import { internalErrorMessage, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";
import { AGENT_USAGE, agentCommand } from "./pulse-agent.ts";
import { ALERT_USAGE, alertCommand } from "./pulse-alert.ts";
import { addAlertModal } from "../../../render/block-kit/alert-blocks.ts";

const PULSE_USAGE = [
  "*/pulse digest add #channel weekly mon 09:00 [agent-performance|assignments]* — post a report every week (also `daily 08:30`, `monthly 1 09:00`), in the workspace's time zone; default report: agent-performance",
  "*/pulse digest list* — the digests, their next run and last outcome",
  "*/pulse digest remove <id>* — stop one",
  "*/pulse digest preview <id>* — show it now, only to you",
  "*/pulse settings* — time zone, business hours, who may run reports, charts, data retention, ingest tokens (workspace admins and owners)",
  ALERT_USAGE,
  AGENT_USAGE,
].join("\n");

type Reply = { text: string; blocks?: unknown[] };

/** `clock`: the instant digests and alerts are answered at (tests move it). */
export function registerPulseCommand(app: App, deps: SlackDeps, clock: () => number = Date.now): void {
  app.command("/pulse", async ({ command, ack, respond, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? command.team_id;
    const answer = (reply: Reply) => respond({ response_type: "ephemeral", ...reply } as never);
    try {
      const words = (command.text ?? "").trim().split(/\s+/).filter(Boolean);
      const topic = words[0]?.toLowerCase();
      if (topic === "settings") {
        const refusal = await openSettings(deps, client, workspaceId, command.user_id, command.trigger_id);
        return void (refusal && (await answer({ text: refusal })));
      }
      if (!["digest", "agent", "alert"].includes(topic ?? "") || words.length < 2) return void (await answer({ text: PULSE_USAGE }));
      if (topic === "alert" && words.length === 2 && words[1]!.toLowerCase() === "add") {
        if (!(await userMayRunReports(deps, client, workspaceId, command.user_id))) return void (await answer({ text: REFUSAL }));
        return void (await client.views.open({ trigger_id: command.trigger_id, view: addAlertModal() }));
      }
      if (!(await userMayRunReports(deps, client, workspaceId, command.user_id))) return void (await answer({ text: REFUSAL }));
      if (topic === "agent") return void (await answer({ text: await agentCommand(deps, workspaceId, words.slice(1)) }));
      const now = clock();
      if (topic === "alert") {
        const reply = await alertCommand(deps, client, command, workspaceId, now);
        return void (await answer(typeof reply === "string" ? { text: reply } : "modal" in reply ? { text: ALERT_USAGE } : reply));
      }
      const [, action, ...rest] = words;
      switch (action!.toLowerCase()) {
        case "add": {
          const channelId = channelIdOf(rest[0] ?? "");
          if (channelId === null)
            return void (await answer({
              text: `Which channel? Expected \`#channel\` first, e.g. \`/pulse digest add #support weekly mon 09:00\`.\n${PULSE_USAGE}`,
            }));
          const { scheduleWords, report } = splitDigestWords(rest.slice(1));
          const added = await addDigest(deps.db, { workspaceId, channelId, report, scheduleWords, createdBy: command.user_id }, now);
          if (!added.ok) return void (await answer({ text: `${escapeMrkdwn(added.error)}\n${PULSE_USAGE}` }));
          return void (await answer({ text: digestAddedText(added.listing) }));
        }
        case "list": {
          const listings = await digestListings(deps.db, workspaceId, now);
          if (listings.length === 0) return void (await answer({ text: `No digests yet. ${PULSE_USAGE}` }));
          return void (await answer({ text: listings.map(digestLine).join("\n") }));
        }
        case "remove": {
          if (!rest[0] || !(await removeSubscription(deps.db, workspaceId, rest[0]))) {
            return void (await answer({ text: `No digest ${codeSpan(rest[0] ?? "")} here. \`/pulse digest list\` shows their ids.` }));
          }
          return void (await answer({ text: `Digest ${codeSpan(rest[0])} removed.` }));
        }
        case "preview": {
          const subscription = rest[0] ? await findSubscription(deps.db, workspaceId, rest[0]) : null;
          if (!subscription)
            return void (await answer({ text: `No digest ${codeSpan(rest[0] ?? "")} here. \`/pulse digest list\` shows their ids.` }));
          const run = previewRun(subscription, now);
          return void (await answer(digestSlackMessage(run, await digestReports(deps.db, run, now), deps.config)));
        }
        default:
          return void (await answer({ text: `Unknown ${codeSpan(action!)}.\n${PULSE_USAGE}` }));
      }
    } catch (error) {
      const id = errorId();
      deps.log.error("/pulse failed", { errorId: id, workspaceId, error: (error as Error).message });
      await answer(internalErrorMessage(id));
    }
  });
}
