import { describe, expect, it } from "vitest";
import { installMode, readConfig, slackMode } from "../src/config.ts";

describe("settings", () => {
  it("has defaults that run the embedded database without Slack", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ PORT: 3000, CHARTS: "native", DIGEST_GRACE_HOURS: 24, QUICKCHART_HOST: "https://quickchart.io" });
    expect(slackMode(config)).toBeNull();
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config).toMatchObject({ MIGRATE_ON_START: true, SHUTDOWN_DELAY_SECONDS: 2 });
    expect(readConfig({ METRICS_PORT: "9464", MIGRATE_ON_START: "false" })).toMatchObject({ METRICS_PORT: 9464, MIGRATE_ON_START: false });
  });

  it.each([
    [{ PORT: "http" }, "PORT must be a whole number"],
    [{ CHARTS: "svg" }, "CHARTS must be native, quickchart, upload or none"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: expected unset"],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "also needs SLACK_SIGNING_SECRET"],
    [{ SLACK_SIGNING_SECRET: "s" }, "also set SLACK_BOT_TOKEN"],
    [{ SLACK_BOT_TOKEN: "xoxp-user" }, "SLACK_BOT_TOKEN must be a bot token"],
    [{ SLACK_APP_TOKEN: "xapp-1" }, "Socket Mode also needs SLACK_BOT_TOKEN"],
    [{ DIGEST_GRACE_HOURS: "0" }, "DIGEST_GRACE_HOURS must be a whole number from 1"],
    [{ METRICS_PORT: "metrics" }, 'METRICS_PORT must be a whole number from 0, got "metrics"'],
    [{ MIGRATE_ON_START: "no" }, 'MIGRATE_ON_START must be true or false, got "no"'],
    [{ SHUTDOWN_DELAY_SECONDS: "25" }, "SHUTDOWN_DELAY_SECONDS must be at most 20"],
  ])("stops with one line naming the variable: %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  const OAUTH = { SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "cs", SLACK_STATE_SECRET: "st" };
  const KEY_BASE64 = Buffer.alloc(32, 1).toString("base64");

  it.each([
    [{ SLACK_CLIENT_ID: "1.2" }, "SLACK_CLIENT_SECRET is missing"],
    [{ ...OAUTH, SLACK_STATE_SECRET: undefined }, "SLACK_STATE_SECRET is missing (any long random string"],
    [{ ...OAUTH, ENCRYPTION_KEY: KEY_BASE64, SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set"],
    [{ ...OAUTH, ENCRYPTION_KEY: KEY_BASE64, SLACK_SIGNING_SECRET: undefined }, "OAuth installs also need SLACK_SIGNING_SECRET"],
    [
      OAUTH,
      "also set ENCRYPTION_KEY, which encrypts the installations' tokens: 32 bytes, base64 or 64 hex chars (generate one with: openssl rand -base64 32)",
    ],
    [
      { ENCRYPTION_KEY: "too-short" },
      "ENCRYPTION_KEY must be 32 bytes, base64 or 64 hex chars (generate one with: openssl rand -base64 32)",
    ],
    [{ ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }, "ENCRYPTION_KEY must be 32 bytes"],
    [{ ENCRYPTION_KEY: "ab".repeat(31) }, "ENCRYPTION_KEY must be 32 bytes"],
  ])("OAuth settings come together and name what is missing: %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it("reads ENCRYPTION_KEY as base64 or hex, and installs by OAuth over HTTP or Socket Mode", () => {
    const hex = "0f".repeat(32);
    expect(readConfig({ ENCRYPTION_KEY: hex }).ENCRYPTION_KEY).toEqual(Buffer.from(hex, "hex"));
    const config = readConfig({ ...OAUTH, ENCRYPTION_KEY: KEY_BASE64 });
    expect(config.ENCRYPTION_KEY).toEqual(Buffer.alloc(32, 1));
    expect([installMode(config), slackMode(config)]).toEqual(["oauth", "http"]);
    const socket = readConfig({ ...OAUTH, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: "xapp-1", ENCRYPTION_KEY: KEY_BASE64 });
    expect([installMode(socket), slackMode(socket)]).toEqual(["oauth", "socket"]);
    expect(installMode(readConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }))).toBe("single");
  });

  it("picks HTTP mode or Socket Mode from the tokens", () => {
    expect(slackMode(readConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }))).toBe("http");
    expect(slackMode(readConfig({ SLACK_APP_TOKEN: "xapp-1", SLACK_BOT_TOKEN: "xoxb-1" }))).toBe("socket");
  });
});
