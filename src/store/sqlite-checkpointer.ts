// WAL checkpoints on a worker thread. By default SQLite checkpoints inside the COMMIT that
// pushes the WAL past 1,000 pages, so an ingest batch paid for copying earlier batches back
// into the database file (a quarter of bulk-ingest time, README "Benchmarks"). The writing
// connection turns that off and this worker, with its own connection, runs a PASSIVE
// checkpoint every interval: it never blocks writers or readers and runs on the other core.
// A checkpointed WAL is reused from its start only by a writer that begins while every frame
// is checkpointed; under steady ingest that moment may never come, and a WAL of gigabytes
// slows every read (each page look-up searches the WAL index). So once the WAL passes
// `restartFrames`, the worker runs RESTART checkpoints until one finds no transaction open:
// that one takes the write lock, copies what the PASSIVE ones left (the last transaction's
// frames) and lets the next transaction start the WAL over. While a transaction is open a
// RESTART is busy at once (busy_timeout 0) and the next try comes a few ms later. (Before,
// the writer itself copied the last frames before its next transaction, every time the WAL
// passed 16 MiB: 7 µs an event of bulk ingest, bench ingest-phases, "BEGIN".)
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

export interface CheckpointerOptions {
  intervalMs?: number;
  /**
   * WAL frames past which the WAL is started over. 65,536 (256 MiB with 4 KiB pages): a
   * restart copies the frames of the last transaction while holding the write lock, and a
   * 50,000-row import transaction writes ~80 MiB; at 16 MiB every import batch paid for one
   * (bench ingest-sqlite: 2.64x raw inserts vs 2.42x).
   */
  restartFrames?: number;
}

/** How soon a RESTART that found a transaction open is tried again. */
const RETRY_MS = 5;

export function startCheckpointer(file: string, { intervalMs = 250, restartFrames = 65_536 }: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs, restartFrames, retryMs: RETRY_MS } });
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
