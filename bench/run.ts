// `npm run bench [-- name ...]`: runs the benches in order (or only those named) and prints
// each figure beside a baseline measured in the same run. Speed is reported, never asserted:
// a MISS does not fail the run (the machine is shared and noisy); an error does.
// Sizes and other knobs: bench/README.md (BENCH_EVENTS=100000 for quick runs).
import { loadAverage, machineInfo, printTable, verdict, type BenchResult } from "./lib/report.ts";

const BENCHES: Record<string, { title: string; load: () => Promise<{ run(): Promise<BenchResult> }>; onlyWhenNamed?: boolean }> = {
  "ingest-sqlite": { title: "Bulk ingest, SQLite: ingestEvents vs raw prepared INSERT", load: () => import("./ingest-sqlite.ts") },
  "ingest-postgres": { title: "Bulk ingest, PostgreSQL: ingestEvents vs COPY", load: () => import("./ingest-postgres.ts") },
  "http-ingest": { title: "HTTP ingest: POST /api/v1/events vs ingestEvents in-process", load: () => import("./http-ingest.ts") },
  "ingest-out-of-order": {
    title: "HTTP ingest of traffic out of order (several senders, retries) vs in time order (SQLite, PostgreSQL)",
    load: () => import("./ingest-out-of-order.ts"),
  },
  "csv-import": { title: "CSV import: throughput and peak RSS per file size", load: () => import("./csv-import.ts") },
  "report-assignments": {
    title: "/assignments last-30-days on 1M assignments: buildReport vs raw SQL (SQLite, PostgreSQL)",
    load: () => import("./report-assignments.ts"),
  },
  "report-agent-performance": {
    title: "/agent-performance last-30-days on 200k email conversations: buildReport vs SQL GROUP BY",
    load: () => import("./report-agent-performance.ts"),
  },
  "chart-render": {
    title: "Chart PNG render (bar, pie): renderChartPng vs chart.js drawing without encoding",
    load: () => import("./chart-render.ts"),
  },
  "slack-ack": {
    title: "Slash command ack and report delivery through Bolt vs a bare node:http 200",
    load: () => import("./slack-ack.ts"),
  },
  // In the default run: it checks the targets (tick time, digests at scale), as the
  // benches above do; about 10 minutes at full size.
  alerts: {
    title:
      "Alert tick over 3,000 rules in 1,000 workspaces vs hand-written SQL; 1,000 digests due at once, 2 replicas (SQLite, PostgreSQL)",
    load: () => import("./alerts.ts"),
  },
  // A profile rather than a bench: only when named.
  "ingest-phases": {
    title: "Where ingestEvents' time goes (SQLite, then PostgreSQL)",
    load: () => import("./ingest-phases.ts"),
    onlyWhenNamed: true,
  },
};

const asked = process.argv.slice(2).filter((a) => a !== "--");
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(", ")}. Known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
const selected = asked.length > 0 ? asked : Object.keys(BENCHES).filter((name) => !BENCHES[name]!.onlyWhenNamed);

console.log("== Machine");
for (const line of machineInfo()) console.log(`  ${line}`);
if (process.env.BENCH_EVENTS)
  console.log(`  BENCH_EVENTS=${process.env.BENCH_EVENTS} (reduced sizes: figures not comparable with the full run)`);

const summary: string[] = [];
for (const name of selected) {
  const bench = BENCHES[name]!;
  console.log(`\n== ${name}: ${bench.title}`);
  const result = await (await bench.load()).run();
  if (result.rows.length > 0) printTable(result.rows);
  for (const note of result.notes) console.log(`  ${note}`);
  console.log(`  ${loadAverage()} at the end of this bench`);
  summary.push(...result.rows.filter((r) => r.checks?.length).map((r) => `  ${verdict(r.checks).padEnd(6)} ${name}: ${r.what}`));
}
if (summary.length > 0) console.log(`\n== Targets\n${summary.join("\n")}`);
if (summary.some((line) => line.includes("MISS")) && !selected.includes("ingest-phases")) {
  console.log("  (where the write path's time goes: npm run bench -- ingest-phases)");
}
