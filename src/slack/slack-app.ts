// The Bolt app: HTTP mode (Slack requests on /slack/events, our ingest routes beside them
// on the same server) or Socket Mode when an app-level token is set.
import { App, HTTPReceiver, LogLevel, type webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import type { Route } from "../ingest/routes.ts";
import { registerReportActions } from "./listeners/actions/report-actions.ts";
import { registerPulseCommand } from "./listeners/commands/pulse-command.ts";
import { registerReportCommands } from "./listeners/commands/report-commands.ts";
import type { SlackDeps } from "./report-delivery.ts";

/** `clientOptions` adds to the Web API client's options (tests shorten its retries). */
export function createSlackApp(deps: SlackDeps, routes: Route[], extraClientOptions: webApi.WebClientOptions = {}): App {
  const config: Config = deps.config;
  const clientOptions = { ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}), ...extraClientOptions };
  const app = config.SLACK_APP_TOKEN
    ? new App({
        token: config.SLACK_BOT_TOKEN,
        appToken: config.SLACK_APP_TOKEN,
        socketMode: true,
        customRoutes: routes,
        installerOptions: { port: config.PORT },
        clientOptions,
        logLevel: LogLevel.WARN,
      })
    : new App({
        token: config.SLACK_BOT_TOKEN,
        receiver: new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET!, customRoutes: routes, logLevel: LogLevel.WARN }),
        clientOptions,
        logLevel: LogLevel.WARN,
      });
  registerReportCommands(app, deps);
  registerReportActions(app, deps);
  registerPulseCommand(app, deps);
  return app;
}
