// Report queries on SQLite run on a worker thread with its own read-only connection.
// better-sqlite3 is synchronous: a report computed on the main thread would hold every other
// request (slash-command acks, ingest) until it is done. In WAL mode this connection reads
// while the main one writes, and the second core does the work.
import type { Worker } from "node:worker_threads";
import { DatabaseUnavailableError, toSqlite, wrap, type Param, type Row, type SqlReader } from "./sql.ts";
import type { ReaderData, ReaderReply, ReaderRequest } from "./sqlite-reader-worker.ts";
import { startWorker } from "./worker-thread.ts";

const send = (worker: Worker, request: ReaderRequest) => worker.postMessage(request);

export class SqliteReader implements SqlReader {
  readonly dialect = "sqlite" as const;
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: unknown) => void }>();

  constructor(private readonly file: string) {}

  // Started on the first report, so that CLI commands and tests that run none pay nothing.
  private started(): Worker {
    if (this.worker) return this.worker;
    const workerData: ReaderData = { file: this.file };
    const worker = startWorker("sqlite-reader-worker", import.meta.url, { workerData });
    worker.on("message", (reply: ReaderReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      // An idle reader must not keep a finished CLI command alive.
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if ("error" in reply) waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else waiting.resolve(reply.rows);
    });
    // The thread could not open the database, or died: the database is unavailable to reports.
    worker.on("error", (error) => this.failAll(new DatabaseUnavailableError(error)));
    worker.on("exit", () => {
      this.worker = null;
      this.failAll(new DatabaseUnavailableError(new Error("the SQLite reader thread stopped")));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: unknown): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async query<T = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    const worker = this.started();
    const id = ++this.nextId;
    worker.ref();
    try {
      return (await new Promise<Row[]>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        send(worker, { id, sql, params: toSqlite(params) });
      })) as T[];
    } catch (error) {
      return wrap(error);
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    send(worker, "stop");
    await exited;
  }
}
