// Posts digests with the bot's Web API client. Each message carries metadata naming its
// subscription and period, so a retried run can see that its message is already there.
import type { Config } from "../config.ts";
import { describeDigestSchedule, type DigestSchedule } from "../domain/digest-schedule.ts";
import { specToText } from "../domain/periods.ts";
import type { DigestPoster } from "../digests/digest-runner.ts";
import type { Logger } from "../log.ts";
import type { Report } from "../reports/build-report.ts";
import type { Subscription } from "../store/digest-store.ts";
import { digestMessage } from "./blocks/digest-blocks.ts";
import type { WebClient } from "./report-delivery.ts";

const EVENT_TYPE = "inbox_pulse_digest";

export function slackDigestPoster(client: WebClient, config: Config, log: Logger): DigestPoster {
  return {
    async post(subscription: Subscription, schedule: DigestSchedule, current: Report, previous: Report): Promise<string> {
      const message = digestMessage(current, previous, {
        scheduleWords: describeDigestSchedule(schedule),
        frequency: schedule.frequency,
        charts: config.CHARTS === "upload" ? "native" : config.CHARTS,
        quickChartHost: config.QUICKCHART_HOST,
      });
      const result = await client.chat.postMessage({
        channel: subscription.channelId,
        text: message.text,
        blocks: message.blocks as never,
        metadata: {
          event_type: EVENT_TYPE,
          event_payload: { subscription_id: subscription.id, period_key: specToText(current.request.period) },
        },
      });
      return result.ts ?? "";
    },

    async alreadyPosted(subscription: Subscription, periodKey: string): Promise<boolean> {
      try {
        const history = await client.conversations.history({ channel: subscription.channelId, limit: 100, include_all_metadata: true });
        return (history.messages ?? []).some((m) => {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          return meta?.event_type === EVENT_TYPE && meta.event_payload?.subscription_id === subscription.id && meta.event_payload?.period_key === periodKey;
        });
      } catch (error) {
        // Without history access (channels:history) a retry cannot check: it posts.
        log.warn("could not read the channel's history before a retried digest", {
          subscriptionId: subscription.id,
          error: (error as { data?: { error?: string } }).data?.error ?? (error as Error).message,
        });
        return false;
      }
    },

    async tellCreator(subscription: Subscription, text: string): Promise<void> {
      const dm = await client.conversations.open({ users: subscription.createdBy });
      if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
    },
  };
}
