import { describe, expect, it } from "vitest";
import { readConfig, slackMode } from "../src/config.ts";

describe("settings", () => {
  it("has defaults that run the embedded database without Slack", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ PORT: 3000, CHARTS: "native", DIGEST_GRACE_HOURS: 24, QUICKCHART_HOST: "https://quickchart.io" });
    expect(slackMode(config)).toBeNull();
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
  ])("stops with one line naming the variable: %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it("picks HTTP mode or Socket Mode from the tokens", () => {
    expect(slackMode(readConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }))).toBe("http");
    expect(slackMode(readConfig({ SLACK_APP_TOKEN: "xapp-1", SLACK_BOT_TOKEN: "xoxb-1" }))).toBe("socket");
  });
});
