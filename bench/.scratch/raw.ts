import Database from "better-sqlite3";
import { readFileSync, rmSync } from "node:fs";
import { generateTraffic, ASSIGNMENT_COLUMNS } from "../lib/events.ts";
const { rows } = generateTraffic(100_000, "T0BENCH");
const sql = readFileSync("/work/main/prisma/sqlite/migrations/0001_init/migration.sql", "utf8");
for (const variant of ["default", "cache64M", "noidx", "memory", "default"]) {
  const f = `/tmp/bx/${variant}.db`; rmSync(f, { force: true }); rmSync(f + "-wal", { force: true });
  const db = new Database(variant === "memory" ? ":memory:" : f);
  db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL");
  if (variant === "cache64M") db.pragma("cache_size = -65536");
  db.exec(variant === "noidx" ? sql.replace(/CREATE INDEX "assignments[^;]*;/g, "") : sql);
  const ins = db.prepare(`INSERT INTO assignments (${ASSIGNMENT_COLUMNS.join(",")}) VALUES (${ASSIGNMENT_COLUMNS.map(() => "?").join(",")})`);
  const t = performance.now();
  db.transaction(() => { for (const r of rows) ins.run(r); })();
  const ms = performance.now() - t;
  console.log(variant, Math.round(100000 / ms * 1000), "rows/s");
  db.close();
}
