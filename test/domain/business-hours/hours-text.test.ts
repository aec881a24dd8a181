import { describe, expect, it } from "vitest";
import {
  describeSchedule,
  holidaysText,
  parseHolidays,
  parseWeeklyHours,
  weeklyHoursText,
} from "../../../src/domain/business-hours/hours-text.ts";
import {
  defaultSchedule,
  validateSchedule,
  type BusinessSchedule,
  type OpeningInterval,
} from "../../../src/domain/business-hours/schedule.ts";

const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function schedule(intervals: OpeningInterval[], timeZone = PARIS, holidays: string[] = []): BusinessSchedule {
  return { timeZone, intervals, holidays };
}
const everyDay = (start: string, end: string): OpeningInterval[] => ALL_DAYS.map((day) => ({ day, start, end }));
const paris = defaultSchedule(PARIS); // Mon-Fri 09:00-17:00

describe("parseWeeklyHours", () => {
  const parse = (spec: string) => {
    const result = parseWeeklyHours(spec);
    if (!result.ok) throw new Error(result.error);
    return result.intervals;
  };
  const errorOf = (spec: string) => {
    const result = parseWeeklyHours(spec);
    return result.ok ? "" : result.error;
  };

  it("reads day ranges, lists, several intervals and overnight intervals, sorted by day", () => {
    expect(parse("mon-fri 09:00-17:00; sat 10:00-14:00; fri 22:00-06:00; sun 09:00-12:00,13:00-17:00")).toEqual([
      { day: 1, start: "09:00", end: "17:00" },
      { day: 2, start: "09:00", end: "17:00" },
      { day: 3, start: "09:00", end: "17:00" },
      { day: 4, start: "09:00", end: "17:00" },
      { day: 5, start: "09:00", end: "17:00" },
      { day: 5, start: "22:00", end: "06:00" },
      { day: 6, start: "10:00", end: "14:00" },
      { day: 7, start: "09:00", end: "12:00" },
      { day: 7, start: "13:00", end: "17:00" },
    ]);
    expect(parse("sat,sun 10:00-14:00")).toEqual([
      { day: 6, start: "10:00", end: "14:00" },
      { day: 7, start: "10:00", end: "14:00" },
    ]);
    // A range may wrap past Sunday.
    expect(parse("fri-mon 10:00-11:00").map((i) => i.day)).toEqual([1, 5, 6, 7]);
  });

  it("is forgiving: full and French names, any case, loose times and spaces", () => {
    expect(parse("Monday-WEDNESDAY 9-17\nThurs 9:30-12h")).toEqual([
      { day: 1, start: "09:00", end: "17:00" },
      { day: 2, start: "09:00", end: "17:00" },
      { day: 3, start: "09:00", end: "17:00" },
      { day: 4, start: "09:30", end: "12:00" },
    ]);
    expect(parse("lun - ven 9h-12h, 14h-18h30 ; sam 10h00–13h ;")).toEqual([
      ...([1, 2, 3, 4, 5] as const).flatMap((day) => [
        { day, start: "09:00", end: "12:00" },
        { day, start: "14:00", end: "18:30" },
      ]),
      { day: 6, start: "10:00", end: "13:00" },
    ]);
    expect(parse("mercredi 00:00-24:00; dimanche 22h-2h").map((i) => `${i.day} ${i.start}-${i.end}`)).toEqual([
      "3 00:00-24:00",
      "7 22:00-02:00",
    ]);
  });

  it("names the bad part and what was expected", () => {
    expect(errorOf("")).toBe('no opening hours given: expected days then hours, e.g. "mon-fri 09:00-17:00; sat 10:00-14:00"');
    expect(errorOf(" ; ")).toMatch(/^no opening hours given/);
    expect(errorOf("mon-fry 09:00-17:00")).toMatch(
      /^unknown day "fry" in "mon-fry 09:00-17:00": expected mon, tue, wed, thu, fri, sat, sun/,
    );
    expect(errorOf("mo 09:00-17:00")).toMatch(/^unknown day "mo"/);
    expect(errorOf("mon-tue-wed 09:00-17:00")).toMatch(/^"mon-tue-wed" is not a day or a range of days/);
    expect(errorOf("09:00-17:00")).toBe('"09:00-17:00" has no days: expected days then hours, e.g. "mon-fri 09:00-17:00; sat 10:00-14:00"');
    expect(errorOf("mon-fri")).toBe('"mon-fri" has no hours: expected days then hours, e.g. "mon-fri 09:00-17:00; sat 10:00-14:00"');
    expect(errorOf("mon 25:00-26:00")).toBe('"25:00" in "mon 25:00-26:00" is not an opening time: expected HH:MM from 00:00 to 23:59');
    expect(errorOf("mon 09:00-24:30")).toBe('"24:30" in "mon 09:00-24:30" is not a closing time: expected HH:MM from 00:00 to 24:00');
    expect(errorOf("mon 09:00")).toBe('"09:00" in "mon 09:00" is not an interval: expected HH:MM-HH:MM, e.g. 09:00-17:00');
    expect(errorOf("mon 09:00-17:00 tue 09:00-12:00")).toMatch(/^"09:00-17:00tue09:00-12:00" in .* is not an interval/);
    expect(errorOf("mon 09:00-09:00")).toMatch(/^"09:00-09:00" in "mon 09:00-09:00" is empty/);
  });

  it("rejects overlapping hours, naming both", () => {
    // Tuesday is already 09:00-17:00 from mon-fri.
    expect(errorOf("mon-fri 09:00-17:00; tue 09:00-12:00,13:00-17:00")).toBe("Tue 09:00-12:00 overlaps Tue 09:00-17:00");
    expect(errorOf("fri 22:00-06:00; sat 05:00-12:00")).toBe("Sat 05:00-12:00 overlaps Fri 22:00-06:00");
    expect(errorOf("mon 09:00-17:00; monday 09:00-17:00")).toBe("Mon 09:00-17:00 overlaps Mon 09:00-17:00");
  });

  it("its output is a valid schedule's intervals", () => {
    const intervals = parse("mon-fri 09:00-12:00,13:00-17:00; fri 22:00-06:00; sat 10:00-14:00");
    expect(validateSchedule({ timeZone: PARIS, intervals, holidays: [] }).ok).toBe(true);
  });
});

describe("parseHolidays", () => {
  it("reads dates and ranges, sorted without duplicates; empty clears", () => {
    expect(parseHolidays("2026-12-25,2026-12-26")).toEqual({ ok: true, holidays: ["2026-12-25", "2026-12-26"] });
    expect(parseHolidays(" 2026-12-26 2026-12-25, 2026-12-25 ")).toEqual({ ok: true, holidays: ["2026-12-25", "2026-12-26"] });
    expect(parseHolidays("2026-12-31..2027-01-02")).toEqual({ ok: true, holidays: ["2026-12-31", "2027-01-01", "2027-01-02"] });
    expect(parseHolidays("")).toEqual({ ok: true, holidays: [] });
  });

  it("names the bad part", () => {
    const expected = "expected YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD";
    expect(parseHolidays("2026-12-25,2026-13-01")).toEqual({ ok: false, error: `"2026-13-01" is not a date: ${expected}` });
    expect(parseHolidays("25/12/2026")).toEqual({ ok: false, error: `"25/12/2026" is not a date: ${expected}` });
    expect(parseHolidays("2026-12-25..")).toEqual({ ok: false, error: `"2026-12-25.." is not a date: ${expected}` });
    expect(parseHolidays("2026-12-26..2026-12-24")).toEqual({
      ok: false,
      error: 'the range "2026-12-26..2026-12-24" ends before it starts',
    });
    expect(parseHolidays("2026-01-01..2027-01-02")).toEqual({
      ok: false,
      error: 'the range "2026-01-01..2027-01-02" covers more than 366 days',
    });
    expect(parseHolidays("2026-01-01..2027-01-01").ok).toBe(true); // 366 days
  });
});

describe("weeklyHoursText and holidaysText", () => {
  it("write what the parsers read back (the settings modal prefills them)", () => {
    for (const spec of [
      "mon-thu 13:00-17:00,09:00-12:00; fri 22:00-06:00",
      "mon,wed,fri 09:00-12:00; tue,sat-sun 10:00-14:00",
      "sun 22:00-24:00",
    ]) {
      const parsed = parseWeeklyHours(spec);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parseWeeklyHours(weeklyHoursText(parsed.intervals))).toEqual(parsed);
    }
    expect(weeklyHoursText(paris.intervals)).toBe("Mon-Fri 09:00-17:00");
    const holidays = ["2027-01-01", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31"];
    expect(holidaysText(holidays)).toBe("2026-12-24..2026-12-26, 2026-12-31..2027-01-01");
    expect(parseHolidays(holidaysText(holidays))).toEqual({ ok: true, holidays: [...holidays].sort() });
    // A run longer than one range may cover is split.
    const long = parseHolidays("2026-01-01..2026-12-31, 2027-01-01..2027-01-05");
    if (!long.ok) throw new Error(long.error);
    expect(holidaysText(long.holidays)).toBe("2026-01-01..2027-01-01, 2027-01-02..2027-01-05");
    expect(parseHolidays(holidaysText(long.holidays))).toEqual(long);
    expect(holidaysText([])).toBe("");
  });
});

describe("describeSchedule", () => {
  it("groups days with the same hours", () => {
    expect(describeSchedule({ ...paris, holidays: ["2026-12-25", "2026-12-26"] })).toBe("Mon-Fri 09:00-17:00 (Europe/Paris), 2 holidays");
    const split = parseWeeklyHours("mon-thu 13:00-17:00,09:00-12:00; fri 22:00-06:00");
    if (!split.ok) throw new Error(split.error);
    expect(describeSchedule(schedule(split.intervals, PARIS, ["2026-12-25"]))).toBe(
      "Mon-Thu 09:00-12:00, 13:00-17:00; Fri 22:00-06:00 (overnight) (Europe/Paris), 1 holiday",
    );
    // Days apart with the same hours share a group, listed by their first day.
    const apart: OpeningInterval[] = [
      { day: 6, start: "10:00", end: "14:00" },
      { day: 3, start: "09:00", end: "12:00" },
      { day: 1, start: "09:00", end: "12:00" },
      { day: 7, start: "10:00", end: "14:00" },
      { day: 5, start: "09:00", end: "12:00" },
      { day: 2, start: "10:00", end: "14:00" },
    ];
    expect(describeSchedule(schedule(apart, NEW_YORK))).toBe("Mon, Wed, Fri 09:00-12:00; Tue, Sat-Sun 10:00-14:00 (America/New_York)");
    expect(describeSchedule(schedule(everyDay("00:00", "24:00"), "UTC"))).toBe("Mon-Sun 00:00-24:00 (UTC)");
  });
});
