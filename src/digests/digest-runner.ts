// Posts digests exactly once per (subscription, period): claim the period in the ledger,
// build the reports (the last full period and the one before), post, record the outcome.
// The clock is a parameter, so tests can run any instant; Slack is behind DigestPoster.
import { countDigestRun } from "../ops/metrics.ts";
import { PAUSING_ERRORS, slackErrorCode } from "../ops/slack-errors.ts";
import type { Logger } from "../log.ts";
import type { Database } from "../store/engine/database.ts";
import { activeSubscriptions, claimRun, finishRun, pauseSubscription, skipRun, type Subscription } from "../store/workspace/digests.ts";
import { interleaveByChannel } from "./channel-interleave.ts";
import { digestReports, dueRun, type DigestReports, type DigestRun } from "./digest-run.ts";

export interface DigestPoster {
  /** Posts the run's digest to the subscription's channel; resolves with the message's ts. */
  post(run: DigestRun, reports: DigestReports): Promise<string>;
  /** True when a retried run finds its message already in the channel (it died after posting). */
  alreadyPosted(run: DigestRun): Promise<boolean>;
  /** A direct message to whoever created the subscription. */
  tellCreator(subscription: Subscription, text: string): Promise<void>;
}

export interface DigestRunnerOptions {
  /** A period missed by less than this (downtime) is still posted when the app comes back. */
  graceMs: number;
  /** A claim older than this belongs to a process that died: the run may be taken over. */
  leaseMs: number;
  /** Failed runs are retried until this many attempts, never forever. */
  maxAttempts: number;
  /** Names this process in the ledger. */
  instance: string;
}

export type RunOutcome = {
  subscriptionId: string;
  periodKey: string;
  status: "posted" | "skipped" | "failed" | "paused" | "not-due" | "taken";
};

async function runSubscription(
  db: Database,
  poster: DigestPoster,
  log: Logger,
  subscription: Subscription,
  now: number,
  options: DigestRunnerOptions,
): Promise<RunOutcome> {
  const run = dueRun(subscription, now);
  const { dueAt } = run;
  const key = { subscriptionId: subscription.id, periodKey: run.periodKey };
  const base = { ...key, workspaceId: subscription.workspaceId };
  if (dueAt < subscription.createdAt) return { ...key, status: "not-due" };
  if (now - dueAt > options.graceMs) {
    if (await skipRun(db, key, { workspaceId: subscription.workspaceId, dueAt, now, reason: "missed by more than the grace window" })) {
      log.warn("digest skipped", { ...base, dueAt: new Date(dueAt).toISOString(), lateBySeconds: Math.round((now - dueAt) / 1000) });
    }
    return { ...key, status: "skipped" };
  }
  const attempt = await claimRun(db, key, { ...options, workspaceId: subscription.workspaceId, dueAt, now });
  if (attempt === null) return { ...key, status: "taken" };

  try {
    // A retried run may belong to a process that died after posting but before recording it.
    if (attempt > 1 && (await poster.alreadyPosted(run))) {
      await finishRun(db, key, { status: "posted", now });
      log.info("digest already posted before a crash", base);
      return { ...key, status: "posted" };
    }
    const ts = await poster.post(run, await digestReports(db, run, now));
    await finishRun(db, key, { status: "posted", now, messageTs: ts });
    log.info("digest posted", base);
    return { ...key, status: "posted" };
  } catch (error) {
    const code = slackErrorCode(error) ?? (error as Error).message;
    await finishRun(db, key, { status: "failed", now, error: code });
    if (PAUSING_ERRORS.has(code)) {
      await pauseSubscription(db, subscription.id, code);
      log.warn("digest paused", { ...base, error: code });
      await poster
        .tellCreator(
          subscription,
          `Your digest ${subscription.id} for <#${subscription.channelId}> is paused: Slack answered \`${code}\`. ` +
            "Invite the app to the channel (or pick another one) and add the digest again.",
        )
        .catch((dmError: unknown) =>
          log.warn("could not tell the digest's creator", { ...base, error: slackErrorCode(dmError) ?? String(dmError) }),
        );
      return { ...key, status: "paused" };
    }
    log.error("digest failed", { ...base, error: code });
    return { ...key, status: "failed" };
  }
}

/** Runs every active subscription whose latest period is due (the catch-up sweep), spread over the channels. */
export async function runDueDigests(
  db: Database,
  poster: DigestPoster,
  log: Logger,
  now: number,
  options: DigestRunnerOptions,
): Promise<RunOutcome[]> {
  return runSubscriptions(db, poster, log, interleaveByChannel(await activeSubscriptions(db)), now, options);
}

/** Runs the latest due period of each subscription, one after the other in the order given. */
export async function runSubscriptions(
  db: Database,
  poster: DigestPoster,
  log: Logger,
  subscriptions: readonly Subscription[],
  now: number,
  options: DigestRunnerOptions,
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const subscription of subscriptions) {
    const outcome = await runSubscription(db, poster, log, subscription, now, options);
    countDigestRun(outcome.status);
    outcomes.push(outcome);
  }
  return outcomes;
}
