import Database from "better-sqlite3";
import { readFileSync, rmSync } from "node:fs";
import { generateTraffic, assignmentFacts, ASSIGNMENT_COLUMNS } from "../lib/events.ts";
const N = Number(process.argv[2] ?? 1_000_000);
const { rows } = generateTraffic(N, "T0BENCH");
const f = "/tmp/bx/look.db"; rmSync(f, { force: true }); rmSync(f + "-wal", { force: true });
const db = new Database(f); db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL"); if (process.argv[3]) db.pragma(process.argv[3]);
db.exec(readFileSync("/work/main/prisma/sqlite/migrations/0001_init/migration.sql", "utf8"));
const ins = db.prepare(`INSERT INTO assignments (${ASSIGNMENT_COLUMNS.join(",")}) VALUES (${ASSIGNMENT_COLUMNS.map(() => "?").join(",")})`);
let t0 = performance.now(); db.transaction(() => { for (const r of rows) ins.run(r); })(); console.log("insert", Math.round(N / (performance.now() - t0) * 1000), "rows/s");
const next = [...assignmentFacts(N + 10000, {})].slice(N);
const seen = new Set<string>(); const probes: [string, number][] = [];
for (const x of next) if (!seen.has(x.contactId)) { seen.add(x.contactId); probes.push([x.contactId, x.at]); }
const one = db.prepare(`SELECT contact_id, assignee_id, assignee_name, assignee_email FROM assignments
         WHERE workspace_id = ? AND contact_id = ? AND occurred_at < ? ORDER BY occurred_at DESC, event_id DESC LIMIT 1`);
const set = db.prepare(`SELECT p.value ->> 0 AS contact_id, a.assignee_id, a.assignee_name, a.assignee_email
  FROM json_each(?) p JOIN assignments a ON a.rowid = (SELECT rowid FROM assignments b WHERE b.workspace_id = ? AND b.contact_id = p.value ->> 0 AND b.occurred_at < p.value ->> 1 ORDER BY b.occurred_at DESC, b.event_id DESC LIMIT 1)`);
for (let k = 0; k < 4; k++) {
  let t = performance.now(); let n1 = 0;
  for (const [c, b] of probes) if (one.get("T0BENCH", c, b)) n1++;
  const a = performance.now() - t; t = performance.now();
  const r = set.all(JSON.stringify(probes), "T0BENCH");
  const b = performance.now() - t;
  console.log(probes.length, "probes: per-contact", a.toFixed(0), "ms", n1, "| json_each", b.toFixed(0), "ms", r.length);
}
console.log(db.prepare("EXPLAIN QUERY PLAN " + set.source).all("[]", "x"));
db.close();
