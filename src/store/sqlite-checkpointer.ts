// WAL checkpoints on a worker thread. By default SQLite checkpoints inside the COMMIT that
// pushes the WAL past 1,000 pages, so an ingest batch paid for copying earlier batches back
// into the database file (a quarter of bulk-ingest time, README "Benchmarks"). The writing
// connection turns that off and this worker, with its own connection, runs a PASSIVE
// checkpoint every interval: it never blocks writers or readers, runs on the other core, and
// keeps the WAL as small as the writes of one interval (SQLite then reuses the WAL from its start).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Plain JavaScript (eval'd), so it runs without the TypeScript loader.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy or closing: the next tick retries */ }
}, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs } });
  // A CLI command that is done must not wait for this thread.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      // Held until the worker has closed its connection.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
