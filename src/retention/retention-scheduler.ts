// Runs the retention job daily (RETENTION_CRON, UTC). Every replica schedules it; the job's
// lock lets one of them do the work (src/retention/retention-job.ts).
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.ts";
import type { Database } from "../store/database.ts";
import { runRetention } from "./retention-job.ts";

export class RetentionScheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly expression: string,
  ) {}

  start(): void {
    this.task = cron.schedule(this.expression, () => void this.run(), { name: "retention", timezone: "UTC", noOverlap: true });
  }

  run(): Promise<void> {
    this.running ??= runRetention(this.db, this.log, { signal: this.stopping.signal })
      .then(() => undefined)
      .catch((error: unknown) => this.log.error("retention failed", { error: (error as Error).message }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer; a run in progress stops after its current batch (each batch is its own transaction). */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    this.stopping.abort();
    await this.running;
  }
}
