// Posts alerts with the bot's Web API client (the one SLACK_BOT_TOKEN, or each workspace's
// with OAuth). Each post carries metadata naming its rule, episode and step, so a step
// retried after a crash finds the post it already made instead of making a second one.
import type { AlertPoster, PostMark } from "../alerts/alert-runner.ts";
import type { Logger } from "../log.ts";
import { slackErrorCode } from "../ops/slack-errors.ts";
import type { AlertRule } from "../store/workspace/alerts.ts";
import { tellCreator, type WorkspaceClient } from "./digest-poster.ts";
import type { WebClient } from "./report-delivery.ts";

const EVENT_TYPE = "inbox_pulse_alert";

const metadata = (mark: PostMark) => ({
  event_type: EVENT_TYPE,
  event_payload: { rule_id: mark.ruleId, episode: mark.episode, step: mark.step },
});

type Meta = { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

const marked = (mark: PostMark) => (m: Meta) => {
  const p = m.metadata?.event_payload;
  return (
    m.metadata?.event_type === EVENT_TYPE && p?.rule_id === mark.ruleId && Number(p?.episode) === mark.episode && p?.step === mark.step
  );
};

export function slackAlertPoster(clients: WebClient | WorkspaceClient, log: Logger): AlertPoster {
  const clientFor = (rule: AlertRule) => (typeof clients === "function" ? clients(rule.workspaceId) : Promise.resolve(clients));
  return {
    async post(rule, message, mark) {
      const client = await clientFor(rule);
      const result = await client.chat.postMessage({
        channel: rule.channelId,
        text: message.text,
        blocks: message.blocks as never,
        metadata: metadata(mark),
      });
      return result.ts ?? "";
    },

    async update(rule, ts, message) {
      const client = await clientFor(rule);
      await client.chat.update({ channel: rule.channelId, ts, text: message.text, blocks: message.blocks as never });
    },

    async reply(rule, threadTs, text, mark) {
      const client = await clientFor(rule);
      await client.chat.postMessage({ channel: rule.channelId, thread_ts: threadTs, text, metadata: metadata(mark) });
    },

    async findPosted(rule, mark, threadTs) {
      try {
        const client = await clientFor(rule);
        const found = threadTs
          ? await client.conversations.replies({ channel: rule.channelId, ts: threadTs, limit: 200, include_all_metadata: true })
          : await client.conversations.history({ channel: rule.channelId, limit: 100, include_all_metadata: true });
        return ((found.messages ?? []) as (Meta & { ts?: string })[]).find(marked(mark))?.ts ?? null;
      } catch (error) {
        // Without history access (channels:history) a retry cannot check: it posts.
        log.warn("could not read the channel's history before a retried alert", {
          ruleId: rule.id,
          error: slackErrorCode(error) ?? (error as Error).message,
        });
        return null;
      }
    },

    async tellCreator(rule, text) {
      if (!(await tellCreator(await clientFor(rule), rule.createdBy, text)))
        log.warn("no Slack user to tell of the alert", { ruleId: rule.id });
    },
  };
}
