// Wakes the alert runner: a node-cron tick every minute (and one at start). Overlapping
// ticks and replicas are harmless: each step is claimed in the ledger before it is posted.
import type { Logger } from "../log.ts";
import { CronJob } from "../ops/cron-job.ts";
import type { Database } from "../store/engine/database.ts";
import { runAlerts, type AlertPoster, type AlertRunnerOptions } from "./alert-runner.ts";

export class AlertScheduler {
  private readonly job: CronJob;

  constructor(db: Database, poster: AlertPoster, log: Logger, options: AlertRunnerOptions, clock: () => number = Date.now) {
    this.job = new CronJob("alert tick", "* * * * *", log, () => runAlerts(db, poster, log, clock(), options));
  }

  async start(): Promise<void> {
    await this.job.run();
    this.job.start();
  }

  /** Stops the timer and waits for the alerts being posted. */
  stop(): Promise<void> {
    return this.job.stop();
  }
}
