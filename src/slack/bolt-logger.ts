// Bolt's logger (and its Web API client's and OAuth installer's) as lines of ours: JSON, at
// LOG_LEVEL, redacted like every line (src/log.ts). Bolt's debug lines are dropped whatever
// LOG_LEVEL says: they hold whole request bodies (message text, response_url, tokens).
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger, LogLevel as OurLevel } from "../log.ts";

// Bolt's LogLevel values are our level names ("debug", "info", "warn", "error").
const RANK: Record<OurLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Bolt passes any values: strings as they are, errors by message, the rest as JSON. */
function lineOf(parts: unknown[]): string {
  return parts.map((part) => (typeof part === "string" ? part : part instanceof Error ? part.message : JSON.stringify(part))).join(" ");
}

export function boltLogger(log: Logger, level: OurLevel): BoltLogger {
  const floor = Math.max(RANK[level], RANK.info);
  // What Bolt asks for with setLevel (its logLevel option, INFO by default), never below the floor.
  let asked = LogLevel.INFO;
  let name = "bolt";
  const emit =
    (at: OurLevel) =>
    (...parts: unknown[]) => {
      if (RANK[at] < Math.max(floor, RANK[asked as OurLevel])) return;
      log[at](lineOf(parts), { component: name });
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    setLevel: (next) => void (asked = next),
    getLevel: () => asked,
    setName: (next) => void (name = next),
  };
}
