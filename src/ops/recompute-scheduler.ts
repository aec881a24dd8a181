// Applies pending schedule changes to stored conversations (src/store/events/schedule-recompute.ts)
// every few seconds. Every replica runs it; the workspace locks let them share the batches.
// A stop ends a run after its current batch.
import type { Logger } from "../log.ts";
import type { Database } from "../store/engine/database.ts";
import { drainRecomputes } from "../store/events/schedule-recompute.ts";
import { CronJob } from "./cron-job.ts";

export function recomputeScheduler(db: Database, log: Logger): CronJob {
  return new CronJob("schedule recompute", "*/5 * * * * *", log, async (signal) => {
    const measured = await drainRecomputes(db, { signal });
    if (measured > 0) log.info("schedule recompute", { conversations: measured });
  });
}
