// Settings, read once from the environment (README, "Settings"). A bad value stops
// start-up with one line naming the variable and what it expects.
import { z } from "zod";
import { parseDatabaseUrl } from "./store/database-url.ts";

const positiveInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a positive whole number, got "${value}"` });
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
  PORT: positiveInt("PORT", 3000),
  INGEST_RATE_PER_MINUTE: positiveInt("INGEST_RATE_PER_MINUTE", 1200),
  INGEST_RATE_BURST: positiveInt("INGEST_RATE_BURST", 100),
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
  return result.data;
}
