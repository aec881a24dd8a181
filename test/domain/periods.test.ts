import { describe, expect, it } from "vitest";
import { PeriodError, resolvePeriod } from "../../src/domain/periods.ts";

const hours = (p: { start: number; end: number }) => (p.end - p.start) / 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("periods", () => {
  it("resolves presets as local days in the workspace's zone", () => {
    const now = Date.parse("2026-11-23T10:00:00Z"); // Monday 11:00 in Paris
    const today = resolvePeriod({ preset: "today" }, "Europe/Paris", now);
    // Today up to now: an event dated later today is not counted before its time.
    expect([iso(today.start), iso(today.end)]).toEqual(["2026-11-22T23:00:00.000Z", "2026-11-23T10:00:00.000Z"]);
    expect(today.label).toBe("Today (Mon 23 Nov 2026)");
    expect(today.lastDay).toBe("2026-11-23");
    const week = resolvePeriod({ preset: "last-7-days" }, "Europe/Paris", now);
    expect(iso(week.start)).toBe("2026-11-16T23:00:00.000Z");
    expect(week.label).toBe("Last 7 days (17-23 Nov 2026)");
    // 13 whole days and today up to 11:00.
    expect(hours(resolvePeriod({ preset: "last-14-days" }, "Europe/Paris", now))).toBe(13 * 24 + 11);
    expect(resolvePeriod({ preset: "yesterday" }, "Europe/Paris", now).label).toBe("Yesterday (Sun 22 Nov 2026)");
  });

  it("just after local midnight, 'today' is already the new local day", () => {
    const now = Date.parse("2026-11-22T23:30:00Z"); // 00:30 on the 23rd in Paris, still the 22nd in UTC
    expect(resolvePeriod({ preset: "today" }, "Europe/Paris", now).label).toBe("Today (Mon 23 Nov 2026)");
    expect(resolvePeriod({ preset: "today" }, "UTC", now).label).toBe("Today (Sun 22 Nov 2026)");
  });

  it("counts the DST days with their real length (Europe/Paris, America/New_York)", () => {
    const springParis = resolvePeriod({ from: "2026-03-29", to: "2026-03-29" }, "Europe/Paris");
    expect(hours(springParis)).toBe(23);
    expect(iso(springParis.start)).toBe("2026-03-28T23:00:00.000Z");
    expect(hours(resolvePeriod({ from: "2026-10-25", to: "2026-10-25" }, "Europe/Paris"))).toBe(25);
    expect(hours(resolvePeriod({ from: "2026-03-08", to: "2026-03-08" }, "America/New_York"))).toBe(23);
    expect(hours(resolvePeriod({ from: "2026-11-01", to: "2026-11-01" }, "America/New_York"))).toBe(25);
    // The week across the spring change: 7 local days, one hour short.
    const week = resolvePeriod({ from: "2026-03-25", to: "2026-03-31" }, "Europe/Paris", Date.parse("2026-04-01T12:00:00Z"));
    expect(hours(week)).toBe(7 * 24 - 1);
    const lastSeven = resolvePeriod({ preset: "last-7-days" }, "Europe/Paris", Date.parse("2026-03-31T12:00:00Z"));
    expect([iso(lastSeven.start), lastSeven.lastDay]).toEqual(["2026-03-24T23:00:00.000Z", "2026-03-31"]);
  });

  it("handles month ends: this month, last month, February, a range across a month end", () => {
    const now = Date.parse("2026-03-31T22:30:00Z"); // already 1 April in Paris
    const thisMonth = resolvePeriod({ preset: "this-month" }, "Europe/Paris", now);
    expect(thisMonth.label).toBe("This month (1-30 Apr 2026)");
    const lastMonth = resolvePeriod({ preset: "last-month" }, "Europe/Paris", now);
    expect(lastMonth.label).toBe("Last month (1-31 Mar 2026)");
    expect(hours(lastMonth)).toBe(31 * 24 - 1);
    const feb = resolvePeriod({ preset: "last-month" }, "America/New_York", Date.parse("2028-03-10T12:00:00Z"));
    expect(feb.label).toBe("Last month (1-29 Feb 2028)");
    const range = resolvePeriod({ from: "2026-01-30", to: "2026-02-02" }, "America/New_York");
    expect(range.label).toBe("30 Jan - 2 Feb 2026");
    expect(hours(range)).toBe(96);
  });

  it("never reaches past now: this month and a range that runs on end now, keeping their days in the label", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    const month = resolvePeriod({ preset: "this-month" }, "Europe/Paris", now);
    expect([iso(month.start), iso(month.end), month.lastDay]).toEqual(["2026-10-31T23:00:00.000Z", iso(now), "2026-11-30"]);
    expect(month.label).toBe("This month (1-30 Nov 2026)");
    expect(iso(resolvePeriod({ from: "2026-11-20", to: "2026-12-05" }, "UTC", now).end)).toBe(iso(now));
    const ahead = resolvePeriod({ from: "2026-12-01", to: "2026-12-05" }, "UTC", now);
    expect([iso(ahead.start), iso(ahead.end)]).toEqual(["2026-12-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"]);
    expect(ahead.label).toBe("1-5 Dec 2026");
    const lastMonth = resolvePeriod({ preset: "last-month" }, "Europe/Paris", now);
    expect(iso(lastMonth.end)).toBe("2026-10-31T23:00:00.000Z");
  });

  it("rejects bad ranges and zones", () => {
    expect(() => resolvePeriod({ from: "2026-02-01", to: "2026-01-01" }, "UTC")).toThrow(PeriodError);
    expect(() => resolvePeriod({ from: "2026-02-30", to: "2026-03-01" }, "UTC")).toThrow("not a real date");
    expect(() => resolvePeriod({ from: "2024-01-01", to: "2026-01-01" }, "UTC")).toThrow("at most 366");
    expect(() => resolvePeriod({ preset: "today" }, "Mars/Olympus")).toThrow("unknown time zone");
  });
});
