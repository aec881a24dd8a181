// The bulk-ingest bench, whatever the database: the same traffic goes through the
// project's write path (`ingestEvents`, batch by batch) and through the database's raw
// fastest way in (the baseline) into an identical table; then the two tables are compared
// row by row, so the figures are for the same 1,000,000 stored rows.
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import { rawHandles } from "../../src/store/engine/raw-handles.ts";
import type { Param } from "../../src/store/engine/sql.ts";
import { ASSIGNMENT_COLUMNS, batches, generateTraffic } from "./events.ts";
import { benchSize, envInt, int, perSecond, rate, secs, slower, timed, type BenchResult, type Check } from "./report.ts";
import { IMPORT_BATCH } from "../../src/ingest/csv-import.ts";
import { collectGarbage } from "../../src/ingest/garbage-collection.ts";

export const WORKSPACE = "T0BENCH";

export interface IngestBackend {
  /** "SQLite" */
  name: string;
  /** How the baseline writes, for the table. */
  baselineLabel: string;
  targets?: { minRate: number; maxSlowdown: number };
  /** The DATABASE_URL of a fresh database named by `label` (openDatabase applies the migrations). */
  databaseUrl(label: string): Promise<string>;
  /** Writes rows into a fresh identical table named by `label`; resolves to the ms the write took. */
  rawInsert(label: string, rows: readonly Param[][]): Promise<number>;
  /** The qualified name under which `db` can read the baseline table `label`. */
  baselineTable(db: Database, label: string): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * Batches kept as JSON text until their turn. Like a server, the process then holds one
 * batch of event objects, not a million: a heap of 1M live objects makes every major GC,
 * and so the measured path, slower (a bench artefact, not the path's cost).
 */
export function jsonBatches(events: readonly unknown[], size: number): string[] {
  return batches(events, size).map((batch) => JSON.stringify(batch));
}

/** Each batch as JSON.parse hands it to the route, parsed when the loop asks for it (untimed). */
export function* parsedBatches(texts: readonly string[]): Generator<unknown[]> {
  for (const text of texts) yield JSON.parse(text) as unknown[];
}

/**
 * Sends batches through the one write path; throws unless every event is stored.
 * Resolves to the ms of each ingestEvents call (producing the batch is not timed).
 */
export async function ingestBatches(db: Database, workspaceId: string, list: Iterable<readonly unknown[]>): Promise<number[]> {
  const times: number[] = [];
  for (const batch of list) {
    const { ms, value } = await timed(() => ingestEvents(db, workspaceId, batch));
    if (value.stored !== batch.length) {
      const example = value.results.find((r) => r.status !== "stored");
      throw new Error(`ingestEvents stored ${value.stored} of ${batch.length}: ${JSON.stringify(example)}`);
    }
    times.push(ms);
  }
  return times;
}

/** A fresh database with the project's migrations applied, opened the project's way. */
export async function openPath(backend: IngestBackend, label: string): Promise<Database> {
  return openDatabase(await backend.databaseUrl(label));
}

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Rows of `a` that differ from `b` in any column, or that `b` lacks. */
async function mismatches(db: Database, table: string, baseline: string): Promise<{ rows: number; differing: number }> {
  const sql = rawHandles(db).sql;
  const differs = sql.dialect === "sqlite" ? "IS NOT" : "IS DISTINCT FROM";
  const columns = ASSIGNMENT_COLUMNS.filter((c) => c !== "workspace_id" && c !== "event_id");
  const [row] = await sql.query<{ total: number; differing: number }>(
    `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN b.event_id IS NULL OR ${columns.map((c) => `a.${c} ${differs} b.${c}`).join(" OR ")} THEN 1 ELSE 0 END), 0) AS differing
     FROM ${table} a LEFT JOIN ${baseline} b ON b.workspace_id = a.workspace_id AND b.event_id = a.event_id`,
  );
  return { rows: Number(row!.total), differing: Number(row!.differing) };
}

export async function runIngestBench(backend: IngestBackend): Promise<BenchResult> {
  const count = benchSize(1_000_000);
  // The bulk path's batch: what `inbox-pulse import` hands ingestEvents per transaction.
  const batchSize = envInt("BENCH_BATCH", IMPORT_BATCH);
  const notes: string[] = [];
  try {
    const generated = await timed(() => generateTraffic(count, WORKSPACE));
    const { events, rows } = generated.value;
    notes.push(`generated ${int(count)} events (${int(new Set(rows.map((r) => r[4])).size)} contacts) in ${secs(generated.ms)}, not timed`);
    const texts = jsonBatches(events, batchSize);
    events.length = 0; // from here on only the JSON text is held

    // Warm-up: JIT for zod/the store, prepared statements, page cache, into throwaway tables.
    const warm = generateTraffic(Math.min(20_000, count), WORKSPACE, { seed: 7, prefix: "warm" });
    await backend.rawInsert("warm_raw", warm.rows);
    const warmDb = await openPath(backend, "warm_path");
    await ingestBatches(warmDb, WORKSPACE, batches(warm.events, batchSize));
    await warmDb.close();

    // The garbage of generating the traffic is collected before each timed write.
    collectGarbage();
    const baselineMs = await backend.rawInsert("raw", rows);
    const baselineRate = perSecond(count, baselineMs);
    rows.length = 0;

    collectGarbage();
    const db = await openPath(backend, "path");
    const batchMs = await ingestBatches(db, WORKSPACE, parsedBatches(texts));
    const pathMs = sum(batchMs);
    const pathRate = perSecond(count, pathMs);
    notes.push(
      `path time: the sum of the ${int(batchMs.length)} ingestEvents calls; each batch is JSON.parsed just before its call, untimed`,
    );

    const check = await mismatches(db, "assignments", await backend.baselineTable(db, "raw"));
    await db.close();
    if (check.rows !== count || check.differing !== 0) {
      throw new Error(`stored rows differ from the baseline's: ${check.rows} rows, ${check.differing} differing`);
    }
    notes.push(`verified: the ${int(count)} stored rows equal the baseline's column for column (incl. derived previous assignee)`);

    // Does the path slow down as the table grows? First and last tenth of the batches.
    const tenth = Math.max(1, Math.floor(batchMs.length / 10));
    const rateOf = (ms: number[]) => perSecond(ms.length * batchSize, sum(ms));
    notes.push(
      `path drift: first ${tenth} batches ${rate(rateOf(batchMs.slice(0, tenth)))}, last ${tenth} ${rate(rateOf(batchMs.slice(-tenth)))}`,
    );

    const slowdown = baselineRate / pathRate;
    const checks: Check[] = backend.targets
      ? [
          { label: `>= ${int(backend.targets.minRate)} ev/s`, ok: pathRate >= backend.targets.minRate },
          { label: `<= ${backend.targets.maxSlowdown}x`, ok: slowdown <= backend.targets.maxSlowdown },
        ]
      : [];
    return {
      rows: [
        {
          what: `${backend.name}: ingestEvents, ${int(count)} events, batches of ${int(batchSize)}`,
          figure: `${rate(pathRate)} (${secs(pathMs)})`,
          baseline: `${rate(baselineRate)} (${secs(baselineMs)}, ${backend.baselineLabel})`,
          ratio: slower(slowdown),
          target: backend.targets ? `>= ${int(backend.targets.minRate)} ev/s, <= ${backend.targets.maxSlowdown}x` : "-",
          checks,
        },
      ],
      notes,
    };
  } finally {
    await backend.cleanup();
  }
}
