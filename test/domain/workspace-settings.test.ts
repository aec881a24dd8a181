// The rules the settings form and `inbox-pulse workspace set` share: retention days, chart
// modes, and the Slack ids both take.
import { describe, expect, it } from "vitest";
import { parseChartChoice } from "../../src/domain/chart-modes.ts";
import { channelIdOf, isUserId, isUsergroupId } from "../../src/domain/slack-ids.ts";
import { MAX_RETENTION_DAYS, parseRetentionDays } from "../../src/domain/workspace-settings.ts";

describe("parseRetentionDays", () => {
  it("takes a whole number of days from 1 to the maximum, nothing else", () => {
    expect(parseRetentionDays("1")).toBe(1);
    expect(parseRetentionDays("090")).toBe(90);
    expect(parseRetentionDays(String(MAX_RETENTION_DAYS))).toBe(3650);
    for (const bad of ["0", "3651", "1.5", "-1", "1e2", " 9", "", "none", "٣"]) expect(parseRetentionDays(bad), bad).toBeNull();
  });
});

describe("parseChartChoice", () => {
  it("a mode, null for the server's default, undefined for anything else", () => {
    expect(parseChartChoice("quickchart")).toBe("quickchart");
    expect(parseChartChoice("default")).toBeNull();
    for (const bad of ["", "Native", "pie", "constructor"]) expect(parseChartChoice(bad), bad).toBeUndefined();
  });
});

describe("Slack ids", () => {
  it("channels as a mention or a bare id, public or private", () => {
    expect(channelIdOf("<#C0123ABC|support>")).toBe("C0123ABC");
    expect(channelIdOf("<#G0123ABC>")).toBe("G0123ABC");
    expect(channelIdOf("C0123ABC")).toBe("C0123ABC");
    for (const bad of ["#support", "c0123abc", "U0123ABC", "C0", "<#C0123ABC", ""]) expect(channelIdOf(bad), bad).toBeNull();
  });

  it("users and user groups", () => {
    expect(isUserId("U0123ABC") && isUserId("W0123ABC")).toBe(true);
    expect(isUserId("cli") || isUserId("S0123ABC")).toBe(false);
    expect(isUsergroupId("S0123ABC")).toBe(true);
    expect(isUsergroupId("U0123ABC")).toBe(false);
  });
});
