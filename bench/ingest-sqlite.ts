// 1M assignment events through ingestEvents on a fresh SQLite file, beside raw
// better-sqlite3 prepared INSERTs of the same rows in one transaction into an identical table.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { rawHandles } from "../src/store/engine/raw-handles.ts";
import { migrationsFolder } from "../src/store/engine/migrate.ts";
import { ASSIGNMENT_COLUMNS } from "./lib/events.ts";
import { runIngestBench, type IngestBackend } from "./lib/ingest-bench.ts";
import { tempFolder, type BenchResult } from "./lib/report.ts";

/** The project's own migrations, all in order as openDatabase applies them (later ones change the assignments indexes): the baseline's table is the same table. */
function migrationSql(): string {
  const folder = migrationsFolder("sqlite");
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(join(folder, name, "migration.sql"), "utf8"))
    .join("\n");
}

/** Fresh files in a temp folder: the path's through openDatabase, the baseline's by hand. */
export function sqliteBackend(): IngestBackend {
  const tmp = tempFolder("ingest-sqlite");
  const file = (label: string) => join(tmp.dir, `${label}.db`);
  return {
    name: "SQLite",
    baselineLabel: "raw prepared INSERT, 1 tx",
    targets: { minRate: 150_000, maxSlowdown: 2.5 },
    databaseUrl: async (label) => `file:${file(label)}`,
    async rawInsert(label, rows) {
      const db = new Database(file(label));
      // The same pragmas as openSqlite, so only the write path differs.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("cache_size = -65536");
      db.exec(migrationSql());
      const insert = db.prepare(
        `INSERT INTO assignments (${ASSIGNMENT_COLUMNS.join(", ")}) VALUES (${ASSIGNMENT_COLUMNS.map(() => "?").join(", ")})`,
      );
      const start = performance.now();
      db.transaction(() => {
        for (const row of rows) insert.run(row);
      })();
      const ms = performance.now() - start;
      db.close();
      return ms;
    },
    async baselineTable(db, label) {
      await rawHandles(db).sql.exec(`ATTACH DATABASE '${file(label)}' AS ${label}`);
      return `${label}.assignments`;
    },
    async cleanup() {
      tmp.remove();
    },
  };
}

export const run = (): Promise<BenchResult> => runIngestBench(sqliteBackend());
