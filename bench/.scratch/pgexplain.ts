import pg from "pg";
import { postgresBackend } from "../ingest-postgres.ts";
import { generateTraffic, assignmentFacts } from "../lib/events.ts";
const n = Number(process.argv[2] ?? 300000);
const backend = await postgresBackend();
if (typeof backend === "string") throw new Error(backend);
const { rows } = generateTraffic(n, "T0BENCH");
await backend.rawInsert("x", rows);
const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/test", options: `-c search_path=bench_${process.pid}_x` });
await c.connect();
await c.query("ANALYZE assignments");
// next batch's probes: first occurrences of contacts in the next 10k events
const next = [...assignmentFacts(n + 10000, {})].slice(n);
const seen = new Set<string>(); const ids: string[] = []; const bef: number[] = [];
for (const f of next) if (!seen.has(f.contactId)) { seen.add(f.contactId); ids.push(f.contactId); bef.push(f.at); }
console.log("probes", ids.length);
const q = `SELECT DISTINCT ON (a.contact_id) a.contact_id, a.assignee_id, a.assignee_name, a.assignee_email
       FROM unnest($1::text[], $2::float8[]) AS p(contact_id, before_ms)
       JOIN assignments a ON a.workspace_id = $3 AND a.contact_id = p.contact_id
        AND a.occurred_at < TIMESTAMP 'epoch' + p.before_ms * INTERVAL '1 millisecond'
       ORDER BY a.contact_id, a.occurred_at DESC, a.event_id DESC`;
for (let k = 0; k < 2; k++) {
  let t = performance.now(); const r1 = await c.query(q, [ids, bef, "T0BENCH"]); console.log("distinct on", r1.rowCount, Math.round(performance.now() - t), "ms");
  const q2 = `SELECT p.contact_id, l.assignee_id, l.assignee_name, l.assignee_email
     FROM unnest($1::text[], $2::float8[]) AS p(contact_id, before_ms)
     CROSS JOIN LATERAL (SELECT a.assignee_id, a.assignee_name, a.assignee_email FROM assignments a
       WHERE a.workspace_id = $3 AND a.contact_id = p.contact_id AND a.occurred_at < TIMESTAMP 'epoch' + p.before_ms * INTERVAL '1 millisecond'
       ORDER BY a.occurred_at DESC, a.event_id DESC LIMIT 1) l`;
  t = performance.now(); const r2 = await c.query(q2, [ids, bef, "T0BENCH"]); console.log("lateral", r2.rowCount, Math.round(performance.now() - t), "ms");
}
const ex = await c.query("EXPLAIN (ANALYZE, BUFFERS) " + q, [ids, bef, "T0BENCH"]);
console.log(ex.rows.map((r) => r["QUERY PLAN"]).join("\n"));
await c.end();
await backend.cleanup();
