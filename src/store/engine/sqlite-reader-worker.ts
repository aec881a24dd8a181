// The report reader's thread (sqlite-reader.ts): its own read-only connection, one statement
// per message, the rows posted back.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { Row } from "./sql.ts";

export interface ReaderData {
  file: string;
}
export type ReaderRequest = { id: number; sql: string; params: unknown[] } | "stop";
export type ReaderReply = { id: number; rows: Row[] } | { id: number; error: { message: string; code?: string } };

const port = parentPort!;
const { file } = workerData as ReaderData;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("cache_size = -65536");
const statements = new Map<string, Database.Statement>();

const reply = (message: ReaderReply) => port.postMessage(message);

port.on("message", (message: ReaderRequest) => {
  if (message === "stop") {
    db.close();
    port.close();
    return;
  }
  const { id, sql, params } = message;
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    reply({ id, rows: statement.all(...params) as Row[] });
  } catch (error) {
    const { message, code } = error as { message: string; code?: string };
    reply({ id, error: { message, code } });
  }
});
