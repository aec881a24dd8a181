// HTTP ingest: the real app server (child process, fresh SQLite file) takes 500-event
// batches POSTed by a few concurrent keep-alive senders, beside ingestEvents called
// in-process with the same batches, so the cost of the HTTP layer is the ratio.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../src/store/engine/database.ts";
import { generateTraffic } from "./lib/events.ts";
import { WORKSPACE, ingestBatches, jsonBatches, parsedBatches, sum } from "./lib/ingest-bench.ts";
import {
  benchSize,
  envInt,
  int,
  percentile,
  perSecond,
  rate,
  secs,
  slower,
  startChild,
  tempFolder,
  timed,
  type BenchResult,
} from "./lib/report.ts";

const BATCH = 500;
const TARGET = 20_000;

interface Outcome {
  stored?: number;
}

/** Sends every body with `senders` concurrent loops; resolves to each request's latency (ms). */
async function post(url: string, token: string, bodies: readonly { body: string; count: number }[], senders: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const { body, count } = bodies[next++]!;
      const start = performance.now();
      // Node's fetch (undici) keeps connections alive and pools them per origin.
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
      const outcome = (await res.json()) as Outcome;
      latencies.push(performance.now() - start);
      if (res.status !== 200 || outcome.stored !== count) {
        throw new Error(`POST answered ${res.status}, stored ${outcome.stored} of ${count}: ${JSON.stringify(outcome).slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return latencies;
}

export async function run(): Promise<BenchResult> {
  const count = benchSize(200_000);
  const senders = envInt("BENCH_SENDERS", 4);
  const tmp = tempFolder("http-ingest");
  try {
    // Bodies are serialised before timing: the load generator's cost is not the server's.
    const toBatches = (events: Record<string, unknown>[]) =>
      jsonBatches(events, BATCH).map((text) => ({ text, body: `{"events":${text}}`, count: JSON.parse(text).length as number }));
    const bodies = toBatches(generateTraffic(count, WORKSPACE).events);
    const warm = toBatches(generateTraffic(Math.min(20_000, count), WORKSPACE, { seed: 7, prefix: "warm" }).events);

    // Baseline: the same batches, as JSON.parse hands them to the route, straight into ingestEvents.
    const direct = await openDatabase(`file:${join(tmp.dir, "direct.db")}`);
    await ingestBatches(direct, WORKSPACE, parsedBatches(warm.map((b) => b.text)));
    const baseline = { ms: sum(await ingestBatches(direct, WORKSPACE, parsedBatches(bodies.map((b) => b.text)))) };
    await direct.close();
    const baselineRate = perSecond(count, baseline.ms);

    const server = startChild("http-server-child.ts", [`file:${join(tmp.dir, "http.db")}`, WORKSPACE]);
    const { port, token } = await server.nextMessage<{ port: number; token: string }>();
    const url = `http://127.0.0.1:${port}/api/v1/events`;
    let latencies: number[];
    let http: { ms: number };
    try {
      await post(url, token, warm, senders);
      server.send("mark");
      http = await timed(async () => (latencies = await post(url, token, bodies, senders)));
    } finally {
      void server.finish();
    }
    const usage = await server.nextMessage<{ cpuMs: number; maxRssKiB: number }>();
    const httpRate = perSecond(count, http.ms);
    const sorted = latencies!.sort((a, b) => a - b);

    return {
      rows: [
        {
          what: `HTTP: ${int(count)} events, ${BATCH}/request, ${senders} keep-alive senders`,
          figure: `${rate(httpRate)} (${secs(http.ms)})`,
          baseline: `${rate(baselineRate)} (${secs(baseline.ms)}, ingestEvents in-process)`,
          ratio: slower(baselineRate / httpRate),
          target: `>= ${int(TARGET)} ev/s`,
          checks: [{ label: `>= ${int(TARGET)} ev/s`, ok: httpRate >= TARGET }],
        },
        {
          what: "HTTP: requests",
          figure: rate(perSecond(bodies.length, http.ms), "req/s"),
          baseline: rate(perSecond(bodies.length, baseline.ms), "batches/s"),
          ratio: slower(baselineRate / httpRate),
          target: "-",
        },
        {
          what: "HTTP: request latency p50 / p99",
          figure: `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} ms`,
          baseline: `${(baseline.ms / bodies.length).toFixed(1)} ms per batch in-process`,
          ratio: "-",
          target: "-",
        },
      ],
      notes: [
        `server process: ${(usage.cpuMs / (count / 1000)).toFixed(1)} ms CPU per 1,000 events ` +
          `(${((usage.cpuMs / http.ms) * 100).toFixed(0)}% of one core), peak RSS ${int(usage.maxRssKiB / 1024)} MiB`,
        `warm-up: ${int(warm.length * BATCH)} other events sent first to both (same tables), not timed`,
      ],
    };
  } finally {
    tmp.remove();
  }
}
