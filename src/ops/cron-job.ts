// A node-cron job that never overlaps itself: a tick while the last run is still going joins
// it, and stop() waits for it. Digests, alerts, retention and recomputes all run this way.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.ts";

export class CronJob {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  /** `work` gets a signal that aborts on stop(), to end between two of its steps. */
  constructor(
    private readonly name: string,
    private readonly expression: string,
    private readonly log: Logger,
    private readonly work: (signal: AbortSignal) => Promise<unknown>,
  ) {}

  start(): void {
    this.task = cron.schedule(this.expression, () => void this.run(), { name: this.name, timezone: "UTC", noOverlap: true });
  }

  /**
   * Runs once now, then on schedule: the digest and alert ticks, whose every run looks at
   * the current state (catch-up after downtime included), so a run at start is never a repeat.
   */
  async startNow(): Promise<void> {
    await this.run();
    this.start();
  }

  run(): Promise<void> {
    this.running ??= this.work(this.stopping.signal)
      .then(() => undefined)
      .catch((error: unknown) => this.log.error(`${this.name} failed`, { error: (error as Error).message }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer, then waits for the run in progress. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    this.stopping.abort();
    await this.running;
  }
}
