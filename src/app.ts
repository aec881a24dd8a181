// The composition root: reads the configuration once, opens the database, builds the
// routes and serves them. `npm start` runs this.
import { readConfig, ConfigError, installMode, slackMode, type Config } from "./config.ts";
import { createHttpServer, listen } from "./http/server.ts";
import { RateLimiter } from "./ingest/rate-limiter.ts";
import { ingestRoutes, type Route } from "./ingest/routes.ts";
import { createLogger, silentLogger, type Logger } from "./log.ts";
import { openDatabase, type Database } from "./store/engine/database.ts";
import { DatabaseUrlError } from "./store/engine/database-url.ts";
import { sendJson } from "./http/request-body.ts";
import { createSlackApp, webClientOptions } from "./slack/slack-app.ts";
import { installedClients, slackDigestPoster } from "./slack/digest-poster.ts";
import { TokenCipher } from "./secrets/token-cipher.ts";
import { cipherOpensInstallations, SlackInstallationStore } from "./store/workspace/installations.ts";
import { DigestScheduler } from "./digests/digest-scheduler.ts";
import { InFlight } from "./ops/in-flight.ts";
import { retentionScheduler } from "./ops/retention-scheduler.ts";
import { recomputeScheduler } from "./ops/recompute-scheduler.ts";
import type { DigestRunnerOptions } from "./digests/digest-runner.ts";
import { hostname } from "node:os";
import type { Server } from "node:http";

// Slack allows 30 s for a response_url answer to matter; orchestrators usually kill at 30 s.
const DRAIN_TIMEOUT_MS = 25_000;

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

/** Start-up failed after the database opened: close it, then let the error through. */
const closeAnd =
  (db: Database) =>
  async (error: unknown): Promise<never> => {
    await db.close();
    throw error;
  };

/** OAuth: the installations, once ENCRYPTION_KEY is known to open those already stored. */
async function openInstallations(db: Database, config: Config): Promise<SlackInstallationStore> {
  const cipher = new TokenCipher(config.ENCRYPTION_KEY!);
  if (!(await cipherOpensInstallations(db.prisma, cipher))) {
    throw new ConfigError("ENCRYPTION_KEY does not decrypt the stored Slack installations (was it changed?)");
  }
  return new SlackInstallationStore(db.prisma, cipher);
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const db = await openDatabase(config.DATABASE_URL);
  const limiter = new RateLimiter(config.INGEST_RATE_PER_MINUTE, config.INGEST_RATE_BURST);
  const routes = [...ingestRoutes({ db, limiter, log }), ...healthRoutes(db)];
  const mode = slackMode(config);
  // Reports built after the ack: shutdown waits for them before closing the database.
  const inFlight = new InFlight();
  let port: number;
  let stopServer: () => Promise<void>;
  if (mode === null) {
    const server = createHttpServer(routes);
    port = await listen(server, config.PORT);
    stopServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  } else {
    const installations = installMode(config) === "oauth" ? await openInstallations(db, config).catch(closeAnd(db)) : undefined;
    const app = createSlackApp({ db, config, log }, routes, { installations });
    app.use(({ next }) => inFlight.track(next()));
    const started = (await app.start(config.PORT)) as Server | undefined;
    const address = started?.address();
    port = typeof address === "object" && address ? address.port : config.PORT;
    const clients = installations ? installedClients(db, installations, webClientOptions(config)) : app.client;
    const digests = new DigestScheduler(db, slackDigestPoster(clients, config, log), log, digestOptions(config));
    await digests.start();
    // Finish the digests being posted, then stop taking requests.
    stopServer = () =>
      digests
        .stop()
        .then(() => app.stop())
        .then(() => undefined);
  }
  const retention = retentionScheduler(db, log, config.RETENTION_CRON);
  if (config.RETENTION_CRON !== "off") retention.start();
  // Started now, it also finishes what a change made before a restart left pending.
  const recompute = recomputeScheduler(db, log);
  recompute.start();
  void recompute.run();
  log.info("listening", { port, database: db.target.provider, slack: mode ?? "off" });
  return {
    port,
    db,
    slack: mode,
    async stop() {
      // No new requests, digests or retention batches; then the work already acknowledged.
      await Promise.all([stopServer(), retention.stop(), recompute.stop()]);
      if (!(await inFlight.drain(DRAIN_TIMEOUT_MS))) {
        log.warn("shutdown: requests still in flight after the drain timeout", { pending: inFlight.size, timeoutMs: DRAIN_TIMEOUT_MS });
      }
      await db.close();
    },
  };
}

/**
 * Start-up failed: one line on stderr, no stack trace. A setting to fix (or the database it
 * names) exits 2, as the CLI does; anything else exits 1, its stack logged at debug level.
 */
function stopStartup(error: unknown, log: Logger = silentLogger, port?: number): never {
  const { code } = (error ?? {}) as { code?: unknown };
  let line: string;
  let status = 2;
  if (error instanceof ConfigError || error instanceof DatabaseUrlError) line = error.message;
  else if (code === "EADDRINUSE") line = `PORT: port ${port} is already in use: stop the program that holds it, or set PORT to a free port`;
  else if (code === "EACCES" && port !== undefined && port < 1024)
    line = `PORT: port ${port} needs privileges to listen on: set PORT to 1024 or above`;
  else {
    line = `Inbox Pulse could not start: ${String((error as Error)?.message ?? error).replace(/\s+/g, " ")}`;
    status = 1;
    log.debug("start-up failed", { stack: (error as Error)?.stack });
  }
  process.stderr.write(`${line}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    stopStartup(error);
  }
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, log).catch((error: unknown) => stopStartup(error, log, config.PORT));
  const where = app.db.target.provider === "sqlite" ? app.db.target.file : "PostgreSQL";
  process.stdout.write(`Inbox Pulse is listening on http://localhost:${app.port} (database: ${where}).\n`);
  if (app.slack === null) {
    process.stdout.write(
      "Slack is not connected: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode), " +
        "or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and ENCRYPTION_KEY to install into many workspaces; " +
        "only the ingest API runs. To see the reports without Slack: npm run demo\n",
    );
  }
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) {
        log.warn("second signal: exiting without waiting", { signal });
        process.exit(1);
      }
      stopping = true;
      log.info("shutting down", { signal });
      app.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error("shutdown failed", { error: (error as Error).message });
          process.exit(1);
        },
      );
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
