import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/domain/durations.ts";

const MIN = 60_000;
const H = 3_600_000;

describe("formatDuration", () => {
  it.each([
    [0, "0 min"],
    [400, "< 1 s"], // rounds to 0 s but is not nothing
    [45_000, "45 s"],
    [59_400, "59 s"],
    [59_600, "1 min"], // 59.6 s rounds to 60 s
    [90_000, "2 min"], // 1.5 min rounds up
    [12 * MIN, "12 min"],
    [60 * MIN, "1 h"],
    [72 * MIN + 20_000, "1 h 12 min"],
    [24 * H - 20_000, "1 d"], // 23 h 59 min 40 s rounds to 24 h
    [28 * H, "1 d 4 h"],
    [51 * H + 20 * MIN, "2 d 3 h"], // minutes dropped from 1 day on
    [51 * H + 40 * MIN, "2 d 4 h"],
    [48 * H, "2 d"],
    [-90 * MIN, "-1 h 30 min"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [28 * H + 10 * MIN, "28 h 10 min"],
    [24 * H - 20_000, "24 h"],
    [1234 * H, "1,234 h"],
    [45 * MIN, "45 min"],
  ])("business time: %d ms is %s, never days of 24 open hours", (ms, text) => {
    expect(formatDuration(ms, true)).toBe(text);
  });

  it("refuses what is not a duration", () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});
