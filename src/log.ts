// Structured logs: one JSON object per line on stderr. Callers pass ids and counts,
// never tokens, secrets or message text; redaction below is the safety net for the day
// one slips through (an error message quoting a header, a field named after a secret).
import { TOKEN_PREFIX } from "./store/workspace/tokens.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = "[redacted]";

// Field names are split into words (camelCase, snake_case, kebab-case): `botToken`,
// `client_secret` and `Authorization` name secrets; `tokenId` and `periodKey` do not.
const SECRET_WORDS = new Set([
  "token",
  "tokens",
  "secret",
  "secrets",
  "password",
  "passwd",
  "passphrase",
  "authorization",
  "cookie",
  "cookies",
  "credential",
  "credentials",
  "signature",
]);
// `key` and `code` alone name secrets (an encryption key, an OAuth code); after these words too.
const KEY_QUALIFIERS = new Set(["api", "signing", "private", "secret", "encryption", "access", "session", "client", "app", "webhook"]);
const CODE_QUALIFIERS = new Set(["oauth", "auth", "authorization"]);

function namesSecret(field: string): boolean {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  const qualifier = words.at(-2);
  if (last === "key" || last === "keys") return qualifier === undefined || KEY_QUALIFIERS.has(qualifier);
  if (last === "code") return qualifier === undefined || CODE_QUALIFIERS.has(qualifier);
  return false;
}

// Slack tokens (bot, user, app-level, configuration, rotating refresh), our ingest tokens
// and bearer credentials, wherever they appear in a string.
const SECRET_TEXT = new RegExp(
  [
    String.raw`\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+`,
    String.raw`\bxapp-[A-Za-z0-9-]+`,
    String.raw`\b${TOKEN_PREFIX}[A-Za-z0-9_-]+`,
    String.raw`\bBearer\s+[^\s"',]+`,
  ].join("|"),
  "gi",
);

const MAX_DEPTH = 6;

// A number, a boolean or null under a secret's name is a count, a flag or an absence
// (`{"ingest_tokens": 3}` rows erased, `hasToken: true`), never the secret: our secrets
// are strings. Anything else under such a name (a string, an object, a list) is redacted.
const maySecret = (item: unknown): boolean => item !== null && typeof item !== "number" && typeof item !== "boolean";

/** A copy of `value` safe to log: the secret-named fields that may hold one, and token-like text, replaced. */
function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(SECRET_TEXT, REDACTED);
  if (value instanceof Error) return redact(value.message, depth);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const copy: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value))
    copy[field] = namesSecret(field) && maySecret(item) ? REDACTED : redact(item, depth + 1);
  return copy;
}

export function createLogger(level: LogLevel = "info", write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit =
    (at: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (RANK[at] < RANK[level]) return;
      const safe = redact(fields) as Record<string, unknown>;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg: redact(msg), ...safe })}\n`);
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = createLogger("error", () => undefined);

/**
 * The id of an error its user cannot fix (Slack, the HTTP API): shown to them and logged
 * with the error, so that an admin finds one from the other. e.g. "EMIB3K2QZ7F4A".
 */
export function errorId(): string {
  return `E${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}
