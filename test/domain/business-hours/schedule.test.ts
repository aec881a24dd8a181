import { describe, expect, it } from "vitest";
import { defaultSchedule, validateSchedule } from "../../../src/domain/business-hours/schedule.ts";

const PARIS = "Europe/Paris";

describe("validateSchedule", () => {
  const valid = { timeZone: PARIS, intervals: [{ day: 1, start: "09:00", end: "17:00" }], holidays: [] };
  const errorsOf = (input: unknown) => {
    const result = validateSchedule(input);
    return result.ok ? [] : result.errors;
  };

  it("accepts a schedule; sorts holidays, drops duplicates, defaults them to none", () => {
    expect(validateSchedule(defaultSchedule(PARIS))).toEqual({ ok: true, schedule: defaultSchedule(PARIS) });
    const result = validateSchedule({ ...valid, holidays: ["2026-12-25", "2026-01-01", "2026-12-25"] });
    expect(result.ok && result.schedule.holidays).toEqual(["2026-01-01", "2026-12-25"]);
    const { holidays: _, ...withoutHolidays } = valid;
    expect(validateSchedule(withoutHolidays)).toEqual({ ok: true, schedule: valid });
    // Touching intervals do not overlap; an overnight interval may end where the next day opens.
    const touching = [
      { day: 1, start: "09:00", end: "12:00" },
      { day: 1, start: "12:00", end: "13:00" },
      { day: 7, start: "22:00", end: "06:00" },
      { day: 1, start: "06:00", end: "09:00" },
    ];
    expect(validateSchedule({ ...valid, intervals: touching }).ok).toBe(true);
  });

  it("names both intervals when they overlap, including a night running into the next day", () => {
    const sameDay = [
      { day: 2, start: "09:00", end: "11:00" },
      { day: 2, start: "10:00", end: "12:00" },
    ];
    expect(errorsOf({ ...valid, intervals: sameDay })).toEqual([
      { path: "intervals[1]", message: "Tue 10:00-12:00 overlaps Tue 09:00-11:00 (intervals[0])" },
    ]);
    const night = [
      { day: 5, start: "22:00", end: "06:00" },
      { day: 6, start: "05:00", end: "10:00" },
    ];
    expect(errorsOf({ ...valid, intervals: night })).toEqual([
      { path: "intervals[1]", message: "Sat 05:00-10:00 overlaps Fri 22:00-06:00 (intervals[0])" },
    ]);
    const sundayNight = [
      { day: 1, start: "00:00", end: "08:00" },
      { day: 7, start: "23:00", end: "01:00" },
    ];
    expect(errorsOf({ ...valid, intervals: sundayNight })).toEqual([
      { path: "intervals[1]", message: "Sun 23:00-01:00 overlaps Mon 00:00-08:00 (intervals[0])" },
    ]);
  });

  it("names the field and what was expected", () => {
    const interval = (patch: object) => ({ ...valid, intervals: [{ day: 1, start: "09:00", end: "17:00", ...patch }] });
    expect(errorsOf(interval({ end: "25:00" }))).toEqual([
      { path: "intervals[0].end", message: '"25:00" is not a time: expected HH:MM from 00:00 to 24:00' },
    ]);
    expect(errorsOf(interval({ start: "24:00" }))).toEqual([
      { path: "intervals[0].start", message: '"24:00" is not a time: expected HH:MM from 00:00 to 23:59' },
    ]);
    expect(errorsOf(interval({ start: "9:00" }))[0]?.path).toBe("intervals[0].start");
    expect(errorsOf(interval({ start: "09:60" }))[0]?.path).toBe("intervals[0].start");
    for (const day of [0, 8, 1.5, "mon"]) {
      expect(errorsOf(interval({ day }))).toEqual([
        { path: "intervals[0].day", message: "expected a day number from 1 (Monday) to 7 (Sunday)" },
      ]);
    }
    expect(errorsOf(interval({ end: "09:00" }))).toEqual([
      { path: "intervals[0].end", message: "an interval cannot start and end at the same time (use 00:00-24:00 for a whole day)" },
    ]);
    expect(errorsOf({ ...valid, intervals: [] })).toEqual([{ path: "intervals", message: "at least one opening interval is needed" }]);
    expect(errorsOf({ ...valid, timeZone: "Europe/Pariss" })).toEqual([
      { path: "timeZone", message: 'unknown time zone "Europe/Pariss": expected a name such as Europe/Paris' },
    ]);
    expect(errorsOf({ ...valid, holidays: ["2026-12-25", "2026-02-30"] })).toEqual([
      { path: "holidays[1]", message: '"2026-02-30" is not a date: expected YYYY-MM-DD' },
    ]);
    expect(errorsOf({ ...valid, holidays: ["25/12/2026"] })[0]?.path).toBe("holidays[0]");
    expect(errorsOf({ ...valid, extra: 1 })).toEqual([{ path: "(schedule)", message: "unknown field(s): extra" }]);
    expect(errorsOf("mon-fri")).toEqual([{ path: "(schedule)", message: "expected a schedule object" }]);
    // Several problems are reported together.
    expect(errorsOf({ timeZone: 3, intervals: [{ day: 9, start: "x", end: "17:00" }] }).map((e) => e.path)).toEqual([
      "timeZone",
      "intervals[0].day",
      "intervals[0].start",
    ]);
  });
});
