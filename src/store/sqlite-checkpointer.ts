// WAL checkpoints on a worker thread. By default SQLite checkpoints inside the COMMIT that
// pushes the WAL past 1,000 pages, so an ingest batch paid for copying earlier batches back
// into the database file (a quarter of bulk-ingest time, README "Benchmarks"). The writing
// connection turns that off and this worker, with its own connection, runs a PASSIVE
// checkpoint every interval: it never blocks writers or readers and runs on the other core.
// A checkpointed WAL is reused from its start only by a writer that begins while every frame
// is checkpointed; under steady ingest that moment may never come, and a WAL of gigabytes
// slows every read (each page look-up searches the WAL index). So once the WAL passes
// RESTART_FRAMES and a PASSIVE checkpoint has copied all of it, the worker runs a RESTART
// checkpoint: it takes the write lock only long enough to see that nothing is left to copy,
// so that the next transaction starts the WAL over. When a transaction holds the lock
// (busy), it tries again a few milliseconds later, between two transactions. (The writer
// used to copy the last frames itself before its next transaction: 7 µs an event of bulk
// ingest, bench ingest-phases, "BEGIN".)
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Plain JavaScript (eval'd), so it runs without the TypeScript loader.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
let timer;
let restartDue = false;
function tick() {
  try {
    if (restartDue) {
      // Between two transactions: takes the write lock, copies what is left and lets the
      // next transaction start the WAL over. During one: busy (copies what it can).
      restartDue = db.pragma("wal_checkpoint(RESTART)")[0].busy === 1;
    } else {
      restartDue = db.pragma("wal_checkpoint(PASSIVE)")[0].log >= workerData.restartFrames;
    }
  } catch { /* closing: stop() ends the timer */ }
  timer = setTimeout(tick, restartDue ? workerData.retryMs : workerData.intervalMs);
}
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on("message", () => { clearTimeout(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** 4,096 frames: 16 MiB of WAL with 4 KiB pages. */
const RESTART_FRAMES = Number(process.env.RF ?? 4096);
/** How soon a RESTART that found a transaction open is tried again. */
const RETRY_MS = 5;

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs, restartFrames: RESTART_FRAMES, retryMs: RETRY_MS } });
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
