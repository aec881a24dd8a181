// Wakes the digest runner: a node-cron tick every minute (and one at start) runs every
// subscription whose latest due time, computed in the subscription's own time zone, has
// no posted run yet. One path for on-time posts, catch-up after downtime, subscriptions
// added by other replicas, and the day a DST change skips the due time (node-cron alone
// would not fire then). The ledger makes overlapping ticks and replicas harmless.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.ts";
import type { Database } from "../store/database.ts";
import { runDueDigests, type DigestPoster, type DigestRunnerOptions } from "./digest-runner.ts";

export class DigestScheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly poster: DigestPoster,
    private readonly log: Logger,
    private readonly options: DigestRunnerOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    await this.tick();
    this.task = cron.schedule("* * * * *", () => void this.tick(), { name: "digests", noOverlap: true });
  }

  /** One pass over the subscriptions; a tick that finds the previous one still running skips. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = runDueDigests(this.db, this.poster, this.log, this.clock(), this.options)
      .then(() => undefined)
      .catch((error: unknown) => this.log.error("digest tick failed", { error: (error as Error).message }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer and waits for the digests being posted. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    await this.running;
  }
}
