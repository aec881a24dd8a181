import pg from "pg";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { postgresBackend } from "../ingest-postgres.ts";
import { generateTraffic, assignmentFacts, toRow, ASSIGNMENT_COLUMNS } from "../lib/events.ts";
const n = Number(process.argv[2] ?? 1000000);
const backend = await postgresBackend();
if (typeof backend === "string") throw new Error(backend);
const { rows } = generateTraffic(n, "T0BENCH");
await backend.rawInsert("x", rows);
const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/test", options: `-c search_path=bench_${process.pid}_x` });
await c.connect();
await c.query("ANALYZE assignments");
const next = [...assignmentFacts(n + 10000, {})].slice(n);
const nrows = next.map((f) => toRow(f, "T0BENCH"));
const seen = new Set<string>(); const ids: string[] = []; const bef: number[] = [];
for (const f of next) if (!seen.has(f.contactId)) { seen.add(f.contactId); ids.push(f.contactId); bef.push(f.at); }
const qd = `SELECT DISTINCT ON (a.contact_id) a.contact_id, a.assignee_id, a.assignee_name, a.assignee_email
       FROM unnest($1::text[], $2::float8[]) AS p(contact_id, before_ms)
       JOIN assignments a ON a.workspace_id = $3 AND a.contact_id = p.contact_id
        AND a.occurred_at < TIMESTAMP 'epoch' + p.before_ms * INTERVAL '1 millisecond'
       ORDER BY a.contact_id, a.occurred_at DESC, a.event_id DESC`;
const ql = `SELECT p.contact_id, l.assignee_id, l.assignee_name, l.assignee_email
     FROM unnest($1::text[], $2::float8[]) AS p(contact_id, before_ms)
     CROSS JOIN LATERAL (SELECT a.assignee_id, a.assignee_name, a.assignee_email FROM assignments a
       WHERE a.workspace_id = $3 AND a.contact_id = p.contact_id AND a.occurred_at < TIMESTAMP 'epoch' + p.before_ms * INTERVAL '1 millisecond'
       ORDER BY a.occurred_at DESC, a.event_id DESC LIMIT 1) l`;
const types = ["text","text","float8","text","text","text","text","text","text","text","text","text","text","text","text","text"];
const qi = `INSERT INTO assignments (${ASSIGNMENT_COLUMNS.join(", ")}) SELECT ${ASSIGNMENT_COLUMNS.map((col, i) => col === "occurred_at" ? `TIMESTAMP 'epoch' + u.c${i} * INTERVAL '1 millisecond'` : `u.c${i}`).join(", ")} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) AS u(${ASSIGNMENT_COLUMNS.map((_, i) => `c${i}`).join(", ")}) ON CONFLICT DO NOTHING RETURNING event_id AS k`;
const esc = (v: unknown, i: number) => v === null ? "\\N" : i === 2 ? new Date(v as number).toISOString() : String(v);
for (let k = 0; k < 3; k++) {
  let t = performance.now(); await c.query(qd, [ids, bef, "T0BENCH"]); const d = performance.now() - t;
  t = performance.now(); await c.query(ql, [ids, bef, "T0BENCH"]); const l = performance.now() - t;
  await c.query("BEGIN");
  t = performance.now();
  for (let s = 0; s < nrows.length; s += 5000) { const ch = nrows.slice(s, s + 5000); await c.query(qi, ASSIGNMENT_COLUMNS.map((_, i) => ch.map((r) => r[i]))); }
  const u = performance.now() - t;
  await c.query("ROLLBACK");
  await c.query("BEGIN");
  t = performance.now();
  await c.query(`CREATE TEMP TABLE stage (LIKE assignments INCLUDING DEFAULTS) ON COMMIT DROP`);
  await pipeline(Readable.from([nrows.map((r) => r.map(esc).join("\t")).join("\n") + "\n"]), c.query(copyFrom(`COPY stage (${ASSIGNMENT_COLUMNS.join(", ")}) FROM STDIN`)));
  const r = await c.query(`INSERT INTO assignments SELECT * FROM stage ON CONFLICT DO NOTHING RETURNING event_id`);
  const cp = performance.now() - t;
  await c.query("ROLLBACK");
  console.log(`at ${n} rows, 10k batch: lookups DISTINCT ON ${d.toFixed(0)} ms, LATERAL ${l.toFixed(0)} ms | insert unnest ${u.toFixed(0)} ms, COPY stage+INSERT ${cp.toFixed(0)} ms (${r.rowCount})`);
}
await c.end();
await backend.cleanup();
