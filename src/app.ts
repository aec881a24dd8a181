// The composition root: reads the configuration once, opens the database, builds the
// routes and serves them. `npm start` runs this.
import { readConfig, ConfigError, installMode, loadEnvFile, slackMode, type Config } from "./config.ts";
import { boundPort, createHttpServer, listen } from "./http/server.ts";
import { RateLimiter } from "./ingest/rate-limiter.ts";
import { ingestRoutes, type Route } from "./ingest/routes.ts";
import { createLogger, silentLogger, type Logger } from "./log.ts";
import { databaseResponds, migrationsPending, openDatabase, poolUsage, type Database } from "./store/engine/database.ts";
import { DatabaseUrlError } from "./store/engine/database-url.ts";
import { sendJson } from "./http/request-body.ts";
import { createSlackApp, webClientOptions } from "./slack/slack-app.ts";
import { installedClients, slackDigestPoster } from "./slack/digest-poster.ts";
import { TokenCipher } from "./secrets/token-cipher.ts";
import { cipherOpensInstallations, SlackInstallationStore } from "./store/workspace/installations.ts";
import { runAlerts, type AlertRunnerOptions } from "./alerts/alert-runner.ts";
import { runDueDigests, type DigestRunnerOptions } from "./digests/digest-runner.ts";
import { CronJob } from "./ops/cron-job.ts";
import { slackAlertPoster } from "./slack/alert-poster.ts";
import { InFlight } from "./ops/in-flight.ts";
import { retentionScheduler } from "./ops/retention-scheduler.ts";
import { recomputeScheduler } from "./ops/recompute-scheduler.ts";
import { hostname } from "node:os";
import { Server } from "node:http";
import { observeRequests, timedRoutes, startMetricsServer } from "./ops/metrics.ts";

// Orchestrators kill at 30 s (Docker's and Kubernetes' default grace): the delay before
// closing the port and the drain that follows share 25 s, counted from the first signal.
const SHUTDOWN_BUDGET_MS = 25_000;
// Past the budget, whatever still hangs is cut short, before an orchestrator's 30 s kill.
const EXIT_DEADLINE_MS = SHUTDOWN_BUDGET_MS + 3_000;

export interface RunningApp {
  port: number;
  /** METRICS_PORT as listened on (0 picks a free one), when set. */
  metricsPort?: number;
  db: Database;
  slack: "http" | "socket" | null;
  /**
   * Stops: /readyz answers 503 at once; after `delayMs` the port closes, in-flight requests,
   * digests and reports finish, then the database closes. Calling it again waits for the same stop.
   */
  stop(options?: { delayMs?: number }): Promise<void>;
}

function healthRoutes(db: Database, stopping: () => boolean): Route[] {
  return [
    { path: "/healthz", method: ["GET"], handler: async (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      path: "/readyz",
      method: ["GET"],
      handler: async (_req, res) => {
        if (stopping()) sendJson(res, 503, { ok: false, error: "shutting down" });
        else if (await databaseResponds(db)) sendJson(res, 200, { ok: true });
        else sendJson(res, 503, { ok: false, error: "database unavailable" });
      },
    },
  ];
}

/** MIGRATE_ON_START=false: the database must already be migrated (`npm run migrate`). */
async function checkMigrated(db: Database): Promise<void> {
  const pending = await migrationsPending(db);
  if (pending.length > 0) {
    throw new ConfigError(
      `MIGRATE_ON_START=false and the database lacks ${pending.length} migration(s) (${pending[0]}${pending.length > 1 ? ` to ${pending.at(-1)}` : ""}): ` +
        "run `npm run migrate` (or `inbox-pulse migrate`) with the same DATABASE_URL first, or set MIGRATE_ON_START=true",
    );
  }
}

/** METRICS_PORT's server; a port it cannot take stops start-up with a line naming METRICS_PORT. */
async function serveMetrics(port: number, db: Database): Promise<Server> {
  try {
    return await startMetricsServer(port, () => poolUsage(db));
  } catch (error) {
    const { code } = error as { code?: unknown };
    if (code === "EADDRINUSE") throw new ConfigError(`METRICS_PORT: port ${port} is already in use: set METRICS_PORT to a free port`);
    throw error;
  }
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How alert steps and digest runs are claimed in the ledger. */
function ledgerOptions() {
  return {
    // Longer than a post can take, 429 waits included.
    leaseMs: 15 * 60_000,
    maxAttempts: 3,
    instance: `${hostname()}:${process.pid}`,
  };
}

export function alertOptions(): AlertRunnerOptions {
  // 4 workspaces at once: a tick of 3,000 rules in 1,000 workspaces took 1.9 s instead of
  // 3.1 on PostgreSQL, 0.75 instead of 1.1 on SQLite; 8 at once gained little more
  // (bench/README.md, "Alerts and digests at scale").
  return { ...ledgerOptions(), workspacesAtOnce: 4 };
}

export function digestOptions(config: Config): DigestRunnerOptions {
  return { ...ledgerOptions(), graceMs: config.DIGEST_GRACE_HOURS * 3_600_000 };
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
  if (!(await cipherOpensInstallations(db, cipher))) {
    throw new ConfigError("ENCRYPTION_KEY does not decrypt the stored Slack installations (was it changed?)");
  }
  return new SlackInstallationStore(db, cipher);
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const db = await openDatabase(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  if (!config.MIGRATE_ON_START) await checkMigrated(db).catch(closeAnd(db));
  const metrics = config.METRICS_PORT === undefined ? undefined : await serveMetrics(config.METRICS_PORT, db).catch(closeAnd(db));
  let stopping = false;
  const limiter = new RateLimiter(config.INGEST_RATE_PER_MINUTE, config.INGEST_RATE_BURST);
  const routes = [...ingestRoutes({ db, limiter, log }), ...healthRoutes(db, () => stopping)];
  const mode = slackMode(config);
  // Reports built after the ack: shutdown waits for them before closing the database.
  const inFlight = new InFlight();
  let port: number;
  let stopServer: () => Promise<void>;
  // The HTTP server, where we hold it: at the deadline its last connections are cut.
  let httpServer: Server | undefined;
  let stopPosting: () => Promise<void> = async () => undefined;
  try {
    if (mode === null) {
      const server = createHttpServer(routes);
      if (metrics)
        observeRequests(
          server,
          routes.map((r) => r.path),
        );
      port = await listen(server, config.PORT);
      httpServer = server;
      stopServer = () => closeServer(server);
    } else {
      const installations = installMode(config) === "oauth" ? await openInstallations(db, config) : undefined;
      // Socket Mode serves the routes on Bolt's own server: their handlers are timed instead.
      const served = metrics && mode === "socket" ? timedRoutes(routes) : routes;
      const app = createSlackApp({ db, config, log }, served, { installations });
      app.use(({ next }) => inFlight.track(next()));
      const started = (await app.start(config.PORT)) as Server | undefined;
      // HTTP mode: the whole server is observed (Socket Mode times the routes instead, above).
      if (metrics && started instanceof Server) observeRequests(started, [...routes.map((r) => r.path), ...SLACK_PATHS]);
      if (started instanceof Server) httpServer = started;
      port = started instanceof Server ? boundPort(started, config.PORT) : config.PORT;
      const clients = installations ? installedClients(db, installations, webClientOptions(config)) : app.client;
      // Every minute, and once now: each digest due and each alert rule, at the current instant.
      const digestPoster = slackDigestPoster(clients, config, log);
      const alertPoster = slackAlertPoster(clients, log);
      const digestRuns = digestOptions(config);
      const alertRuns = alertOptions();
      const digests = new CronJob("digest tick", "* * * * *", log, () => runDueDigests(db, digestPoster, log, Date.now(), digestRuns));
      const alerts = new CronJob("alert tick", "* * * * *", log, () => runAlerts(db, alertPoster, log, Date.now(), alertRuns));
      await Promise.all([digests.startNow(), alerts.startNow()]);
      // Finishes the digests and alerts being posted.
      stopPosting = () => Promise.all([digests.stop(), alerts.stop()]).then(() => undefined);
      stopServer = () => app.stop().then(() => undefined);
    }
  } catch (error) {
    if (metrics) await closeServer(metrics);
    return closeAnd(db)(error);
  }
  const retention = retentionScheduler(db, log, config.RETENTION_CRON);
  if (config.RETENTION_CRON !== "off") retention.start();
  // Started now, it also finishes what a change made before a restart left pending.
  const recompute = recomputeScheduler(db, log);
  recompute.start();
  void recompute.run();
  log.info("listening", { port, database: db.target.provider, slack: mode ?? "off", metricsPort: metrics ? boundPort(metrics, 0) : "off" });

  let stopped: Promise<void> | undefined;
  async function stop(delayMs: number): Promise<void> {
    const deadline = Date.now() + SHUTDOWN_BUDGET_MS;
    stopping = true;
    // No new digests, alerts or retention batches; those under way finish meanwhile.
    const scheduled = Promise.all([stopPosting(), retention.stop(), recompute.stop()]);
    // Still serving, /readyz 503: load balancers take this replica out before the port closes.
    if (delayMs > 0) await sleep(delayMs);
    // The port closes; requests already received are answered first, unless a client is
    // still sending at the deadline.
    const cut = setTimeout(() => httpServer?.closeAllConnections(), Math.max(0, deadline - Date.now()));
    await Promise.all([stopServer(), scheduled]);
    clearTimeout(cut);
    // Then the reports already acknowledged (slash commands and clicks are answered at once).
    if (!(await inFlight.drain(Math.max(0, deadline - Date.now())))) {
      log.warn("shutdown: requests still in flight after the drain timeout", { pending: inFlight.size, timeoutMs: SHUTDOWN_BUDGET_MS });
    }
    if (metrics) await closeServer(metrics);
    await db.close();
  }
  return {
    port,
    ...(metrics ? { metricsPort: boundPort(metrics, 0) } : {}),
    db,
    slack: mode,
    stop: (options = {}) => (stopped ??= stop(options.delayMs ?? 0)),
  };
}

const SLACK_PATHS = ["/slack/events", "/slack/install", "/slack/oauth_redirect"];

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
    loadEnvFile();
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
      log.info("shutting down", { signal, delaySeconds: config.SHUTDOWN_DELAY_SECONDS });
      // Whatever hangs (a digest stuck on Slack, a database that stopped answering), the
      // process is gone before an orchestrator's 30 s kill.
      setTimeout(() => {
        log.error(`shutdown: still not done after ${EXIT_DEADLINE_MS / 1000} s, exiting`);
        process.exit(1);
      }, EXIT_DEADLINE_MS).unref();
      app.stop({ delayMs: config.SHUTDOWN_DELAY_SECONDS * 1000 }).then(
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
