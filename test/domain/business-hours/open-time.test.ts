import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { describeSchedule } from "../../../src/domain/business-hours/hours-text.ts";
import { businessMillis, isOpenAt, nextBusinessDayOpening } from "../../../src/domain/business-hours/open-time.ts";
import {
  defaultSchedule,
  validateSchedule,
  type BusinessSchedule,
  type OpeningInterval,
  type Weekday,
} from "../../../src/domain/business-hours/schedule.ts";

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

describe("nextBusinessDayOpening (snooze until the next business day)", () => {
  const paris = (holidays: string[] = []) => ({ ...defaultSchedule("Europe/Paris"), holidays });
  const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Paris" }).toMillis();
  const local = (ms: number | null) =>
    ms === null ? null : DateTime.fromMillis(ms, { zone: "Europe/Paris" }).toFormat("ccc yyyy-MM-dd HH:mm");

  it("is the next day's opening, skipping weekends and holidays, whatever the time now", () => {
    expect(local(nextBusinessDayOpening(paris(), at("2026-11-24T08:00")))).toBe("Wed 2026-11-25 09:00");
    expect(local(nextBusinessDayOpening(paris(), at("2026-11-24T23:59")))).toBe("Wed 2026-11-25 09:00");
    expect(local(nextBusinessDayOpening(paris(), at("2026-11-27T16:00")))).toBe("Mon 2026-11-30 09:00");
    expect(local(nextBusinessDayOpening(paris(["2026-11-30", "2026-12-01"]), at("2026-11-27T16:00")))).toBe("Wed 2026-12-02 09:00");
  });

  it("opens at 09:00 local across a clock change, and never for a schedule with no hours", () => {
    expect(local(nextBusinessDayOpening(paris(), at("2026-10-23T18:00")))).toBe("Mon 2026-10-26 09:00");
    expect(nextBusinessDayOpening({ timeZone: "UTC", intervals: [], holidays: [] }, at("2026-10-23T18:00"))).toBeNull();
  });
});
