// Runs the retention job daily (RETENTION_CRON, UTC). Every replica schedules it; the job's
// lock lets one of them do the work (src/ops/retention-job.ts). A stop ends a run
// after its current batch (each batch is its own transaction).
import type { Logger } from "../log.ts";
import { CronJob } from "./cron-job.ts";
import type { Database } from "../store/engine/database.ts";
import { runRetention } from "./retention-job.ts";

export function retentionScheduler(db: Database, log: Logger, expression: string): CronJob {
  return new CronJob("retention", expression, log, (signal) => runRetention(db, log, { signal }));
}
