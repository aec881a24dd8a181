// Posts digests with the bot's Web API client: the one SLACK_BOT_TOKEN, or with OAuth the
// token of the subscription's own workspace. Each message carries metadata naming its
// subscription and period, so a retried run can see that its message is already there.
import { webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import { digestChartMode } from "../domain/chart-modes.ts";
import { describeDigestSchedule } from "../domain/digest-schedule.ts";
import { isUserId } from "../domain/slack-ids.ts";
import type { DigestReports, DigestRun } from "../digests/digest-run.ts";
import type { DigestPoster } from "../digests/digest-runner.ts";
import type { Logger } from "../log.ts";
import type { Database } from "../store/engine/database.ts";
import { NOT_INSTALLED, pauseWorkspaceSubscriptions, type Subscription } from "../store/workspace/digests.ts";
import type { SlackInstallationStore } from "../store/workspace/installations.ts";
import { digestMessage } from "../render/block-kit/digest-blocks.ts";
import { chartModeFor } from "./chart-mode.ts";
import type { SlackMessage, WebClient } from "./report-delivery.ts";

const EVENT_TYPE = "inbox_pulse_digest";

/** The Web API client that posts for a workspace. */
export type WorkspaceClient = (workspaceId: string) => Promise<WebClient>;

/**
 * OAuth: each workspace posts with its own installation's bot token. A workspace without
 * one (uninstalled, or never installed here) cannot post: its digests are paused.
 */
export function installedClients(
  db: Database,
  installations: SlackInstallationStore,
  clientOptions: webApi.WebClientOptions,
): WorkspaceClient {
  return async (workspaceId) => {
    const token = (await installations.installationFor(workspaceId))?.bot?.token;
    if (token === undefined) {
      await pauseWorkspaceSubscriptions(db, workspaceId, NOT_INSTALLED);
      throw new Error(NOT_INSTALLED);
    }
    return new webApi.WebClient(token, clientOptions);
  };
}

/** The digest of a run: the message posted, and the one `/pulse digest preview` shows. */
export function digestSlackMessage(run: DigestRun, reports: DigestReports, config: Config): SlackMessage {
  return digestMessage(reports.report, {
    scheduleWords: describeDigestSchedule(run.schedule),
    frequency: run.schedule.frequency,
    charts: digestChartMode(chartModeFor(reports.context, config)),
    quickChartHost: config.QUICKCHART_HOST,
  });
}

/**
 * A direct message to whoever added a digest or an alert; false when it was added on the
 * command line without --created-by: nobody to tell but the log.
 */
export async function tellCreator(client: WebClient, createdBy: string, text: string): Promise<boolean> {
  if (!isUserId(createdBy)) return false;
  const dm = await client.conversations.open({ users: createdBy });
  if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
  return true;
}

/** `clients`: the one bot's client (SLACK_BOT_TOKEN), or each workspace's (OAuth). */
export function slackDigestPoster(clients: WebClient | WorkspaceClient, config: Config, log: Logger): DigestPoster {
  const clientFor = (subscription: Subscription) =>
    typeof clients === "function" ? clients(subscription.workspaceId) : Promise.resolve(clients);
  return {
    async post(run: DigestRun, reports: DigestReports): Promise<string> {
      const { subscription } = run;
      const client = await clientFor(subscription);
      const message = digestSlackMessage(run, reports, config);
      const result = await client.chat.postMessage({
        channel: subscription.channelId,
        text: message.text,
        blocks: message.blocks as never,
        metadata: {
          event_type: EVENT_TYPE,
          event_payload: { subscription_id: subscription.id, period_key: run.periodKey },
        },
      });
      return result.ts ?? "";
    },

    async alreadyPosted({ subscription, periodKey }: DigestRun): Promise<boolean> {
      try {
        const client = await clientFor(subscription);
        const history = await client.conversations.history({ channel: subscription.channelId, limit: 100, include_all_metadata: true });
        return (history.messages ?? []).some((m) => {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          return (
            meta?.event_type === EVENT_TYPE &&
            meta.event_payload?.subscription_id === subscription.id &&
            meta.event_payload?.period_key === periodKey
          );
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
      if (!(await tellCreator(await clientFor(subscription), subscription.createdBy, text)))
        log.warn("no Slack user to tell of the digest", { subscriptionId: subscription.id });
    },
  };
}
