// Settings, read once from the environment (docs/operations.md, "Settings"). A bad value stops
// start-up with one line naming the variable and what it expects.
import cron from "node-cron";
import { z } from "zod";
import { CHART_MODES } from "./domain/chart-modes.ts";
import { LOG_TABLES } from "./domain/assignment-log.ts";
import { KEY_BYTES } from "./secrets/token-cipher.ts";
import { parseDatabaseUrl } from "./store/engine/database-url.ts";

const wholeNumber = (name: string, fallback: number, min = 1) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

const GENERATE_KEY = "generate one with: openssl rand -base64 32";

// 64 hex characters, or base64 (or base64url) of exactly 32 bytes.
function parseKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const key = Buffer.from(text, "base64");
  return key.length === KEY_BYTES ? key : null;
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseDatabaseUrl(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  PORT: wholeNumber("PORT", 3000, 0),
  INGEST_RATE_PER_MINUTE: wholeNumber("INGEST_RATE_PER_MINUTE", 1200),
  INGEST_RATE_BURST: wholeNumber("INGEST_RATE_BURST", 100),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .optional()
    .refine((t) => t === undefined || t.startsWith("xoxb-"), { error: "SLACK_BOT_TOKEN must be a bot token (xoxb-...)" }),
  SLACK_APP_TOKEN: z
    .string()
    .optional()
    .refine((t) => t === undefined || t.startsWith("xapp-"), {
      error: "SLACK_APP_TOKEN must be an app-level token (xapp-...) for Socket Mode",
    }),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(1).optional(),
  ENCRYPTION_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const key = parseKey(value.trim());
      if (key === null) {
        ctx.addIssue({ code: "custom", message: `ENCRYPTION_KEY must be 32 bytes, base64 or 64 hex chars (${GENERATE_KEY})` });
        return z.NEVER;
      }
      return key;
    }),
  SLACK_API_URL: z.url({ error: "SLACK_API_URL must be a URL such as https://slack.com/api/" }).optional(),
  CHARTS: z.enum(CHART_MODES, { error: "CHARTS must be native, quickchart, upload or none" }).default("native"),
  // How the Assignments log is drawn: Slack's data_table, or a table block for clients without it.
  TABLES: z.enum(LOG_TABLES, { error: "TABLES must be native or table" }).default("native"),
  // Where docs/ is published (e.g. the repository's docs folder): reports link to its definitions.md.
  DOCS_URL: z.url({ error: "DOCS_URL must be a URL such as https://github.com/acme/inbox-pulse/blob/main/docs/" }).optional(),
  QUICKCHART_HOST: z.url({ error: "QUICKCHART_HOST must be a URL such as https://quickchart.io" }).default("https://quickchart.io"),
  DIGEST_GRACE_HOURS: wholeNumber("DIGEST_GRACE_HOURS", 24),
  // When the retention job runs (cron syntax, UTC); "off" leaves it to `inbox-pulse retention run`.
  RETENTION_CRON: z
    .string()
    .default("17 3 * * *")
    .refine((value) => value === "off" || cron.validate(value), {
      error: 'RETENTION_CRON must be a cron expression such as "17 3 * * *" (UTC), or off',
    }),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { error: "LOG_LEVEL must be debug, info, warn or error" }).default("info"),
});

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "");
    throw new ConfigError(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const config = result.data;
  if (installMode(config) === "oauth") {
    checkOAuth(config);
    return config;
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN)
    throw new ConfigError("SLACK_APP_TOKEN is set: Socket Mode also needs SLACK_BOT_TOKEN (xoxb-...)");
  if (Boolean(config.SLACK_SIGNING_SECRET) !== Boolean(config.SLACK_BOT_TOKEN) && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      config.SLACK_BOT_TOKEN
        ? "SLACK_BOT_TOKEN is set: HTTP mode also needs SLACK_SIGNING_SECRET (Slack app settings > Basic Information)"
        : "SLACK_SIGNING_SECRET is set: also set SLACK_BOT_TOKEN (xoxb-..., Slack app settings > OAuth & Permissions)",
    );
  }
  return config;
}

const OAUTH_SETTINGS = {
  SLACK_CLIENT_ID: "Slack app settings > Basic Information > App Credentials",
  SLACK_CLIENT_SECRET: "Slack app settings > Basic Information > App Credentials",
  SLACK_STATE_SECRET: "any long random string, it signs the install links: openssl rand -hex 32",
} as const;

function checkOAuth(config: Config): void {
  const missing = (Object.keys(OAUTH_SETTINGS) as (keyof typeof OAUTH_SETTINGS)[]).find((name) => !config[name]);
  if (missing)
    throw new ConfigError(
      `Installs into many workspaces (OAuth) need SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: ${missing} is missing (${OAUTH_SETTINGS[missing]})`,
    );
  if (config.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET " +
        "and SLACK_STATE_SECRET to install into many (each workspace's token then comes from its install)",
    );
  }
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      "SLACK_CLIENT_ID is set: OAuth installs also need SLACK_SIGNING_SECRET (Slack app settings > Basic Information), or SLACK_APP_TOKEN for Socket Mode",
    );
  }
  if (!config.ENCRYPTION_KEY) {
    throw new ConfigError(
      `SLACK_CLIENT_ID is set: also set ENCRYPTION_KEY, which encrypts the installations' tokens: 32 bytes, base64 or 64 hex chars (${GENERATE_KEY})`,
    );
  }
}

/** Where bot tokens come from: the one SLACK_BOT_TOKEN, or each workspace's OAuth install. */
export function installMode(config: Config): "oauth" | "single" {
  return config.SLACK_CLIENT_ID || config.SLACK_CLIENT_SECRET || config.SLACK_STATE_SECRET ? "oauth" : "single";
}

/** How Slack is reached, or null when no credentials are set (the ingest API still runs). */
export function slackMode(config: Config): "http" | "socket" | null {
  if (config.SLACK_APP_TOKEN) return "socket";
  if (config.SLACK_SIGNING_SECRET && (config.SLACK_BOT_TOKEN || installMode(config) === "oauth")) return "http";
  return null;
}
