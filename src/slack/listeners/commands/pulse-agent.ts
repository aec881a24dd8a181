// /pulse agent link|unlink|list: tie a Slack user to the inbox agent's email when their
// Slack profile email is not the one the inbox knows (see resolveMentions).
import { DateTime } from "luxon";
import { unescapeSlack } from "../../../domain/command-text.ts";
import { linkAgent, listAgentLinks, unlinkAgent } from "../../../store/workspace/agent-links.ts";
import { codeSpan } from "../../../render/block-kit/mrkdwn.ts";
import { mentionedUser, type SlackDeps } from "../../report-delivery.ts";

export const AGENT_USAGE = [
  "*/pulse agent link @user email* — `assignee:@user` and `agent:@user` then mean the inbox agent with this email (when it differs from their Slack email)",
  "*/pulse agent unlink @user* — back to their Slack profile email",
  "*/pulse agent list* — the links",
].join("\n");

// The shape only: the inbox compares emails ignoring case, and an agent's address need not be deliverable.
const EMAIL = /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/;
const MAX_EMAIL = 254;

function userOf(word: string | undefined, action: string): { id: string } | { error: string } {
  const id = mentionedUser(unescapeSlack(word ?? ""));
  if (id !== undefined) return { id };
  const got = word === undefined ? "nothing" : codeSpan(word);
  return { error: `Which user? Expected a Slack mention such as \`@camille\` after \`${action}\`, got ${got}.\n${AGENT_USAGE}` };
}

/** The answer to `/pulse agent <words>`, for a user already allowed to run reports. */
export async function agentCommand(deps: SlackDeps, workspaceId: string, words: string[]): Promise<string> {
  const [action, ...rest] = words;
  switch (action?.toLowerCase()) {
    case "link": {
      const user = userOf(rest[0], "link");
      if ("error" in user) return user.error;
      const email = unescapeSlack(rest[1] ?? "").toLowerCase();
      if (rest.length !== 2 || email.length > MAX_EMAIL || !EMAIL.test(email)) {
        const got = rest.length < 2 ? "nothing" : codeSpan(rest.slice(1).join(" "));
        return `Which agent? Expected one email address after the user, e.g. \`/pulse agent link @camille camille@acme.example\`, got ${got}.`;
      }
      await linkAgent(deps.db, workspaceId, user.id, email);
      return `:link: <@${user.id}> is now the agent ${codeSpan(email)}: \`assignee:@user\`, \`by:@user\` and \`agent:@user\` match that email.`;
    }
    case "unlink": {
      const user = userOf(rest[0], "unlink");
      if ("error" in user) return user.error;
      return (await unlinkAgent(deps.db, workspaceId, user.id))
        ? `Link removed: mentions of <@${user.id}> match their Slack profile email again.`
        : `<@${user.id}> has no link here. \`/pulse agent list\` shows the links.`;
    }
    case "list": {
      const links = await listAgentLinks(deps.db, workspaceId);
      if (links.length === 0) return `No agent links yet: mentions match each user's Slack profile email.\n${AGENT_USAGE}`;
      return links
        .map(
          (l) =>
            `• <@${l.slackUserId}> → ${codeSpan(l.email)} (since ${DateTime.fromMillis(l.createdAt, { zone: "UTC" }).toFormat("d LLL yyyy")})`,
        )
        .join("\n");
    }
    default:
      return `${action === undefined ? "What about agents?" : `Unknown ${codeSpan(action)}.`}\n${AGENT_USAGE}`;
  }
}
