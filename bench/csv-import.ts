// CSV import: files of N/10 and N rows (N = 1,000,000), each imported by importCsv in a
// child process, on SQLite then PostgreSQL. The throughput of the larger file is compared
// with the database's raw fastest way in for the same stored rows (read back after the
// import: raw prepared INSERTs in one transaction, COPY). A streaming importer keeps the
// peak RSS flat as the file grows: the RSS ratio of the two sizes is the other figure.
import { createWriteStream, statSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { rawHandles } from "../src/store/engine/raw-handles.ts";
import { openDatabase } from "../src/store/engine/database.ts";
import type { Param } from "../src/store/engine/sql.ts";
import { postgresBackend } from "./ingest-postgres.ts";
import { sqliteBackend } from "./ingest-sqlite.ts";
import { ASSIGNMENT_COLUMNS, CSV_HEADER, assignmentFacts, toCsvLine } from "./lib/events.ts";
import type { IngestBackend } from "./lib/ingest-bench.ts";
import {
  benchSize,
  int,
  mib,
  perSecond,
  rate,
  secs,
  slower,
  startChild,
  tempFolder,
  times,
  type BenchResult,
  type TableRow,
} from "./lib/report.ts";

const MAX_RSS_GROWTH = 1.5;
const MAX_SLOWDOWN = 2.5;

async function writeCsv(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = `${CSV_HEADER}\n`;
  for (const fact of assignmentFacts(count, { prefix: "csv" })) {
    chunk += `${toCsvLine(fact)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

interface ChildReport {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  ms: number;
  maxRssKiB: number;
}

async function importInChild(databaseUrl: string, csvFile: string): Promise<ChildReport> {
  const child = startChild("csv-import-child.ts", [databaseUrl, csvFile]);
  try {
    return await child.nextMessage<ChildReport>();
  } finally {
    await child.finish();
  }
}

/** The assignments an import stored, in ASSIGNMENT_COLUMNS order: what the baseline writes. */
async function storedRows(databaseUrl: string): Promise<Param[][]> {
  const db = await openDatabase(databaseUrl);
  try {
    const rows = await rawHandles(db).sql.query<Record<string, Param>>(`SELECT ${ASSIGNMENT_COLUMNS.join(", ")} FROM assignments`);
    return rows.map((row) => ASSIGNMENT_COLUMNS.map((column) => row[column] ?? null));
  } finally {
    await db.close();
  }
}

async function benchDatabase(backend: IngestBackend, files: { size: number; csv: string }[], notes: string[]): Promise<TableRow[]> {
  const name = backend.name;
  const dry = await importInChild(await backend.databaseUrl("csv_dry"), "--dry");
  const reports: ChildReport[] = [];
  let largeUrl = "";
  for (const { size, csv } of files) {
    largeUrl = await backend.databaseUrl(`csv_${size}`);
    const report = await importInChild(largeUrl, csv);
    if (report.rows !== size || report.imported !== size) {
      throw new Error(
        `${name}: importCsv read ${report.rows} rows and imported ${report.imported} of ${size} (rejected ${report.rejected}, duplicates ${report.duplicates})`,
      );
    }
    notes.push(`${name}, ${int(size)} rows: ${mib(statSync(csv).size)} of CSV imported in ${secs(report.ms)}`);
    reports.push(report);
  }
  const [small, large] = reports as [ChildReport, ChildReport];
  const rows = await storedRows(largeUrl);
  const rawMs = await backend.rawInsert("csv_raw", rows);
  const importRate = perSecond(large.rows, large.ms);
  const rawRate = perSecond(rows.length, rawMs);
  const slowdown = rawRate / importRate;
  const rssRatio = large.maxRssKiB / small.maxRssKiB;
  const growth = (large.maxRssKiB - dry.maxRssKiB) / Math.max(1, small.maxRssKiB - dry.maxRssKiB);
  notes.push(
    `${name}: ${int(small.rows)} rows at ${rate(perSecond(small.rows, small.ms), "rows/s")}; ` +
      `peak RSS above the no-import floor: ${mib((small.maxRssKiB - dry.maxRssKiB) * 1024)} -> ${mib((large.maxRssKiB - dry.maxRssKiB) * 1024)} (${times(growth)})`,
  );
  return [
    {
      what: `${name}: CSV import, ${int(large.rows)} rows`,
      figure: `${rate(importRate, "rows/s")} (${secs(large.ms)})`,
      baseline: `${rate(rawRate, "rows/s")} (${secs(rawMs)}, ${backend.baselineLabel}, the same rows)`,
      ratio: slower(slowdown),
      target: `<= ${MAX_SLOWDOWN}x`,
      checks: [{ label: `<= ${MAX_SLOWDOWN}x`, ok: slowdown <= MAX_SLOWDOWN }],
    },
    {
      what: `${name}: CSV import peak RSS, ${int(large.rows)} rows`,
      figure: mib(large.maxRssKiB * 1024),
      baseline: `${mib(small.maxRssKiB * 1024)} (${int(small.rows)} rows); ${mib(dry.maxRssKiB * 1024)} no import`,
      ratio: times(rssRatio),
      target: `<= ${MAX_RSS_GROWTH}x (flat)`,
      checks: [{ label: `RSS <= ${MAX_RSS_GROWTH}x`, ok: rssRatio <= MAX_RSS_GROWTH }],
    },
  ];
}

export async function run(): Promise<BenchResult> {
  const big = benchSize(1_000_000);
  const tmp = tempFolder("csv-import");
  try {
    const files = [Math.floor(big / 10), big].map((size) => ({ size, csv: join(tmp.dir, `assignments-${size}.csv`) }));
    for (const { size, csv } of files) await writeCsv(csv, size);
    const rows: TableRow[] = [];
    const notes: string[] = [];
    for (const backend of [sqliteBackend(), await postgresBackend()]) {
      if (typeof backend === "string") {
        notes.push(backend);
        continue;
      }
      try {
        rows.push(...(await benchDatabase(backend, files, notes)));
      } finally {
        await backend.cleanup();
      }
    }
    return { rows, notes };
  } finally {
    tmp.remove();
  }
}
