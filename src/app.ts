// The composition root: reads the configuration once, opens the database, builds the
// routes and serves them. `npm start` runs this.
import { readConfig, ConfigError, slackMode, type Config } from "./config.ts";
import { createHttpServer, listen } from "./http-server.ts";
import { RateLimiter } from "./ingest/rate-limiter.ts";
import { ingestRoutes, type Route } from "./ingest/routes.ts";
import { createLogger, type Logger } from "./log.ts";
import { openDatabase, type Database } from "./store/database.ts";
import { sendJson } from "./ingest/request-body.ts";
import { createSlackApp } from "./slack/slack-app.ts";
import { slackDigestPoster } from "./slack/digest-poster.ts";
import { DigestScheduler } from "./digests/digest-scheduler.ts";
import type { DigestRunnerOptions } from "./digests/digest-runner.ts";
import { hostname } from "node:os";
import type { Server } from "node:http";

export interface RunningApp {
  port: number;
  db: Database;
  slack: "http" | "socket" | null;
  stop(): Promise<void>;
}

function healthRoutes(db: Database): Route[] {
  return [
    { path: "/healthz", method: ["GET"], handler: async (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      path: "/readyz",
      method: ["GET"],
      handler: async (_req, res) => {
        try {
          await db.sql.query("SELECT 1");
          sendJson(res, 200, { ok: true });
        } catch {
          sendJson(res, 503, { ok: false, error: "database unavailable" });
        }
      },
    },
  ];
}

export function digestOptions(config: Config): DigestRunnerOptions {
  return {
    graceMs: config.DIGEST_GRACE_HOURS * 3_600_000,
    // Longer than a post can take, 429 waits included.
    leaseMs: 15 * 60_000,
    maxAttempts: 3,
    instance: `${hostname()}:${process.pid}`,
  };
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const db = await openDatabase(config.DATABASE_URL);
  const limiter = new RateLimiter(config.INGEST_RATE_PER_MINUTE, config.INGEST_RATE_BURST);
  const routes = [...ingestRoutes({ db, limiter, log }), ...healthRoutes(db)];
  const mode = slackMode(config);
  let port: number;
  let stopServer: () => Promise<void>;
  if (mode === null) {
    const server = createHttpServer(routes);
    port = await listen(server, config.PORT);
    stopServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  } else {
    const app = createSlackApp({ db, config, log }, routes);
    const started = (await app.start(config.PORT)) as Server | undefined;
    const address = started?.address();
    port = typeof address === "object" && address ? address.port : config.PORT;
    const digests = new DigestScheduler(db, slackDigestPoster(app.client, config, log), log, digestOptions(config));
    await digests.start();
    // Finish the digests being posted, then stop taking requests.
    stopServer = () => digests.stop().then(() => app.stop()).then(() => undefined);
  }
  log.info("listening", { port, database: db.target.provider, slack: mode ?? "off" });
  return {
    port,
    db,
    slack: mode,
    async stop() {
      await stopServer();
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, log);
  const where = app.db.target.provider === "sqlite" ? app.db.target.file : "PostgreSQL";
  process.stdout.write(`Inbox Pulse is listening on http://localhost:${app.port} (database: ${where}).\n`);
  if (app.slack === null) {
    process.stdout.write(
      "Slack is not connected: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode); " +
        "only the ingest API runs. To see the reports without Slack: npm run demo\n",
    );
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log.info("shutting down", { signal });
      void app.stop().then(() => process.exit(0));
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
