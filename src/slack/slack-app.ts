// The Bolt app: HTTP mode (Slack requests on /slack/events, our ingest routes beside them
// on the same server) or Socket Mode when an app-level token is set. Tokens come from
// SLACK_BOT_TOKEN (one workspace) or, with OAuth, from each workspace's stored install
// (/slack/install starts it, /slack/oauth_redirect completes it). In HTTP mode every request
// to /slack/events passes RequestGuard first (signature, time, replay); Bolt logs through ours.
import { countingFetch } from "../ops/metrics.ts";
import {
  App,
  ErrorCode,
  HTTPReceiver,
  type AppOptions,
  type InstallationStore,
  type Logger as BoltLogger,
  type ReceiverDispatchErrorHandlerArgs,
  type webApi,
} from "@slack/bolt";
import type { Logger } from "../log.ts";
import { installMode, type Config } from "../config.ts";
import type { Route } from "../ingest/routes.ts";
import { registerAlertActions } from "./listeners/actions/alert-actions.ts";
import { registerAlertModal } from "./listeners/views/alert-modal.ts";
import { registerAgentDetailAction } from "./listeners/actions/agent-detail-action.ts";
import { registerReportActions } from "./listeners/actions/report-actions.ts";
import { registerPulseCommand } from "./listeners/commands/pulse-command.ts";
import { registerReportCommands } from "./listeners/commands/report-commands.ts";
import { registerAppHome } from "./listeners/events/app-home.ts";
import { registerSettings } from "./listeners/views/settings-modal.ts";
import { registerUninstallEvents } from "./listeners/events/uninstall-events.ts";
import { BOT_SCOPES } from "./bot-scopes.ts";
import { boltLogger } from "./bolt-logger.ts";
import { RefusalLog } from "./refusal-log.ts";
import { guardRequests, RequestGuard } from "./request-guard.ts";
import type { SlackDeps } from "./report-delivery.ts";

/** The Web API client's options from the settings (also for clients made outside Bolt, per workspace). */
export function webClientOptions(config: Config): webApi.WebClientOptions {
  // Every Web API call is counted by method and status, 429s included (the metrics).
  return { fetch: countingFetch(), ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}) };
}

const INSTALL_PATH = "/slack/install";
const REDIRECT_PATH = "/slack/oauth_redirect";

/** Where the bot token comes from: the one SLACK_BOT_TOKEN, or Bolt's OAuth installer and our store. */
function credentials(config: Config, installations: InstallationStore | undefined): AppOptions {
  if (installMode(config) === "single") return { token: config.SLACK_BOT_TOKEN };
  if (installations === undefined) throw new Error("OAuth mode needs an installation store");
  return {
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    scopes: [...BOT_SCOPES],
    installationStore: installations,
    // /slack/install goes straight to Slack's consent page (no "Add to Slack" page of ours).
    installerOptions: { directInstall: true, installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH },
  };
}

export interface SlackAppOptions {
  /** Added to the Web API client's options (tests shorten its retries). */
  clientOptions?: webApi.WebClientOptions;
  /** Required when SLACK_CLIENT_ID is set. */
  installations?: InstallationStore;
  /** The clock of the request checks and of the refusal log lines (tests move it). */
  now?: () => number;
}

// Unknown paths get a 404 and no log line (Bolt's default writes one per request, which
// anyone could fill the log with); other failures are logged.
const dispatchErrorHandler =
  (log: Logger) =>
  ({ error, response }: ReceiverDispatchErrorHandlerArgs) => {
    const unknownPath = "code" in error && error.code === ErrorCode.HTTPReceiverDeferredRequestError;
    if (!unknownPath) log.error("slack request failed", { error: error.message });
    response.writeHead(unknownPath ? 404 : 500);
    response.end();
  };

/** HTTP mode's receiver: Bolt's, with our routes beside /slack/events and RequestGuard in front of it. */
function httpReceiver(
  deps: SlackDeps,
  routes: Route[],
  auth: AppOptions,
  clientOptions: webApi.WebClientOptions,
  logger: BoltLogger,
  now: () => number,
): HTTPReceiver {
  const { db, config, log } = deps;
  const { token: _, installerOptions, ...oauth } = auth;
  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET!,
    // Checked by RequestGuard instead: both ways in time, and replays.
    signatureVerification: false,
    customRoutes: routes,
    logger,
    dispatchErrorHandler: dispatchErrorHandler(log),
    ...oauth,
    // A receiver of ours gets the installer's client options from us (App adds them to its own).
    ...(installerOptions ? { installerOptions: { ...installerOptions, clientOptions } } : {}),
  });
  const guard = new RequestGuard({
    signingSecret: config.SLACK_SIGNING_SECRET!,
    db,
    log,
    refusals: new RefusalLog(log, now),
    now,
  });
  receiver.requestListener = guardRequests(receiver.requestListener, guard, log);
  return receiver;
}

export function createSlackApp(deps: SlackDeps, routes: Route[], options: SlackAppOptions = {}): App {
  const config: Config = deps.config;
  const clientOptions = { ...webClientOptions(config), ...options.clientOptions };
  const logger = boltLogger(deps.log, config.LOG_LEVEL);
  const auth = credentials(config, options.installations);
  const { installerOptions, ...tokens } = auth;
  const app = new App({
    ...(config.SLACK_APP_TOKEN
      ? // Socket Mode serves the custom routes (and the install pages) on a port of their own.
        {
          ...tokens,
          appToken: config.SLACK_APP_TOKEN,
          socketMode: true,
          installerOptions: { ...installerOptions, port: config.PORT },
          customRoutes: routes,
        }
      : { token: auth.token, receiver: httpReceiver(deps, routes, auth, clientOptions, logger, options.now ?? Date.now) }),
    clientOptions,
    logger,
  });
  registerReportCommands(app, deps);
  registerReportActions(app, deps);
  registerAgentDetailAction(app, deps);
  registerPulseCommand(app, deps, options.now);
  registerAlertActions(app, deps, options.now);
  registerAlertModal(app, deps, options.now);
  registerAppHome(app, deps);
  registerSettings(app, deps);
  registerUninstallEvents(app, deps);
  return app;
}
