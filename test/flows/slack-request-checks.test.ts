// Refusals counted into one line per reason and minute (src/slack/refusal-log.ts), on a clock
// the test moves; and Bolt's logger written as ours (src/slack/bolt-logger.ts).
import { LogLevel } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { boltLogger } from "../../src/slack/bolt-logger.ts";
import { RefusalLog } from "../../src/slack/refusal-log.ts";
import { checkSignature } from "../../src/slack/request-guard.ts";
import { signRequest } from "../support/slack-requests.ts";

function captured(level: Parameters<typeof createLogger>[0] = "info") {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger(level, (line) => void lines.push(JSON.parse(line))) };
}

describe("RefusalLog", () => {
  it("counts a minute's refusals per reason into one line, written once the minute is over", () => {
    const { lines, log } = captured();
    let now = Date.parse("2026-12-01T10:00:00Z");
    const refusals = new RefusalLog(log, () => now);
    for (let i = 0; i < 57; i++) refusals.refused("bad_signature");
    now += 30_000;
    refusals.refused("replay");
    now += 29_999;
    refusals.refused("bad_signature");
    refusals.flush();
    expect(lines).toEqual([]);
    now += 1;
    refusals.flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "slack request refused",
        reason: "bad_signature",
        count: 58,
        since: "2026-12-01T10:00:00.000Z",
      }),
    ]);
    // The next minute of a reason starts with its next refusal.
    refusals.refused("bad_signature");
    now += 30_000;
    refusals.flush();
    expect(lines.slice(1)).toEqual([expect.objectContaining({ reason: "replay", count: 1 })]);
    now += 30_000;
    refusals.flush();
    expect(lines.slice(2)).toEqual([expect.objectContaining({ reason: "bad_signature", count: 1 })]);
  });
});

describe("boltLogger", () => {
  it("writes Bolt's lines as JSON lines of ours at LOG_LEVEL, errors by their message", () => {
    const { lines, log } = captured("debug");
    const bolt = boltLogger(log, "warn");
    bolt.setLevel(LogLevel.INFO);
    bolt.info("Unhandled HTTP request (GET) made to /x");
    bolt.warn("careful", 3);
    bolt.error(new Error("An API error occurred: invalid_auth for xoxb-1-2-abc"));
    bolt.setName("bolt-app");
    bolt.error("again");
    expect(lines.map(({ level, msg, component }) => ({ level, msg, component }))).toEqual([
      { level: "warn", msg: "careful 3", component: "bolt" },
      { level: "error", msg: "An API error occurred: invalid_auth for [redacted]", component: "bolt" },
      { level: "error", msg: "again", component: "bolt-app" },
    ]);
  });

  it("drops Bolt's debug lines, which dump request bodies, even at LOG_LEVEL=debug", () => {
    const { lines, log } = captured("debug");
    const bolt = boltLogger(log, "debug");
    bolt.setLevel(LogLevel.DEBUG);
    bolt.debug('{"token":"verification-token","response_url":"https://hooks.slack.com/..."}');
    bolt.info("rate limited; retrying");
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines.map((l) => l.msg)).toEqual(["rate limited; retrying"]);
  });
});

describe("checkSignature", () => {
  const SECRET = "unit-secret";
  const body = Buffer.from("token=x&command=%2Fpulse");
  const now = Date.parse("2026-12-01T10:00:00Z");
  const at = (offset: number) => {
    const signed = signRequest(SECRET, body.toString(), now / 1000 + offset);
    return checkSignature(SECRET, body, signed["X-Slack-Signature"], signed["X-Slack-Request-Timestamp"], now);
  };

  it("takes 5 minutes either way, and no more", () => {
    expect([at(-300), at(300)].map((r) => r.ok)).toEqual([true, true]);
    expect([at(-301), at(301), at(86_400)]).toEqual([
      { ok: false, reason: "stale_timestamp" },
      { ok: false, reason: "future_timestamp" },
      { ok: false, reason: "future_timestamp" },
    ]);
  });

  it("tells an unsigned request from a badly signed one", () => {
    expect(checkSignature(SECRET, body, undefined, "1", now)).toEqual({ ok: false, reason: "unsigned" });
    expect(checkSignature(SECRET, body, "v0=00", "1.5", now)).toEqual({ ok: false, reason: "unsigned" });
    const signed = signRequest("other-secret", body.toString(), now / 1000);
    expect(checkSignature(SECRET, body, signed["X-Slack-Signature"], signed["X-Slack-Request-Timestamp"], now)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    const mine = signRequest(SECRET, body.toString(), now / 1000);
    expect(
      checkSignature(SECRET, Buffer.from("token=x&command=%2Fother"), mine["X-Slack-Signature"], mine["X-Slack-Request-Timestamp"], now),
    ).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });
});
