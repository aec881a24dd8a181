// Wakes the digest runner: a node-cron tick every minute (and one at start) runs every
// subscription whose latest due time, computed in the subscription's own time zone, has
// no posted run yet. One path for on-time posts, catch-up after downtime, subscriptions
// added by other replicas, and the day a DST change skips the due time (node-cron alone
// would not fire then). The ledger makes overlapping ticks and replicas harmless.
import type { Logger } from "../log.ts";
import { CronJob } from "../ops/cron-job.ts";
import type { Database } from "../store/engine/database.ts";
import { runDueDigests, type DigestPoster, type DigestRunnerOptions } from "./digest-runner.ts";

export class DigestScheduler {
  private readonly job: CronJob;

  constructor(db: Database, poster: DigestPoster, log: Logger, options: DigestRunnerOptions, clock: () => number = Date.now) {
    this.job = new CronJob("digest tick", "* * * * *", log, () => runDueDigests(db, poster, log, clock(), options));
  }

  async start(): Promise<void> {
    await this.job.run();
    this.job.start();
  }

  /** Stops the timer and waits for the digests being posted. */
  stop(): Promise<void> {
    return this.job.stop();
  }
}
