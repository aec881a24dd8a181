import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  businessMillis,
  defaultSchedule,
  describeSchedule,
  formatDuration,
  holidaysText,
  isOpenAt,
  parseHolidays,
  parseWeeklyHours,
  validateSchedule,
  weeklyHoursText,
  type BusinessSchedule,
  type OpeningInterval,
  type Weekday,
} from "../../src/domain/business-hours.ts";

const MIN = 60_000;
const H = 3_600_000;
const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Epoch ms of a local wall time ("2026-11-23T09:30") in a zone, or of an ISO string with an offset. */
const at = (iso: string, zone = PARIS) => DateTime.fromISO(iso, { zone }).toMillis();

function schedule(intervals: OpeningInterval[], timeZone = PARIS, holidays: string[] = []): BusinessSchedule {
  return { timeZone, intervals, holidays };
}
const everyDay = (start: string, end: string): OpeningInterval[] => ALL_DAYS.map((day) => ({ day, start, end }));
const paris = defaultSchedule(PARIS); // Mon-Fri 09:00-17:00
const between = (s: BusinessSchedule, from: string, to: string) => businessMillis(s, at(from, s.timeZone), at(to, s.timeZone));

describe("businessMillis: weekly hours", () => {
  it("counts only open time: weekends, evenings, empty and reversed spans", () => {
    // 2026-11-21 is a Saturday: nothing until Monday 09:00, then 09:00-09:30.
    expect(between(paris, "2026-11-21T10:00", "2026-11-23T09:30")).toBe(30 * MIN);
    // Friday 16:00-17:00 (1 h) + Monday 09:00-10:00 (1 h).
    expect(between(paris, "2026-11-20T16:00", "2026-11-23T10:00")).toBe(2 * H);
    expect(between(paris, "2026-11-20T16:00", "2026-11-20T16:00")).toBe(0); // same instant
    expect(between(paris, "2026-11-23T10:00", "2026-11-20T16:00")).toBe(0); // to before from
    // Inside one open day: 10:15-16:45 = 6 h 30 min.
    expect(between(paris, "2026-11-23T10:15", "2026-11-23T16:45")).toBe(6.5 * H);
    // Before opening to after closing on a weekday: the whole 8 h.
    expect(between(paris, "2026-11-23T06:00", "2026-11-23T20:00")).toBe(8 * H);
  });

  it("closes holidays for the whole local date", () => {
    const withFriday = { ...paris, holidays: ["2026-11-20"] };
    // Thursday 16:00-17:00 (1 h), Friday closed, Monday 09:00-10:00 (1 h).
    expect(between(withFriday, "2026-11-19T16:00", "2026-11-23T10:00")).toBe(2 * H);
    // Holidays outside the span change nothing: Mon-Fri 09:00-17:00 minus the Friday = 4 x 8 h.
    expect(between(withFriday, "2026-11-16T00:00", "2026-11-23T00:00")).toBe(32 * H);
  });

  it("handles several intervals per day", () => {
    const split = schedule(
      ALL_DAYS.flatMap((day) => [
        { day, start: "09:00", end: "12:00" },
        { day, start: "13:00", end: "17:00" },
      ]),
    );
    // 11:00-12:00 (1 h) + 13:00-14:00 (1 h); the lunch hour is closed.
    expect(between(split, "2026-11-23T11:00", "2026-11-23T14:00")).toBe(2 * H);
    expect(between(split, "2026-11-23T12:10", "2026-11-23T12:50")).toBe(0);
  });

  it("spans ~100 days in one call (linear in days)", () => {
    // Mon 5 Jan to Mon 13 Apr 2026 = 14 weeks x 40 h = 560 h (the spring change is on a Sunday night).
    expect(between(paris, "2026-01-05T00:00", "2026-04-13T00:00")).toBe(560 * H);
    // Easter Monday 6 Apr 2026 a holiday: 560 - 8 = 552 h.
    expect(between({ ...paris, holidays: ["2026-04-06"] }, "2026-01-05T00:00", "2026-04-13T00:00")).toBe(552 * H);
  });

  it("rebuilds its memo when a schedule's lists are edited in place", () => {
    const s = schedule([{ day: 1, start: "09:00", end: "17:00" }]);
    expect(between(s, "2026-11-23T00:00", "2026-11-24T00:00")).toBe(8 * H);
    s.holidays.push("2026-11-23");
    expect(between(s, "2026-11-23T00:00", "2026-11-24T00:00")).toBe(0);
    s.holidays.pop();
    s.intervals[0]!.end = "10:00";
    expect(between(s, "2026-11-23T00:00", "2026-11-24T00:00")).toBe(1 * H);
  });

  it("merges overlapping intervals of a schedule built without validation", () => {
    const s = schedule([
      { day: 5, start: "22:00", end: "06:00" },
      { day: 6, start: "00:00", end: "08:00" },
      { day: 6, start: "07:00", end: "09:00" },
    ]);
    // Open Fri 22:00 to Sat 09:00 once, not twice: Fri 23:00 to Sat 10:00 = 1 h + 9 h.
    expect(between(s, "2026-11-20T23:00", "2026-11-21T10:00")).toBe(10 * H);
  });

  it("rejects unknown zones and instants a Date cannot hold", () => {
    expect(() => businessMillis(schedule(everyDay("09:00", "17:00"), "Mars/Olympus"), 0, H)).toThrow('unknown time zone "Mars/Olympus"');
    expect(() => businessMillis(paris, 0, Number.NaN)).toThrow(RangeError);
    expect(() => businessMillis(paris, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("businessMillis: overnight intervals and midnight", () => {
  const fridayNight = schedule([{ day: 5, start: "22:00", end: "06:00" }]); // Fri 22:00 to Sat 06:00

  it("counts an overnight interval on both dates", () => {
    // Fri 23:00 to Sat 05:00, all inside Fri 22:00-Sat 06:00: 6 h.
    expect(between(fridayNight, "2026-11-20T23:00", "2026-11-21T05:00")).toBe(6 * H);
    // Sat 05:00-06:00 open, 06:00-07:00 closed: 1 h.
    expect(between(fridayNight, "2026-11-21T05:00", "2026-11-21T07:00")).toBe(1 * H);
    // The whole interval: 8 h.
    expect(between(fridayNight, "2026-11-20T00:00", "2026-11-22T00:00")).toBe(8 * H);
  });

  it("a holiday closes the part of the night that falls on it", () => {
    // Saturday a holiday: only Fri 23:00-24:00 is left.
    expect(between({ ...fridayNight, holidays: ["2026-11-21"] }, "2026-11-20T23:00", "2026-11-21T05:00")).toBe(1 * H);
    // Friday a holiday: Sat 00:00-05:00 is left.
    expect(between({ ...fridayNight, holidays: ["2026-11-20"] }, "2026-11-20T23:00", "2026-11-21T05:00")).toBe(5 * H);
  });

  it("an overnight interval on Sunday runs into Monday", () => {
    const sundayNight = schedule([{ day: 7, start: "20:00", end: "02:00" }]);
    // Sun 22 Nov 2026 20:00 to Mon 23 Nov 02:00: 6 h, of which 2 h on Monday.
    expect(between(sundayNight, "2026-11-22T00:00", "2026-11-24T00:00")).toBe(6 * H);
    expect(between(sundayNight, "2026-11-23T00:00", "2026-11-24T00:00")).toBe(2 * H);
  });

  it("counts an overnight interval across a month end", () => {
    const saturdayNight = [{ day: 6 as Weekday, start: "22:00", end: "02:00" }];
    // Paris: Sat 31 Oct 22:00 to Sun 1 Nov 02:00 = 4 h (the change was on 25 Oct, not involved).
    expect(between(schedule(saturdayNight), "2026-10-31T21:00", "2026-11-01T03:00")).toBe(4 * H);
    // New York changes that very night (02:00 EDT -> 01:00 EST): 22:00 EDT to 02:00 EST = 5 h.
    expect(between(schedule(saturdayNight, NEW_YORK), "2026-10-31T21:00", "2026-11-01T03:00")).toBe(5 * H);
  });

  it("ends an interval at 24:00 on the next local midnight", () => {
    const evenings = schedule(everyDay("18:00", "24:00"));
    // Mon 18:00-24:00 = 6 h; Tuesday 00:00-02:00 is closed.
    expect(between(evenings, "2026-11-23T17:00", "2026-11-24T02:00")).toBe(6 * H);
    expect(isOpenAt(evenings, at("2026-11-23T23:59:59.999"))).toBe(true);
    expect(isOpenAt(evenings, at("2026-11-24T00:00"))).toBe(false);
    // Open all week round the clock: 7 x 24 = 168 h; the week of the spring change is 167 h.
    const always = schedule(everyDay("00:00", "24:00"));
    expect(between(always, "2026-11-23T00:00", "2026-11-30T00:00")).toBe(168 * H);
    expect(between(always, "2026-03-23T00:00", "2026-03-30T00:00")).toBe(167 * H);
  });
});

describe("businessMillis: clock changes count real time", () => {
  const days = (zone: string) => schedule(everyDay("09:00", "17:00"), zone);
  const nights = (zone: string) => schedule(everyDay("22:00", "06:00"), zone);

  it.each([
    [PARIS, "2026-03-29"],
    [NEW_YORK, "2026-03-08"],
  ])("spring forward in %s on %s (a Sunday)", (zone, sunday) => {
    const saturday = DateTime.fromISO(sunday).minus({ days: 1 }).toISODate();
    const monday = DateTime.fromISO(sunday).plus({ days: 1 }).toISODate();
    // 09:00-17:00 that day is 8 h: the clocks change at night.
    expect(between(days(zone), `${sunday}T00:00`, `${monday}T00:00`)).toBe(8 * H);
    // Saturday 20:00 to Monday 20:00: Sunday 8 h + Monday 8 h = 16 h.
    expect(between(days(zone), `${saturday}T20:00`, `${monday}T20:00`)).toBe(16 * H);
    // The night the clocks skip an hour, 22:00-06:00 is 7 h (only that night is in the span).
    expect(between(nights(zone), `${saturday}T21:00`, `${sunday}T07:00`)).toBe(7 * H);
  });

  it.each([
    [PARIS, "2026-10-25"],
    [NEW_YORK, "2026-11-01"],
  ])("fall back in %s on %s (a Sunday)", (zone, sunday) => {
    const saturday = DateTime.fromISO(sunday).minus({ days: 1 }).toISODate();
    const monday = DateTime.fromISO(sunday).plus({ days: 1 }).toISODate();
    // The night the clocks repeat an hour, 22:00-06:00 is 9 h.
    expect(between(nights(zone), `${saturday}T21:00`, `${sunday}T07:00`)).toBe(9 * H);
    // 09:00-17:00 that day is 8 h.
    expect(between(days(zone), `${sunday}T00:00`, `${monday}T00:00`)).toBe(8 * H);
  });

  it("in a zone far ahead of UTC, where the change happens on the previous UTC day", () => {
    const auckland = "Pacific/Auckland";
    // Sun 27 Sep 2026 02:00 NZST -> 03:00 NZDT (Sat 14:00 UTC): the night is 7 h, the Sunday 23 h.
    expect(between(nights(auckland), "2026-09-26T21:00", "2026-09-27T07:00")).toBe(7 * H);
    expect(between(schedule(everyDay("00:00", "24:00"), auckland), "2026-09-27T00:00", "2026-09-28T00:00")).toBe(23 * H);
    // Sun 5 Apr 2026 03:00 NZDT -> 02:00 NZST: the night is 9 h.
    expect(between(nights(auckland), "2026-04-04T21:00", "2026-04-05T07:00")).toBe(9 * H);
  });

  it("reads a skipped wall time as the moment the clocks jump", () => {
    // Paris, Sun 29 Mar 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    const early = (start: string, end: string) => schedule([{ day: 7, start, end }]);
    // 02:30-04:00 opens when the clocks jump, 03:00 CEST: 1 h.
    expect(between(early("02:30", "04:00"), "2026-03-29T00:00", "2026-03-30T00:00")).toBe(1 * H);
    expect(isOpenAt(early("02:30", "04:00"), Date.parse("2026-03-29T01:00:00Z"))).toBe(true);
    // 02:15-02:45 never happened on the clock: 0.
    expect(between(early("02:15", "02:45"), "2026-03-29T00:00", "2026-03-30T00:00")).toBe(0);
    // Santiago skips midnight (Sat 5 Sep 2026 24:00 -> Sun 01:00): Sunday 00:00-24:00 is 23 h.
    expect(between(schedule([{ day: 7, start: "00:00", end: "24:00" }], "America/Santiago"), "2026-09-05T12:00", "2026-09-07T12:00")).toBe(
      23 * H,
    );
  });

  it("reads a repeated wall time as its first occurrence", () => {
    // Paris, Sun 25 Oct 2026: 03:00 CEST goes back to 02:00 CET. 02:30-03:30 runs from the first
    // 02:30 (00:30 UTC) to 03:30 CET (02:30 UTC): 2 h.
    const s = schedule([{ day: 7, start: "02:30", end: "03:30" }]);
    expect(between(s, "2026-10-25T00:00", "2026-10-26T00:00")).toBe(2 * H);
    expect(isOpenAt(s, Date.parse("2026-10-25T00:30:00Z"))).toBe(true);
    expect(isOpenAt(s, Date.parse("2026-10-25T00:29:59.999Z"))).toBe(false);
  });
});

describe("isOpenAt", () => {
  it("includes opening times and excludes closing times", () => {
    expect(isOpenAt(paris, at("2026-11-23T09:00"))).toBe(true);
    expect(isOpenAt(paris, at("2026-11-23T08:59:59.999"))).toBe(false);
    expect(isOpenAt(paris, at("2026-11-23T16:59:59.999"))).toBe(true);
    expect(isOpenAt(paris, at("2026-11-23T17:00"))).toBe(false);
    expect(isOpenAt(paris, at("2026-11-21T12:00"))).toBe(false); // Saturday
    expect(isOpenAt({ ...paris, holidays: ["2026-11-23"] }, at("2026-11-23T12:00"))).toBe(false);
  });
});

// The semantics written the slow, obvious way with luxon DateTimes, to compare against on
// random schedules and spans. Boundaries avoid the hours that clocks skip or repeat in these
// zones, where the module deliberately differs from luxon's fromObject (see its header).
function reference(s: BusinessSchedule, from: number, to: number): number {
  if (to <= from) return 0;
  const zone = s.timeZone;
  const wall = (date: DateTime, time: string) => {
    const [hour, minute] = time.split(":").map(Number) as [number, number];
    const base = hour === 24 ? date.plus({ days: 1 }) : date;
    return DateTime.fromObject({ year: base.year, month: base.month, day: base.day, hour: hour % 24, minute }, { zone }).toMillis();
  };
  const open: [number, number][] = [];
  const last = DateTime.fromMillis(to, { zone }).startOf("day");
  for (let date = DateTime.fromMillis(from, { zone }).startOf("day").minus({ days: 1 }); date <= last; date = date.plus({ days: 1 })) {
    for (const { day, start, end } of s.intervals) {
      if (day !== date.weekday) continue;
      open.push([wall(date, start), end <= start ? wall(date.plus({ days: 1 }), end) : wall(date, end)]);
    }
  }
  const closed = s.holidays.map((iso) => {
    const date = DateTime.fromISO(iso, { zone });
    return [date.toMillis(), date.plus({ days: 1 }).startOf("day").toMillis()] as const;
  });
  // Sum over the instants' elementary pieces: open, not closed, inside [from, to).
  const cuts = [...new Set([from, to, ...open.flat(), ...closed.flat()])].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const t = cuts[i]!;
    if (open.some(([a, b]) => a <= t && t < b) && !closed.some(([a, b]) => a <= t && t < b)) total += cuts[i + 1]! - t;
  }
  return total;
}

describe("businessMillis against a straightforward luxon computation", () => {
  const ZONES = [
    PARIS,
    NEW_YORK,
    "America/St_Johns",
    "America/Santiago",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
  ];
  const TIMES = ["00:00", "06:00", "09:00", "12:00", "13:00", "17:00", "20:00", "22:00", "24:00"];
  // Dates near each zone's clock changes in 2026, and ordinary ones.
  const ANCHORS = [
    "2026-03-08",
    "2026-03-29",
    "2026-04-05",
    "2026-09-06",
    "2026-09-27",
    "2026-10-04",
    "2026-10-25",
    "2026-11-01",
    "2026-06-15",
  ];
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  function randomSchedule(): BusinessSchedule {
    for (;;) {
      const intervals: OpeningInterval[] = [];
      for (let n = 1 + Math.floor(random() * 6); n > 0; n--) {
        const start = pick(TIMES.slice(0, -1));
        const end = pick(TIMES.filter((t) => t !== start));
        intervals.push({ day: pick(ALL_DAYS), start, end });
      }
      const holidays = ANCHORS.filter(() => random() < 0.3);
      const result = validateSchedule({ timeZone: pick(ZONES), intervals, holidays });
      if (result.ok) return result.schedule;
    }
  }

  it("agrees on open time and on isOpenAt for random schedules and spans", () => {
    let compared = 0;
    for (let i = 0; i < 60; i++) {
      const s = randomSchedule();
      for (let j = 0; j < 8; j++) {
        const from = at(`${pick(ANCHORS)}T00:00`, s.timeZone) + Math.floor((random() - 0.6) * 4 * 86_400_000);
        const to = from + Math.floor(random() * 5 * 86_400_000);
        expect(businessMillis(s, from, to), `${describeSchedule(s)} ${new Date(from).toISOString()}..${new Date(to).toISOString()}`).toBe(
          reference(s, from, to),
        );
        const t = from + Math.floor(random() * 2 * 86_400_000);
        expect(isOpenAt(s, t)).toBe(reference(s, t, t + 1) === 1);
        expect(isOpenAt(s, t)).toBe(businessMillis(s, t, t + 1) === 1);
        compared++;
      }
    }
    expect(compared).toBe(480);
  });
});

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

  it("refuses what is not a duration", () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});
