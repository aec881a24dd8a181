import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { generateTraffic, ASSIGNMENT_COLUMNS } from "../lib/events.ts";
const { rows } = generateTraffic(100_000, "T0BENCH");
const sql = readFileSync("/work/main/prisma/sqlite/migrations/0001_init/migration.sql", "utf8");
const cols = ASSIGNMENT_COLUMNS;
function go(label: string, schema: string, ins: string, bind: (s: Database.Statement, r: any[]) => void) {
  const db = new Database(":memory:");
  db.exec(schema);
  const st = db.prepare(ins);
  const t = performance.now();
  db.transaction(() => { for (const r of rows) bind(st, r); })();
  console.log(label, Math.round(100000 / (performance.now() - t) * 1000));
  db.close();
}
const full = `INSERT INTO assignments (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`;
for (let k = 0; k < 2; k++) {
go("array", sql, full, (s, r) => s.run(r));
go("spread", sql, full, (s, r) => s.run(...r));
go("noop-js (bind only, no step)", sql, full, (s, r) => void r);
go("noidx", sql.replace(/CREATE INDEX "assignments[^;]*;/g, ""), full, (s, r) => s.run(r));
go("nopk-noidx", `CREATE TABLE assignments (${cols.join(",")})`, full, (s, r) => s.run(r));
go("small 3 cols", `CREATE TABLE assignments (a TEXT PRIMARY KEY, b, c)`, `INSERT INTO assignments VALUES (?,?,?)`, (s, r) => s.run(r[1], r[2], r[4]));
}
