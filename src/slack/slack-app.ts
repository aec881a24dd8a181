// The Bolt app: HTTP mode (Slack requests on /slack/events, our ingest routes beside them
// on the same server) or Socket Mode when an app-level token is set. Tokens come from
// SLACK_BOT_TOKEN (one workspace) or, with OAuth, from each workspace's stored install
// (/slack/install starts it, /slack/oauth_redirect completes it).
import { App, LogLevel, type AppOptions, type InstallationStore, type webApi } from "@slack/bolt";
import { installMode, type Config } from "../config.ts";
import type { Route } from "../ingest/routes.ts";
import { registerReportActions } from "./listeners/actions/report-actions.ts";
import { registerPulseCommand } from "./listeners/commands/pulse-command.ts";
import { registerReportCommands } from "./listeners/commands/report-commands.ts";
import { registerAppHome } from "./listeners/events/app-home.ts";
import { registerSettings } from "./listeners/settings/settings-modal.ts";
import { registerUninstallEvents } from "./listeners/events/uninstall-events.ts";
import { BOT_SCOPES } from "./bot-scopes.ts";
import type { SlackDeps } from "./report-delivery.ts";

/** The Web API client's options from the settings (also for clients made outside Bolt, per workspace). */
export function webClientOptions(config: Config): webApi.WebClientOptions {
  return config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
}

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

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

/**
 * `extraClientOptions` adds to the Web API client's options (tests shorten its retries);
 * `installations` is required when SLACK_CLIENT_ID is set.
 */
export function createSlackApp(deps: SlackDeps, routes: Route[], extraClientOptions: webApi.WebClientOptions = {}, installations?: InstallationStore): App {
  const config: Config = deps.config;
  const clientOptions = { ...webClientOptions(config), ...extraClientOptions };
  const { installerOptions, ...tokens } = credentials(config, installations);
  const app = new App({
    ...tokens,
    ...(config.SLACK_APP_TOKEN
      ? // Socket Mode serves the custom routes (and the install pages) on a port of their own.
        { appToken: config.SLACK_APP_TOKEN, socketMode: true, installerOptions: { ...installerOptions, port: config.PORT } }
      : { signingSecret: config.SLACK_SIGNING_SECRET!, ...(installerOptions ? { installerOptions } : {}) }),
    customRoutes: routes,
    clientOptions,
    logLevel: LogLevel.WARN,
  });
  registerReportCommands(app, deps);
  registerReportActions(app, deps);
  registerPulseCommand(app, deps);
  registerAppHome(app, deps);
  registerSettings(app, deps);
  registerUninstallEvents(app, deps);
  return app;
}
