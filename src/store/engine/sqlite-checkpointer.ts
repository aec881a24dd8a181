// WAL checkpoints on a worker thread. By default SQLite checkpoints inside the COMMIT that
// pushes the WAL past 1,000 pages, so an ingest batch paid for copying earlier batches back
// into the database file. The writing connection turns that off and this worker, with its own
// connection, runs a PASSIVE checkpoint every interval: it never blocks writers or readers and
// runs on the other core. Measured (2026-12-07): COMMIT 1.2-1.5 µs an event instead of
// 3.3-5.0 (bench ingest-phases); 1,000,000 events took 2.43x raw inserts instead of 2.77x
// (target: 2.5x; median of 3 alternated runs, load 1.6-4).
// A checkpointed WAL is reused from its start only by a writer that begins while every frame
// is checkpointed; under steady ingest that moment never comes, and a WAL of gigabytes slows
// every read (each page look-up searches the WAL index). So once the WAL passes
// `restartFrames` and a checkpoint has copied all of it, the worker raises a flag, and the
// writer, before its next transaction, checkpoints what was written since: that transaction
// then starts the WAL over. (Not a RESTART checkpoint on the worker: a WAL started over by
// another connection makes the writer drop its page cache, and its memory of the contacts'
// recent assignments, src/store/events/workspace-writes.ts.)
import type Database from "better-sqlite3";
import type { CheckpointerData } from "./sqlite-checkpointer-worker.ts";
import { startWorker } from "./worker-thread.ts";

export interface Checkpointer {
  /** Before each write transaction of the connection: starts a long, copied WAL over. */
  beforeTransaction(): void;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /**
   * WAL frames past which the WAL is started over. 65,536 (256 MiB with 4 KiB pages): the
   * writer then copies the frames written since the worker's last checkpoint, and a bulk
   * import transaction writes tens of MiB; at 16 MiB every import batch paid for that copy
   * (7 µs an event, bench ingest-phases "BEGIN").
   */
  restartFrames?: number;
}

/** Takes the checkpoints of `writer`, the writing connection to `file`, onto a worker thread. */
export function startCheckpointer(
  writer: Database.Database,
  file: string,
  { intervalMs = 250, restartFrames = 65_536 }: CheckpointerOptions = {},
): Checkpointer {
  // Shared memory: the writer reads them between transactions without waiting for a message.
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const restartDue = new Int32Array(new SharedArrayBuffer(4));
  const workerData: CheckpointerData = { file, intervalMs, restartFrames, claim, restartDue };
  const worker = startWorker("sqlite-checkpointer-worker", import.meta.url, { workerData });
  // A CLI command that is done must not wait for this thread.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  // Until the thread runs (it takes a few hundred ms to load), and if it fails, the writer
  // checkpoints as SQLite does by default.
  let failed = false;
  let handedOver = false;
  worker.once("error", () => (failed = true));
  return {
    beforeTransaction() {
      const running = !failed && Atomics.load(claim, 0) === 1;
      if (running !== handedOver) {
        handedOver = running;
        writer.pragma(`wal_autocheckpoint = ${running ? 0 : 1000}`);
      }
      // The WAL is long and checkpointed but for the last writes: copy those, so that the
      // transaction about to begin starts the WAL over.
      if (Atomics.exchange(restartDue, 0, 0) === 1) writer.pragma("wal_checkpoint(PASSIVE)");
    },
    async stop() {
      // Before the thread has claimed its start, it is stopped at once: it opened nothing.
      if (Atomics.compareExchange(claim, 0, 0, -1) === 0) return void (await worker.terminate());
      // Held until the worker has closed its connection.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
