// Prometheus metrics (prom-client), served by startMetricsServer on METRICS_PORT only: never on
// PORT, which may be public (docs/operations.md, "Metrics"). The counters live in one registry
// per process; the modules that do the work count into it, whoever calls them.
import type { Route } from "../ingest/routes.ts";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { listen } from "../http/server.ts";
import type { PoolUsage } from "../store/engine/database.ts";

const registry = new Registry();

const PREFIX = "inbox_pulse_";

const httpRequests = new Histogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: "HTTP requests by route, method and status, with their duration",
  labelNames: ["route", "method", "status"] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [registry],
});

const ingestedEvents = new Counter({
  name: `${PREFIX}events_total`,
  help: "Events received through the API, the respond.io webhook and CSV import, by stream and outcome (stored, duplicate, rejected)",
  labelNames: ["stream", "outcome"] as const,
  registers: [registry],
});

const reportBuilds = new Histogram({
  name: `${PREFIX}report_build_duration_seconds`,
  help: "Time to build a report's result, by report",
  labelNames: ["report"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const digestRuns = new Counter({
  name: `${PREFIX}digest_runs_total`,
  help: "Digest runs by outcome (posted, skipped, failed, paused, taken by another replica)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

const alertSteps = new Counter({
  name: `${PREFIX}alert_evaluations_total`,
  help: "Alert rule evaluations by outcome (quiet, firing, posted, failed, paused, taken by another replica)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

const slackCalls = new Counter({
  name: `${PREFIX}slack_api_calls_total`,
  help: "Slack Web API calls by method and HTTP status (429: rate limited)",
  labelNames: ["method", "status"] as const,
  registers: [registry],
});

// Read at each scrape; set by startMetricsServer (the app's database).
let readPools: () => PoolUsage[] = () => [];

new Gauge({
  name: `${PREFIX}db_pool_connections`,
  help: "PostgreSQL pool connections by pool (writes, reports) and state (in_use, idle, waiting clients)",
  labelNames: ["pool", "state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const p of readPools()) {
      this.set({ pool: p.pool, state: "in_use" }, p.inUse);
      this.set({ pool: p.pool, state: "idle" }, p.idle);
      this.set({ pool: p.pool, state: "waiting" }, p.waiting);
    }
  },
});

/** Times every request `server` answers. The route label is one of `paths`, or "other": never the raw URL. */
export function observeRequests(server: Server, paths: readonly string[]): void {
  const known = new Set(paths);
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const end = httpRequests.startTimer({ route: known.has(path) ? path : "other", method: req.method ?? "" });
    res.once("close", () => end({ status: String(res.statusCode) }));
  });
}

/**
 * Socket Mode: Bolt serves our routes on an HTTP server it does not expose, so each route's
 * handler is timed instead (unknown paths then go unrecorded: docs/operations.md, "Metrics").
 */
export function timedRoutes(routes: readonly Route[]): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (req, res) => {
      const end = httpRequests.startTimer({ route: route.path, method: req.method ?? "" });
      res.once("close", () => end({ status: String(res.statusCode) }));
      return route.handler(req, res);
    },
  }));
}

export function countEvents(stream: "assignments" | "email" | "unknown", outcome: "stored" | "duplicate" | "rejected", n = 1): void {
  if (n > 0) ingestedEvents.inc({ stream, outcome }, n);
}

/** Times `build` as the build of `report`. */
export async function timeReport<T>(report: string, build: () => Promise<T>): Promise<T> {
  const end = reportBuilds.startTimer({ report });
  try {
    return await build();
  } finally {
    end();
  }
}

export function countDigestRun(outcome: string): void {
  if (outcome !== "not-due") digestRuns.inc({ outcome });
}

export function countAlertStep(outcome: string): void {
  alertSteps.inc({ outcome });
}

/** A `fetch` for Slack's Web API client that counts each call by method and status. */
export function countingFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = new URL(url).pathname.split("/").pop() || "unknown";
    try {
      const response = await inner(input, init);
      slackCalls.inc({ method, status: String(response.status) });
      return response;
    } catch (error) {
      slackCalls.inc({ method, status: "network_error" });
      throw error;
    }
  };
}

let defaultsCollected = false;

/**
 * Serves GET /metrics on `port` (all interfaces: keep the port private). `pools`: read at each
 * scrape. Resolves to the server once it listens.
 */
export async function startMetricsServer(port: number, pools: () => PoolUsage[]): Promise<Server> {
  if (!defaultsCollected) {
    // The process's own: CPU, memory, heap, handles, GC, event-loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
    defaultsCollected = true;
  }
  readPools = pools;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/metrics" || req.method !== "GET") {
      res.writeHead(404, { "content-type": "text/plain" }).end("only GET /metrics here\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${(error as Error).message}\n`),
    );
  });
  await listen(server, port);
  return server;
}
