// The checkpointer's thread (sqlite-checkpointer.ts): its own connection runs a PASSIVE
// checkpoint every interval, and raises the shared flag once it has copied a long WAL whole.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

export interface CheckpointerData {
  file: string;
  intervalMs: number;
  restartFrames: number;
  /** 0 until this thread claims its start (1) before it opens its connection, or the writer, stopping first, does (-1). */
  claim: Int32Array;
  /** Set to 1 when the writer should start the WAL over. */
  restartDue: Int32Array;
}

const port = parentPort!;
const { file, intervalMs, restartFrames, claim, restartDue } = workerData as CheckpointerData;
// The writer, stopping, gave up on this thread before it started.
if (Atomics.compareExchange(claim, 0, 0, 1) !== 0) process.exit();
const db = new Database(file);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try {
    const [{ log, checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)") as [{ log: number; checkpointed: number }];
    if (log >= restartFrames && checkpointed === log) Atomics.store(restartDue, 0, 1);
  } catch {
    // Busy or closing: the next tick retries.
  }
}, intervalMs);
// Any message means stop.
port.on("message", () => {
  clearInterval(timer);
  db.close();
  port.close();
});
