// Where ingestEvents' time goes (not in the default run: `npm run bench -- ingest-phases`).
// Uses the project's own code: parseEvent timed on its own (beside the zod schema alone, which
// the fast path spares the common event), then a full ingestEvents run whose SQL handle
// times every statement and every transaction's BEGIN and COMMIT, with GC pauses observed.
// The rest is JS: the in-memory derivation (sort, probes), result objects.
import { PerformanceObserver } from "node:perf_hooks";
import { rawHandles } from "../src/store/engine/raw-handles.ts";
import { ingestEvents } from "../src/ingest/ingest-service.ts";
import { inboxEvent, parseEvent } from "../src/ingest/event-schemas.ts";
import type { Param, SqlDatabase, SqlExecutor } from "../src/store/engine/sql.ts";
import { postgresBackend } from "./ingest-postgres.ts";
import { sqliteBackend } from "./ingest-sqlite.ts";
import { batches, generateTraffic } from "./lib/events.ts";
import { WORKSPACE, ingestBatches, jsonBatches, openPath, parsedBatches, sum, type IngestBackend } from "./lib/ingest-bench.ts";
import { benchSize, envInt, int, percentile, perSecond, rate, timed, type BenchResult, type TableRow } from "./lib/report.ts";
import { IMPORT_BATCH } from "../src/ingest/csv-import.ts";
import { REQUEST_EVENTS, senderTraffic } from "./lib/sender-traffic.ts";

type Spent = Map<string, { ms: number; calls: number }>;

/** The statement's kind and table, e.g. "INSERT assignments" (CTE names, LATERAL and unnest() skipped). */
function statementKey(sql: string): string {
  const text = sql.replace(/\s+/g, " ").trim();
  const ctes = new Set([...text.matchAll(/(?:WITH|,) (\w+)(?:\([^)]*\))? AS \(/gi)].map((m) => m[1]!.toLowerCase()));
  const verb = /\b(SELECT|INSERT|UPDATE|DELETE)\b/i.exec(text)?.[1]?.toUpperCase() ?? text.split(" ")[0]!;
  const tables = [...text.matchAll(/\b(?:INTO|FROM|JOIN|UPDATE|COPY) (?!LATERAL\b)"?(\w+)\b"?(?!\()/gi)].map((m) => m[1]!);
  return `${verb} ${tables.find((t) => !ctes.has(t.toLowerCase())) ?? "?"}`;
}

/** Wraps a SqlDatabase so that every statement run through it (or its transactions) is timed. */
function timingSql(inner: SqlDatabase, spent: () => Spent): SqlDatabase {
  const time = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      const key = statementKey(sql);
      const entry = spent().get(key) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - start;
      entry.calls += 1;
      spent().set(key, entry);
    }
  };
  const wrap = (tx: SqlExecutor): SqlExecutor => ({
    dialect: tx.dialect,
    query: <T>(sql: string, params?: readonly Param[]) => time(sql, () => tx.query<T>(sql, params)),
    run: (sql, params) => time(sql, () => tx.run(sql, params)),
    exec: (script) => time(script, () => tx.exec(script)),
    runEach: (sql, rows) => time(sql, () => tx.runEach(sql, rows)),
    ...(tx.copyIn ? { copyIn: (sql: string, text: Iterable<string>) => time(sql, () => tx.copyIn!(sql, text)) } : {}),
  });
  return {
    ...wrap(inner),
    // BEGIN: from the call to the work's start; COMMIT: from the work's end to the resolution.
    async transaction(work) {
      let mark = performance.now();
      const record = (key: string) => {
        const entry = spent().get(key) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - mark;
        entry.calls += 1;
        spent().set(key, entry);
      };
      const result = await inner.transaction(async (tx) => {
        record("BEGIN");
        const value = await work(wrap(tx));
        mark = performance.now();
        return value;
      });
      record("COMMIT");
      return result;
    },
    close: () => inner.close(),
  };
}

const us = (value: number) => `${value.toFixed(1)} µs/ev`;

/** Validation costs, whatever the database: µs per event, best of 3 on a sample (the machine is noisy). */
async function validationCosts(sample: readonly Record<string, unknown>[]) {
  const best = async (work: (event: Record<string, unknown>) => unknown) => {
    let ms = Infinity;
    for (let round = 0; round < 3; round++) ms = Math.min(ms, (await timed(() => sample.forEach(work))).ms);
    return (ms * 1000) / sample.length;
  };
  const costs = {
    validate: await best((event) => {
      if (!parseEvent(event).ok) throw new Error("generated event rejected");
    }),
    zodAlone: await best((event) => inboxEvent.parse(event)),
  };
  return {
    ...costs,
    rows: (totalUs: number): TableRow[] => {
      const share = (value: number) => `${((value / totalUs) * 100).toFixed(0)}%`;
      return [
        {
          what: "  validate (parseEvent: fast path)",
          figure: us(costs.validate),
          baseline: `zod alone: ${us(costs.zodAlone)}`,
          ratio: share(costs.validate),
          target: "-",
        },
      ];
    },
  };
}

/** A full ingestEvents run with every SQL statement timed: the rows of the split for this database. */
async function sqlSplit(
  backend: IngestBackend,
  texts: readonly string[],
  count: number,
  batchSize: number,
  validation: Awaited<ReturnType<typeof validationCosts>>,
): Promise<TableRow[]> {
  try {
    const warm = generateTraffic(Math.min(20_000, count), WORKSPACE, { seed: 7, prefix: "warm" });
    const warmDb = await openPath(backend, "warm_phases");
    await ingestBatches(warmDb, WORKSPACE, batches(warm.events, batchSize));
    await warmDb.close();

    // Per-statement time, overall and for the last tenth of the batches (what grows with the table).
    const overall: Spent = new Map();
    const lastTenth: Spent = new Map();
    const tenthFrom = texts.length - Math.max(1, Math.floor(texts.length / 10));
    let index = 0;
    let lastTenthMs = 0;
    let totalMs = 0;
    const db = await openPath(backend, "phases");
    // Every statement of the store goes through the timer from here on.
    const handles = rawHandles(db);
    handles.sql = timingSql(handles.sql, () => (index >= tenthFrom ? lastTenth : overall));
    // GC pauses that start inside an ingestEvents call (not while the next batch is parsed).
    const windows: [number, number][] = [];
    const pauses: { startTime: number; duration: number }[] = [];
    const gcObserver = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
    gcObserver.observe({ entryTypes: ["gc"] });
    for (const batch of parsedBatches(texts)) {
      const start = performance.now();
      await ingestEvents(db, WORKSPACE, batch);
      const ms = performance.now() - start;
      windows.push([start, start + ms]);
      totalMs += ms;
      if (index >= tenthFrom) lastTenthMs += ms;
      index++;
      // SQLite's path never leaves the microtask queue: yield, so GC entries get delivered.
      await new Promise((resolve) => setImmediate(resolve));
    }
    gcObserver.disconnect();
    const gcMs = sum(pauses.filter((p) => windows.some(([from, to]) => p.startTime >= from && p.startTime < to)).map((p) => p.duration));
    await db.close();
    for (const [key, entry] of lastTenth) {
      const all = overall.get(key) ?? { ms: 0, calls: 0 };
      overall.set(key, { ms: all.ms + entry.ms, calls: all.calls + entry.calls });
    }

    const perEvent = (ms: number) => (ms * 1000) / count;
    const sortedBatchMs = windows.map(([from, to]) => to - from).sort((a, b) => a - b);
    const batchMs = (p: number) => percentile(sortedBatchMs, p);
    const totalUs = perEvent(totalMs);
    const share = (value: number) => `${((value / totalUs) * 100).toFixed(0)}%`;
    const sqlUs = perEvent([...overall.values()].reduce((sum, e) => sum + e.ms, 0));
    const rest = totalUs - validation.validate - sqlUs;
    const rows: TableRow[] = [
      { what: "ingestEvents total", figure: us(totalUs), baseline: rate(perSecond(count, totalMs)), ratio: "100%", target: "-" },
      {
        what: "  per batch, p50 / p99",
        figure: `${batchMs(50).toFixed(1)} / ${batchMs(99).toFixed(1)} ms`,
        baseline: `${int(windows.length)} batches`,
        ratio: "-",
        target: "-",
      },
      ...validation.rows(totalUs),
      ...[...overall]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([key, e]) => ({
          what: `  ${key === "BEGIN" || key === "COMMIT" ? key : `SQL ${key}`} (${int(e.calls)} calls)`,
          figure: us(perEvent(e.ms)),
          baseline: `${(((lastTenth.get(key)?.ms ?? 0) / lastTenthMs) * 100).toFixed(0)}% of the last tenth's time`,
          ratio: share(perEvent(e.ms)),
          target: "-",
        })),
      { what: "  rest (JS: derivation in memory, results)", figure: us(rest), baseline: "-", ratio: share(rest), target: "-" },
      { what: "  GC pauses (inside the rows above)", figure: us(perEvent(gcMs)), baseline: "-", ratio: share(perEvent(gcMs)), target: "-" },
    ];
    return rows.map((row) => ({ ...row, what: `${backend.name}: ${row.what}` }));
  } finally {
    await backend.cleanup();
  }
}

/** BENCH_TRAFFIC=senders: the requests of bench ingest-out-of-order, in time order then out of order, one at a time. */
async function sendersSplit(count: number, validation: Awaited<ReturnType<typeof validationCosts>>): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const decoder = new TextDecoder();
  for (const outOfOrder of [false, true]) {
    const traffic = senderTraffic(count, outOfOrder);
    const texts = traffic.requests.map((r) => JSON.stringify((JSON.parse(decoder.decode(r.body)) as { events: unknown[] }).events));
    const sent = sum(traffic.requests.map((r) => r.count));
    const label = outOfOrder ? `out of order (${(traffic.lateShare * 100).toFixed(0)}% late)` : "in time order";
    for (const backend of [sqliteBackend(), await postgresBackend()]) {
      if (typeof backend === "string") continue;
      const split = await sqlSplit(backend, texts, sent, REQUEST_EVENTS, validation);
      rows.push(...split.map((row) => ({ ...row, what: `${label}, ${row.what}` })));
    }
  }
  return rows;
}

export async function run(): Promise<BenchResult> {
  const count = benchSize(1_000_000);
  if (process.env.BENCH_TRAFFIC === "senders") {
    const { events } = generateTraffic(Math.min(200_000, count), WORKSPACE);
    return { rows: await sendersSplit(count, await validationCosts(events)), notes: [] };
  }
  // The bulk path's batch: what `inbox-pulse import` hands ingestEvents per transaction.
  const batchSize = envInt("BENCH_BATCH", IMPORT_BATCH);
  const { events } = generateTraffic(count, WORKSPACE);
  const validation = await validationCosts(events.slice(0, 200_000));
  const texts = jsonBatches(events, batchSize);
  events.length = 0; // only the JSON text is held from here on (see jsonBatches)
  const rows = await sqlSplit(sqliteBackend(), texts, count, batchSize, validation);
  const notes: string[] = [];
  const pg = await postgresBackend();
  if (typeof pg === "string") notes.push(pg);
  else rows.push(...(await sqlSplit(pg, texts, count, batchSize, validation)));
  return { rows, notes };
}
