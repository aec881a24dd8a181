import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { resolvePeriod, type PeriodSpec } from "../../src/domain/periods.ts";
import { previousPeriod } from "../../src/domain/previous-period.ts";

const ZONE = "Europe/Paris";
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm");
const previousOf = (spec: PeriodSpec, now: string) => previousPeriod(resolvePeriod(spec, ZONE, at(now)));

describe("previousPeriod: the period just before, of equal length", () => {
  it("compares the last 30 days with the 30 days before, up to the same time of day", () => {
    const p = previousOf({ preset: "last-30-days" }, "2026-11-23T16:00");
    expect([iso(p.start), iso(p.end)]).toEqual(["2026-09-25 00:00", "2026-10-24 16:00"]);
    expect(p.words).toBe("the previous 30 days");
    expect(p.days).toEqual({ first: "2026-09-25", last: "2026-10-24" });
  });

  it("compares today so far with yesterday up to the same time, and yesterday with the day before", () => {
    const today = previousOf({ preset: "today" }, "2026-11-23T16:00");
    expect([iso(today.start), iso(today.end), today.words]).toEqual(["2026-11-22 00:00", "2026-11-22 16:00", "the same time yesterday"]);
    const yesterday = previousOf({ preset: "yesterday" }, "2026-11-23T16:00");
    expect([iso(yesterday.start), iso(yesterday.end), yesterday.words]).toEqual(["2026-11-21 00:00", "2026-11-22 00:00", "the day before"]);
  });

  it("compares calendar months with calendar months, whatever their lengths", () => {
    const last = previousOf({ preset: "last-month" }, "2026-12-07T10:00");
    expect([iso(last.start), iso(last.end), last.words]).toEqual(["2026-10-01 00:00", "2026-11-01 00:00", "October 2026"]);
    const march = previousOf({ from: "2026-03-01", to: "2026-03-31" }, "2026-12-07T10:00");
    expect([iso(march.start), iso(march.end)]).toEqual(["2026-02-01 00:00", "2026-03-01 00:00"]);
    const thisMonth = previousOf({ preset: "this-month" }, "2026-03-31T10:00");
    // February has no 31st: the same days of February, as far as it goes.
    expect([iso(thisMonth.start), iso(thisMonth.end), thisMonth.words]).toEqual([
      "2026-02-01 00:00",
      "2026-02-28 10:00",
      "the same days of February",
    ]);
  });

  it("counts a week that lost an hour to DST as a week: the whole week before", () => {
    // Paris springs forward on Sun 29 Mar 2026: 23-29 Mar holds 167 hours.
    const p = previousOf({ from: "2026-03-23", to: "2026-03-29" }, "2026-12-07T10:00");
    expect([iso(p.start), iso(p.end), p.words]).toEqual(["2026-03-16 00:00", "2026-03-23 00:00", "the previous 7 days"]);
    expect((p.end - p.start) / 3_600_000).toBe(168);
  });
});
