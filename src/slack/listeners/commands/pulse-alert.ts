// /pulse alert add|list|remove|pause|resume|test: alert rules, managed from Slack
// (docs/usage.md, "Alerts").
import { addAlertRule, alertListings, tryAlertRule, type AlertListing } from "../../../alerts/alert-admin.ts";
import { channelIdOf } from "../../../domain/slack-ids.ts";
import { emptyFilters } from "../../../domain/report-request.ts";
import { alertLine } from "../../../render/block-kit/alert-blocks.ts";
import { codeSpan, escapeMrkdwn, MRKDWN } from "../../../render/block-kit/mrkdwn.ts";
import { alertLineWords } from "../../../render/words/alert-words.ts";
import { removeAlertRule, setAlertRulePaused } from "../../../store/workspace/alerts.ts";
import { resolveMentions, type SlackDeps, type WebClient } from "../../report-delivery.ts";

export const ALERT_USAGE = [
  "*/pulse alert add* — a form; or *#channel waiting > 2h* — customers waiting longer than 2 h of business time for a first reply (add `any-time` for clock time)",
  "*/pulse alert add #channel first-response > 1h over 4h* — the team's median over the last 4 h (`resolution` too; options `agent:@user`, `avg`, `min 5`)",
  "*/pulse alert add #channel source:bot change > 100% over 1d* — a source against the same hours of the 4 weeks before (`change < -50%` for a drop)",
  "*/pulse alert list* — the rules and their state · *remove*, *pause*, *resume*, *test <id>*",
].join("\n");

const NO_SUCH = (id: string | undefined) => `No alert ${codeSpan(id ?? "")} here. \`/pulse alert list\` shows their ids.`;

/** agent:@someone names a Slack user: the rule keeps the inbox agent's email (as reports do). */
export function agentResolver(deps: SlackDeps, client: WebClient, workspaceId: string): (agent: string) => Promise<string> {
  return async (agent) => {
    const resolved = await resolveMentions(deps.db, client, workspaceId, {
      report: "agent-performance",
      period: { preset: "today" },
      filters: { ...emptyFilters(), agents: [agent] },
      page: 0,
    });
    return resolved.filters.agents[0] ?? agent;
  };
}

/** The answer to adding a rule: the rule in its line, and why it cannot fire yet if so. */
export function addedText(added: { listing: AlertListing; warning: string | null }, now: number): string {
  return [`:rotating_light: Alert ${alertLineWords(added.listing, MRKDWN, now)}.`, ...(added.warning ? [added.warning] : [])].join("\n");
}

/** The rule's words after `alert add <channel>`, as typed (quotes kept for agent:"Léa Bernard"). */
const ruleText = (text: string) => text.trim().replace(/^\S+\s+\S+\s+\S+\s*/, "");

/** The answer to `/pulse alert <words>`, for a user already allowed to run reports. */
export async function alertCommand(
  deps: SlackDeps,
  client: WebClient,
  command: { text: string; user_id: string },
  workspaceId: string,
  now: number,
): Promise<string | { text: string; blocks: unknown[] }> {
  const [, action, id, ...rest] = command.text.trim().split(/\s+/);
  switch (action?.toLowerCase()) {
    case "add": {
      const channelId = channelIdOf(id ?? "");
      if (channelId === null)
        return `Which channel? Expected \`#channel\` first, e.g. \`/pulse alert add #support waiting > 2h\`.\n${ALERT_USAGE}`;
      if (rest.length === 0) return `Which rule? Expected one after the channel, e.g. \`waiting > 2h\`.\n${ALERT_USAGE}`;
      const input = { workspaceId, channelId, text: ruleText(command.text), createdBy: command.user_id };
      const added = await addAlertRule(deps.db, input, now, agentResolver(deps, client, workspaceId));
      if (!added.ok) return `${escapeMrkdwn(added.error)}\n${ALERT_USAGE}`;
      return addedText(added, now);
    }
    case "list": {
      const listings = await alertListings(deps.db, workspaceId);
      if (listings.length === 0) return `No alerts yet.\n${ALERT_USAGE}`;
      return listings.map((l) => alertLine(l, now)).join("\n");
    }
    case "remove":
      return (await removeAlertRule(deps.db, workspaceId, id ?? "")) ? `Alert ${codeSpan(id!)} removed.` : NO_SUCH(id);
    case "pause":
      return (await setAlertRulePaused(deps.db, workspaceId, id ?? "", `paused by ${command.user_id}`, now))
        ? `Alert ${codeSpan(id!)} paused: \`/pulse alert resume ${id}\` starts it again.`
        : NO_SUCH(id);
    case "resume":
      return (await setAlertRulePaused(deps.db, workspaceId, id ?? "", null, now)) ? `Alert ${codeSpan(id!)} resumed.` : NO_SUCH(id);
    case "test": {
      const tried = await tryAlertRule(deps.db, workspaceId, id ?? "", now);
      if (tried === null) return NO_SUCH(id);
      const holds = tried.result.evaluation.holds;
      const verdict =
        holds === true
          ? "It holds now: this is what its channel gets (only you see it here)."
          : holds === "not-now"
            ? "It holds, but the workspace is closed now: it would start nothing until business hours."
            : "It does not hold now: nothing would be posted. For the record:";
      return { text: verdict, blocks: [{ type: "section", text: { type: "mrkdwn", text: verdict } }, ...tried.message.blocks] };
    }
    default:
      return `${action ? `Unknown ${codeSpan(action)}.\n` : ""}${ALERT_USAGE}`;
  }
}
