// Settings, read once from the environment (README, "Settings"). A bad value stops
// start-up with one line naming the variable and what it expects.
import { z } from "zod";
import { parseDatabaseUrl } from "./store/database-url.ts";

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
    .refine((t) => t === undefined || t.startsWith("xapp-"), { error: "SLACK_APP_TOKEN must be an app-level token (xapp-...) for Socket Mode" }),
  SLACK_API_URL: z.url({ error: "SLACK_API_URL must be a URL such as https://slack.com/api/" }).optional(),
  CHARTS: z
    .enum(["native", "quickchart", "upload", "none"], { error: "CHARTS must be native, quickchart, upload or none" })
    .default("native"),
  QUICKCHART_HOST: z.url({ error: "QUICKCHART_HOST must be a URL such as https://quickchart.io" }).default("https://quickchart.io"),
  DIGEST_GRACE_HOURS: wholeNumber("DIGEST_GRACE_HOURS", 24),
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
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN) throw new ConfigError("SLACK_APP_TOKEN is set: Socket Mode also needs SLACK_BOT_TOKEN (xoxb-...)");
  if (Boolean(config.SLACK_SIGNING_SECRET) !== Boolean(config.SLACK_BOT_TOKEN) && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      config.SLACK_BOT_TOKEN
        ? "SLACK_BOT_TOKEN is set: HTTP mode also needs SLACK_SIGNING_SECRET (Slack app settings > Basic Information)"
        : "SLACK_SIGNING_SECRET is set: also set SLACK_BOT_TOKEN (xoxb-..., Slack app settings > OAuth & Permissions)",
    );
  }
  return config;
}

/** How Slack is reached, or null when no credentials are set (the ingest API still runs). */
export function slackMode(config: Config): "http" | "socket" | null {
  if (config.SLACK_APP_TOKEN) return "socket";
  if (config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET) return "http";
  return null;
}
