// The report benches' databases: a fresh one opened the project's way (openDatabase, for
// buildReport) plus a raw driver handle on the same data (for the hand-written baselines).
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase, type Database as AppDatabase } from "../../src/store/engine/database.ts";
import { numberPlaceholders, type Param } from "../../src/store/engine/sql.ts";
import { connectPg, pgSchemas } from "../ingest-postgres.ts";
import { tempFolder } from "./report.ts";

export interface ReportBackend {
  name: "SQLite" | "PostgreSQL";
  db: AppDatabase;
  /** The DATABASE_URL of `db`: another openDatabase on it is a second replica. */
  url: string;
  /** What the raw handle is, for the table. */
  rawLabel: string;
  /** `?` placeholders, as the project's SQL; timestamps through `at`/`atValue`. */
  raw<T>(sql: string, params: readonly Param[]): Promise<T[]>;
  /** A timestamp placeholder for `raw`, and how to pass an epoch-ms instant to it. */
  at: string;
  atValue(ms: number): Param;
  /** The plan of a statement (PostgreSQL: as run, with timings), one line per step. */
  explain(sql: string, params: readonly Param[]): Promise<string[]>;
  /** After a bulk load or an index change: what the database would do on its own in time. */
  settle(tables: readonly string[]): Promise<void>;
  /** Bytes on disk of the tables and indexes (to price an index). */
  size(): Promise<number>;
  close(): Promise<void>;
}

export async function sqliteReportBackend(label: string): Promise<ReportBackend> {
  const tmp = tempFolder(label);
  const file = join(tmp.dir, "report.db");
  const url = `file:${file}`;
  const db = await openDatabase(url);
  // A second connection on the same file, as a service reading the store directly would.
  const raw = new Database(file);
  const statements = new Map<string, Database.Statement>();
  // Prepared once and reused, as the project's SQL layer does.
  const prepare = (sql: string) => statements.get(sql) ?? statements.set(sql, raw.prepare(sql)).get(sql)!;
  return {
    name: "SQLite",
    db,
    url,
    rawLabel: "better-sqlite3, same file",
    async raw<T>(sql: string, params: readonly Param[]) {
      return prepare(sql).all(...params) as T[];
    },
    at: "?",
    atValue: (ms) => ms,
    async explain(sql, params) {
      return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    },
    async settle() {
      // Nothing to wait for: the app never runs ANALYZE, so plans come from the schema
      // alone. Prepared statements are re-planned after a schema change.
      statements.clear();
    },
    async size() {
      return Number(raw.pragma("page_count", { simple: true })) * Number(raw.pragma("page_size", { simple: true }));
    },
    async close() {
      raw.close();
      await db.close();
      tmp.remove();
    },
  };
}

/** A fresh schema bench_<pid>_<label>, dropped by close(); or why PostgreSQL cannot be used. */
export async function postgresReportBackend(label: string): Promise<ReportBackend | string> {
  const admin = await connectPg();
  if (typeof admin === "string") return admin;
  const schemas = pgSchemas(admin);
  const { schema, url, db } = await schemas.open(label);
  await admin.query(`SET search_path = ${schema}`);
  const query = async <T>(sql: string, params: readonly Param[]) =>
    (await admin.query(numberPlaceholders(sql), params as Param[])).rows as T[];
  return {
    name: "PostgreSQL",
    db,
    url,
    rawLabel: "pg client, same schema",
    raw: query,
    // Prisma's timestamp(3) holds UTC without a zone: compare with UTC text.
    at: "?::timestamp",
    atValue: (ms) => new Date(ms).toISOString().slice(0, 23),
    async explain(sql, params) {
      return (await query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).map((r) => r["QUERY PLAN"]);
    },
    async settle(tables) {
      // Autovacuum would analyze and set the visibility map after a load this size; do it now.
      for (const table of tables) await admin.query(`VACUUM ANALYZE ${schema}.${table}`);
    },
    async size() {
      const [row] = await query<{ bytes: string }>(
        "SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'",
        [schema],
      );
      return Number(row!.bytes);
    },
    async close() {
      try {
        await db.close();
        await schemas.dropAll();
      } finally {
        await admin.end();
      }
    },
  };
}
