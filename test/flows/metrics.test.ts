// /metrics on METRICS_PORT, never on PORT: what the app did shows in the counters (events by
// stream and outcome, HTTP requests by route, report builds, Slack API calls and their 429s,
// digest runs and alert evaluations by outcome, the database pools on PostgreSQL), beside prom-client's process defaults and event-loop lag.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/alert-runner.ts";
import { createHttpServer, listen } from "../../src/http/server.ts";
import { timedRoutes } from "../../src/ops/metrics.ts";
import { runDueDigests } from "../../src/digests/digest-runner.ts";
import { parseDigestSchedule } from "../../src/domain/digest-schedule.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { slackAlertPoster } from "../../src/slack/alert-poster.ts";
import { slackDigestPoster } from "../../src/slack/digest-poster.ts";
import { createAlertRule } from "../../src/store/workspace/alerts.ts";
import { createSubscription } from "../../src/store/workspace/digests.ts";
import { received } from "../support/events.ts";
import { startApp, type RunningApp } from "../../src/app.ts";
import { readConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS, startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";
import { postJson } from "../support/server.ts";
import { sendSlashCommand } from "../support/slack-requests.ts";

let db: TestDatabase;
let fake: FakeSlack;
let app: RunningApp;
let base: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack();
  fake.setUser({ id: "UADMIN", team_id: FAKE_IDS.teamId, is_admin: true });
  ({ token } = await createToken(db, FAKE_IDS.teamId));
  const config = readConfig({
    DATABASE_URL: db.url,
    PORT: "0",
    METRICS_PORT: "0",
    SLACK_SIGNING_SECRET: "s3cret",
    SLACK_BOT_TOKEN: "xoxb-app",
    SLACK_API_URL: fake.apiUrl,
  });
  app = await startApp(config, silentLogger);
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app.stop();
  await fake.close();
  await db.destroy();
});

async function scrape(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${app.metricsPort}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

/** The value of the sample `name{labels}` (labels in any order), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",");
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return 0;
}

const assignment = (id: string) => ({
  type: "assignment",
  id,
  occurredAt: "2026-11-20T10:00:00Z",
  contact: { id: "c-1" },
  assignee: { email: "ann@example.com" },
  source: "user",
});

describe("/metrics", () => {
  it("is served on METRICS_PORT only", async () => {
    expect(app.metricsPort).toBeGreaterThan(0);
    expect(app.metricsPort).not.toBe(app.port);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const text = await scrape();
    expect(text).toContain("# TYPE inbox_pulse_process_cpu_user_seconds_total counter");
    expect(text).toMatch(/^inbox_pulse_nodejs_eventloop_lag_seconds \d/m);
  });

  it("counts events by stream and outcome, and HTTP requests by route and status", async () => {
    const before = await scrape();
    const body = { events: [assignment("m-1"), assignment("m-1"), { ...assignment("m-2"), source: "fax" }, { type: "email.received" }] };
    expect((await postJson(`${base}/api/v1/events`, body, token)).status).toBe(200);
    expect((await postJson(`${base}/api/v1/events`, assignment("m-1"), token)).status).toBe(200);
    expect((await fetch(`${base}/no-such-path`)).status).toBe(404);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("inbox_pulse_events_total", { stream: "assignments", outcome: "stored" })).toBe(1);
    // Once in the batch, once already stored.
    expect(delta("inbox_pulse_events_total", { stream: "assignments", outcome: "duplicate" })).toBe(2);
    expect(delta("inbox_pulse_events_total", { stream: "assignments", outcome: "rejected" })).toBe(1);
    expect(delta("inbox_pulse_events_total", { stream: "email", outcome: "rejected" })).toBe(1);
    const requests = { route: "/api/v1/events", method: "POST", status: "200" };
    expect(delta("inbox_pulse_http_request_duration_seconds_count", requests)).toBe(2);
    expect(sample(after, "inbox_pulse_http_request_duration_seconds_sum", requests)).toBeGreaterThan(0);
    // An unknown path is "other": the raw URL never becomes a label.
    expect(delta("inbox_pulse_http_request_duration_seconds_count", { route: "other", status: "404" })).toBe(1);
    expect(after).not.toContain("no-such-path");
  });

  it("times report builds, and counts Slack API calls with their 429s", async () => {
    const before = await scrape();
    fake.rateLimitNext("users.info", 1);
    const ack = await sendSlashCommand(base, "s3cret", {
      command: "/assignments",
      text: "last-30-days",
      user_id: "UADMIN",
      team_id: FAKE_IDS.teamId,
      channel_id: "C1",
      response_url: fake.responseUrl("metrics"),
    });
    expect(ack.status).toBe(200);
    await fake.waitForResponse(1, 10_000, "metrics");
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("inbox_pulse_report_build_duration_seconds_count", { report: "assignments" })).toBe(1);
    expect(delta("inbox_pulse_slack_api_calls_total", { method: "users.info", status: "429" })).toBe(1);
    expect(delta("inbox_pulse_slack_api_calls_total", { method: "users.info", status: "200" })).toBe(1);
    expect(delta("inbox_pulse_http_request_duration_seconds_count", { route: "/slack/events", status: "200" })).toBe(1);
  });

  it("times each route itself where Bolt keeps the HTTP server (Socket Mode)", async () => {
    const routes = timedRoutes([
      { path: "/api/v1/socket-probe", method: ["GET"], handler: async (_req, res) => void res.writeHead(202).end() },
    ]);
    const server = createHttpServer(routes);
    const port = await listen(server, 0);
    try {
      const before = await scrape();
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/socket-probe`)).status).toBe(202);
      const after = await scrape();
      const labels = { route: "/api/v1/socket-probe", method: "GET", status: "202" };
      expect(
        sample(after, "inbox_pulse_http_request_duration_seconds_count", labels) -
          sample(before, "inbox_pulse_http_request_duration_seconds_count", labels),
      ).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("counts digest runs and alert evaluations by outcome", async () => {
    const ws = "TMETRICS";
    const now = Date.now();
    await ingestEvents(db, ws, [received("mw1", "mia", new Date(now - 3 * 3_600_000).toISOString())]);
    const condition = { kind: "waiting", thresholdSeconds: 3600, clock: "any-time" } as const;
    await createAlertRule(db, {
      workspaceId: ws,
      channelId: "C0METRIC",
      spec: { condition, cooldownSeconds: 3600 },
      createdBy: "UADMIN",
      now,
    });
    const parsed = parseDigestSchedule(["daily", "00:00"], "UTC");
    if (!parsed.ok) throw new Error(parsed.error);
    await createSubscription(db, {
      workspaceId: ws,
      channelId: "C0METRIC",
      report: "assignments",
      schedule: JSON.stringify(parsed.schedule),
      createdBy: "UADMIN",
      createdAt: new Date(now - 3 * 86_400_000),
    });
    const before = await scrape();
    const client = new webApi.WebClient("xoxb-app", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const options = { leaseMs: 60_000, maxAttempts: 3, instance: "metrics" };
    await runAlerts(db, slackAlertPoster(client, silentLogger), silentLogger, now, options);
    await runAlerts(db, slackAlertPoster(client, silentLogger), silentLogger, now, options);
    await runDueDigests(db, slackDigestPoster(client, readConfig({}), silentLogger), silentLogger, now, {
      ...options,
      graceMs: 86_400_000,
    });
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    // The app's own ticks may have taken the post first: posted once, by it or here.
    expect(
      delta("inbox_pulse_alert_evaluations_total", { outcome: "posted" }) +
        delta("inbox_pulse_alert_evaluations_total", { outcome: "taken" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta("inbox_pulse_alert_evaluations_total", { outcome: "firing" }) +
        delta("inbox_pulse_alert_evaluations_total", { outcome: "taken" }),
    ).toBeGreaterThanOrEqual(1);
    const digests = ["posted", "taken"].reduce((sum, outcome) => sum + delta("inbox_pulse_digest_runs_total", { outcome }), 0);
    expect(digests).toBeGreaterThanOrEqual(1);
  });

  it.runIf(TEST_PROVIDER === "postgresql")("shows the PostgreSQL pools", async () => {
    const text = await scrape();
    for (const pool of ["writes", "reports"]) {
      expect(text).toMatch(new RegExp(`^inbox_pulse_db_pool_connections\\{pool="${pool}",state="idle"\\} \\d`, "m"));
      expect(text).toMatch(new RegExp(`^inbox_pulse_db_pool_connections\\{pool="${pool}",state="in_use"\\} \\d`, "m"));
    }
  });
});
