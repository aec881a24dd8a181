// 1M assignment events through ingestEvents on PostgreSQL (a fresh schema), beside COPY of
// the same rows into an identical table in another fresh schema. All schemas are dropped.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "../src/store/engine/database.ts";
import { copyText, type Column } from "../src/store/engine/bulk-insert.ts";
import { ASSIGNMENT_COLUMNS } from "./lib/events.ts";
import { runIngestBench, type IngestBackend } from "./lib/ingest-bench.ts";
import type { BenchResult } from "./lib/report.ts";

export const PG_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A pg client for set-up and baselines, or why there is none. */
export async function connectPg(): Promise<pg.Client | string> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    return `PostgreSQL not reachable at ${PG_URL} (${(error as Error).message}): skipped`;
  }
}

/** Fresh schemas named bench_<pid>_<label>, opened through openDatabase (which applies the migrations). */
export function pgSchemas(admin: pg.Client) {
  const made: string[] = [];
  /** A fresh empty schema and the DATABASE_URL that names it. */
  const create = async (label: string) => {
    const schema = `bench_${process.pid}_${label}`;
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    made.push(schema);
    return { schema, url: `${PG_URL}?schema=${schema}` };
  };
  return {
    create,
    async open(label: string) {
      const { schema, url } = await create(label);
      return { schema, url, db: await openDatabase(url) };
    },
    async dropAll() {
      for (const schema of made) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

// The same encoder as the path's COPY (src/store/engine/bulk-insert.ts).
const COPY_COLUMNS: Column[] = ASSIGNMENT_COLUMNS.map((name) => ({ name, type: name === "occurred_at" ? "timestamp" : "text" }));

/** Fresh schemas: the path's through openDatabase, the baseline's filled by COPY. Or why PostgreSQL cannot be used. */
export async function postgresBackend(): Promise<IngestBackend | string> {
  const admin = await connectPg();
  if (typeof admin === "string") return admin;
  const schemas = pgSchemas(admin);
  return {
    name: "PostgreSQL",
    baselineLabel: "COPY FROM STDIN",
    // The issue asks the same of PostgreSQL as of SQLite.
    targets: { minRate: 150_000, maxSlowdown: 2.5 },
    async databaseUrl(label) {
      return (await schemas.create(label)).url;
    },
    async rawInsert(label, rows) {
      const { schema, db } = await schemas.open(label);
      await db.close();
      const start = performance.now();
      // Serialising to COPY text is part of the baseline's cost, as binding parameters is the path's.
      await pipeline(
        Readable.from(copyText(COPY_COLUMNS, rows)),
        admin.query(copyFrom(`COPY ${schema}.assignments (${ASSIGNMENT_COLUMNS.join(", ")}) FROM STDIN`)),
      );
      return performance.now() - start;
    },
    async baselineTable(_db, label) {
      return `bench_${process.pid}_${label}.assignments`;
    },
    async cleanup() {
      try {
        await schemas.dropAll();
      } finally {
        await admin.end();
      }
    },
  };
}

export async function run(): Promise<BenchResult> {
  const backend = await postgresBackend();
  return typeof backend === "string" ? { rows: [], notes: [backend] } : runIngestBench(backend);
}
