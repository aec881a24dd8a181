import cron from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  cronExpression,
  describeDigestSchedule,
  dueAtOrBefore,
  nextDueAfter,
  parseDigestSchedule,
  periodFor,
  periodKeyFor,
  splitDigestWords,
  type DigestSchedule,
} from "../../src/domain/digest-schedule.ts";
import { resolvePeriod } from "../../src/domain/periods.ts";
import { previousPeriod as previousPeriodOf } from "../../src/domain/previous-period.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const mondayParis: DigestSchedule = { frequency: "weekly", weekday: 1, time: "09:00", timeZone: "Europe/Paris" };
const mondayNewYork: DigestSchedule = { ...mondayParis, timeZone: "America/New_York" };
const dailyParis0230: DigestSchedule = { frequency: "daily", time: "02:30", timeZone: "Europe/Paris" };

function parsed(words: string[], timeZone = "Europe/Paris"): DigestSchedule {
  const result = parseDigestSchedule(words, timeZone);
  if (!result.ok) throw new Error(result.error);
  return result.schedule;
}

function parseError(words: string[], timeZone = "Europe/Paris"): string {
  const result = parseDigestSchedule(words, timeZone);
  if (result.ok) throw new Error(`parsed ${JSON.stringify(result.schedule)}`);
  return result.error;
}

describe("parseDigestSchedule", () => {
  it("reads the three forms, case-insensitive, in English or French", () => {
    expect(parsed(["weekly", "mon", "09:00"])).toEqual(mondayParis);
    expect(parsed(["Weekly", "MONDAY", "9:00"])).toEqual(mondayParis); // "9:00" is stored as "09:00"
    expect(parsed(["weekly", "lundi", "09:00"])).toEqual(mondayParis);
    expect(parsed(["weekly", "dim", "18:45"]).weekday).toBe(7); // dimanche = ISO 7
    expect(parsed(["weekly", "mar", "18:45"]).weekday).toBe(2); // "mar" is French mardi
    expect(parsed(["daily", "08:30"], "UTC")).toEqual({ frequency: "daily", time: "08:30", timeZone: "UTC" });
    expect(parsed(["monthly", "15", "23:59"])).toEqual({ frequency: "monthly", dayOfMonth: 15, time: "23:59", timeZone: "Europe/Paris" });
    expect(parsed(["monthly", "09:00"])).toEqual({ frequency: "monthly", dayOfMonth: 1, time: "09:00", timeZone: "Europe/Paris" });
    expect(parsed(["daily", "0:05"]).time).toBe("00:05");
  });

  it("names the bad word and what was expected", () => {
    expect(parseError(["weekly", "mon", "9h"])).toBe('expected a time like 09:00, got "9h"');
    expect(parseError(["daily", "24:00"])).toBe('expected a time like 09:00, got "24:00"');
    expect(parseError(["daily", "08:60"])).toBe('expected a time like 09:00, got "08:60"');
    expect(parseError(["hourly", "09:00"])).toBe('expected daily, weekly or monthly, got "hourly"');
    expect(parseError(["constructor", "09:00"])).toBe('expected daily, weekly or monthly, got "constructor"');
    expect(parseError([])).toBe('expected daily, weekly or monthly, e.g. "weekly mon 09:00"');
    expect(parseError(["weekly", "mond", "09:00"])).toBe('expected a day like mon or lundi, got "mond"');
    expect(parseError(["weekly", "constructor", "09:00"])).toBe('expected a day like mon or lundi, got "constructor"');
    // The first bad word, left to right.
    expect(parseError(["weekly", "mond", "9h"])).toBe('expected a day like mon or lundi, got "mond"');
    expect(parseError(["weekly", "09:00"])).toBe('weekly needs a day and a time, e.g. "weekly mon 09:00"');
    expect(parseError(["daily"])).toBe('daily needs a time, e.g. "daily 08:30"');
    expect(parseError(["monthly"])).toBe('monthly needs a time, e.g. "monthly 1 09:00"');
    expect(parseError(["daily", "08:30", "please"])).toBe('unexpected "please" after the time, e.g. "daily 08:30"');
    expect(parseError(["monthly", "31", "09:00"])).toBe('expected a day of the month from 1 to 28 (a day every month has), got "31"');
    expect(parseError(["monthly", "0", "09:00"])).toContain('got "0"');
    expect(parseError(["monthly", "1er", "09:00"])).toContain('got "1er"');
    expect(parseError(["monthly", "15"])).toBe('expected a time like 09:00, got "15"'); // one word is the time
    expect(parseError(["daily", "08:30"], "Mars/Olympus")).toBe('unknown time zone "Mars/Olympus"');
  });
});

describe("cronExpression", () => {
  it("writes node-cron expressions (weekday 0 = Sunday) that node-cron accepts", () => {
    const expressions = [
      [mondayParis, "0 9 * * 1"],
      [parsed(["weekly", "sun", "18:45"]), "45 18 * * 0"], // ISO 7 -> cron 0
      [parsed(["daily", "08:30"]), "30 8 * * *"],
      [parsed(["monthly", "09:00"]), "0 9 1 * *"],
      [parsed(["monthly", "28", "23:05"]), "5 23 28 * *"],
    ] as const;
    for (const [schedule, expression] of expressions) {
      expect(cronExpression(schedule)).toBe(expression);
      expect(cron.validate(expression)).toBe(true);
    }
  });
});

describe("dueAtOrBefore / nextDueAfter", () => {
  it("keeps a Monday 09:00 digest at 09:00 Paris time across both DST changes", () => {
    // Spring: Sunday 29 Mar 2026, 02:00 CET (+01) -> 03:00 CEST (+02).
    const sundayAfterChange = at("2026-03-29T12:00:00Z");
    expect(iso(dueAtOrBefore(mondayParis, sundayAfterChange))).toBe("2026-03-23T08:00:00.000Z"); // Mon 23 Mar 09:00 CET
    expect(iso(nextDueAfter(mondayParis, sundayAfterChange))).toBe("2026-03-30T07:00:00.000Z"); // Mon 30 Mar 09:00 CEST
    // One millisecond before Monday 09:00 CEST, it's still last week's run.
    expect(iso(dueAtOrBefore(mondayParis, at("2026-03-30T06:59:59.999Z")))).toBe("2026-03-23T08:00:00.000Z");
    // Autumn: Sunday 25 Oct 2026, 03:00 CEST -> 02:00 CET. 07:30Z on Monday 26 is 08:30 CET: not yet.
    const mondayMorning = at("2026-10-26T07:30:00Z");
    expect(iso(dueAtOrBefore(mondayParis, mondayMorning))).toBe("2026-10-19T07:00:00.000Z"); // Mon 19 Oct 09:00 CEST
    expect(iso(nextDueAfter(mondayParis, mondayMorning))).toBe("2026-10-26T08:00:00.000Z"); // Mon 26 Oct 09:00 CET
  });

  it("keeps a Monday 09:00 digest at 09:00 New York time across both DST changes", () => {
    // Spring: Sunday 8 Mar 2026, 02:00 EST (-05) -> 03:00 EDT (-04).
    const sunday = at("2026-03-08T12:00:00Z");
    expect(iso(dueAtOrBefore(mondayNewYork, sunday))).toBe("2026-03-02T14:00:00.000Z"); // Mon 2 Mar 09:00 EST
    expect(iso(nextDueAfter(mondayNewYork, sunday))).toBe("2026-03-09T13:00:00.000Z"); // Mon 9 Mar 09:00 EDT
    // Autumn: Sunday 1 Nov 2026, 02:00 EDT -> 01:00 EST. 13:30Z on Monday 2 is 08:30 EST: not yet.
    const mondayMorning = at("2026-11-02T13:30:00Z");
    expect(iso(dueAtOrBefore(mondayNewYork, mondayMorning))).toBe("2026-10-26T13:00:00.000Z"); // Mon 26 Oct 09:00 EDT
    expect(iso(nextDueAfter(mondayNewYork, mondayMorning))).toBe("2026-11-02T14:00:00.000Z"); // Mon 2 Nov 09:00 EST
  });

  it("at exactly a due instant: due now, next strictly after", () => {
    const due = at("2026-11-23T08:00:00Z"); // Mon 23 Nov 2026 09:00 CET
    expect(dueAtOrBefore(mondayParis, due)).toBe(due);
    expect(iso(nextDueAfter(mondayParis, due))).toBe("2026-11-30T08:00:00.000Z"); // Mon 30 Nov 09:00 CET
    const daily = parsed(["daily", "08:30"], "UTC");
    expect(iso(nextDueAfter(daily, at("2026-11-23T08:30:00Z")))).toBe("2026-11-24T08:30:00.000Z");
    expect(iso(nextDueAfter(daily, at("2026-11-23T08:29:59.999Z")))).toBe("2026-11-23T08:30:00.000Z");
  });

  it("a daily 02:30 in Paris: moves to 03:30 on the spring-forward day, runs once on the fall-back day", () => {
    // 29 Mar 2026 has no 02:30: luxon moves it forward by the gap, to 03:30 CEST = 01:30Z.
    const atThreeLocal = at("2026-03-29T01:00:00Z"); // 03:00 CEST, the moment the clocks jump
    expect(iso(dueAtOrBefore(dailyParis0230, atThreeLocal))).toBe("2026-03-28T01:30:00.000Z"); // Sat 02:30 CET
    expect(iso(nextDueAfter(dailyParis0230, atThreeLocal))).toBe("2026-03-29T01:30:00.000Z"); // Sun 03:30 CEST
    expect(iso(dueAtOrBefore(dailyParis0230, at("2026-03-29T12:00:00Z")))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(nextDueAfter(dailyParis0230, at("2026-03-29T12:00:00Z")))).toBe("2026-03-30T00:30:00.000Z"); // Mon 02:30 CEST
    // 25 Oct 2026 has 02:30 twice, 00:30Z (CEST) and 01:30Z (CET): the first one only.
    expect(iso(nextDueAfter(dailyParis0230, at("2026-10-24T12:00:00Z")))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(dueAtOrBefore(dailyParis0230, at("2026-10-25T01:30:00Z")))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(nextDueAfter(dailyParis0230, at("2026-10-25T00:30:00Z")))).toBe("2026-10-26T01:30:00.000Z"); // Mon 02:30 CET
  });

  it("a monthly digest keeps its local time and its day", () => {
    const fifteenth = parsed(["monthly", "15", "09:00"], "America/New_York");
    const now = at("2026-03-10T12:00:00Z");
    expect(iso(dueAtOrBefore(fifteenth, now))).toBe("2026-02-15T14:00:00.000Z"); // 09:00 EST
    expect(iso(nextDueAfter(fifteenth, now))).toBe("2026-03-15T13:00:00.000Z"); // 09:00 EDT
    const first = parsed(["monthly", "09:00"]);
    const newYear = at("2026-01-01T08:00:00Z"); // 1 Jan 2026 09:00 CET
    expect(dueAtOrBefore(first, newYear)).toBe(newYear);
    expect(iso(dueAtOrBefore(first, newYear - 1))).toBe("2025-12-01T08:00:00.000Z");
    expect(iso(nextDueAfter(first, newYear))).toBe("2026-02-01T08:00:00.000Z");
  });

  it("reads the day in the schedule's zone, not in UTC", () => {
    // Sunday 22 Nov 2026 23:30Z is already Monday 00:30 in Paris.
    const mondayHalfPast = parsed(["weekly", "mon", "00:30"]);
    const due = at("2026-11-22T23:30:00Z");
    expect(dueAtOrBefore(mondayHalfPast, due)).toBe(due);
    expect(iso(dueAtOrBefore(mondayHalfPast, due - 1))).toBe("2026-11-15T23:30:00.000Z"); // Mon 16 Nov 00:30 CET
  });

  describe("against node-cron's own schedule", () => {
    afterEach(() => vi.useRealTimers());

    function cronRuns(schedule: DigestSchedule, from: string, count: number): string[] {
      vi.useFakeTimers({ toFake: ["Date"], now: at(from) }); // getNextRuns counts from new Date()
      const task = cron.createTask(cronExpression(schedule), () => undefined, { timezone: schedule.timeZone });
      try {
        return task.getNextRuns(count).map((date) => date.toISOString());
      } finally {
        void task.destroy();
      }
    }

    function ourRuns(schedule: DigestSchedule, from: string, count: number): string[] {
      const runs: string[] = [];
      for (let now = at(from); runs.length < count; ) {
        now = nextDueAfter(schedule, now);
        runs.push(iso(now));
      }
      return runs;
    }

    it("agrees across the DST weeks for weekly, daily and monthly digests", () => {
      const cases: [DigestSchedule, string][] = [
        [mondayParis, "2026-03-10T00:00:00Z"],
        [mondayParis, "2026-10-10T00:00:00Z"],
        [mondayNewYork, "2026-02-25T00:00:00Z"],
        [mondayNewYork, "2026-10-20T00:00:00Z"],
        [parsed(["daily", "08:30"], "America/New_York"), "2026-03-06T00:00:00Z"],
        [parsed(["daily", "01:30"], "America/New_York"), "2026-10-30T00:00:00Z"], // fall back: both at the first 01:30 (EDT)
        [parsed(["monthly", "28", "23:05"]), "2025-12-01T00:00:00Z"],
      ];
      for (const [schedule, from] of cases) expect(ourRuns(schedule, from, 5)).toEqual(cronRuns(schedule, from, 5));
    });

    // What the scheduler must know: its ledger, not the ticks alone, decides what is due.
    it("differs on the spring-forward gap: node-cron skips the day", () => {
      const from = "2026-03-27T12:00:00Z";
      expect(cronRuns(dailyParis0230, from, 3)).toEqual([
        "2026-03-28T01:30:00.000Z",
        "2026-03-30T00:30:00.000Z",
        "2026-03-31T00:30:00.000Z",
      ]);
      expect(ourRuns(dailyParis0230, from, 3)).toEqual([
        "2026-03-28T01:30:00.000Z",
        "2026-03-29T01:30:00.000Z",
        "2026-03-30T00:30:00.000Z",
      ]);
    });

    it("differs on a repeated hour east of UTC: node-cron ticks at the second 02:30 in Paris, never before ours", () => {
      const from = "2026-10-24T12:00:00Z";
      expect(cronRuns(dailyParis0230, from, 1)).toEqual(["2026-10-25T01:30:00.000Z"]); // 02:30 CET
      expect(ourRuns(dailyParis0230, from, 1)).toEqual(["2026-10-25T00:30:00.000Z"]); // 02:30 CEST
      // At node-cron's tick, the run due is still that day's, so it is not lost.
      expect(iso(dueAtOrBefore(dailyParis0230, at("2026-10-25T01:30:00Z")))).toBe("2026-10-25T00:30:00.000Z");
    });
  });
});

/** The period before a digest's, as its report compares it (src/domain/previous-period.ts). */
function previousPeriod(spec: { from: string; to: string }, _frequency?: string): { from: string; to: string } {
  const { days } = previousPeriodOf(resolvePeriod(spec, "Europe/Paris", Date.UTC(2030, 0, 1)));
  return { from: days.first, to: days.last };
}

describe("periodFor / periodKeyFor / the period before", () => {
  it("weekly: the Monday-Sunday week before the week of the run", () => {
    // Mon 23 Nov 2026 09:00 CET -> the week of Mon 16 to Sun 22 Nov.
    expect(periodFor(mondayParis, at("2026-11-23T08:00:00Z"))).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    // A Wednesday digest (Wed 18 Nov) still reports on a full Mon-Sun week: 9-15 Nov.
    const wednesday = parsed(["weekly", "wed", "09:00"]);
    expect(periodFor(wednesday, at("2026-11-18T08:00:00Z"))).toEqual({ from: "2026-11-09", to: "2026-11-15" });
    // A Sunday digest (Sun 22 Nov 20:00): its own week is not over yet, so 9-15 Nov.
    const sunday = parsed(["weekly", "sun", "20:00"]);
    expect(periodFor(sunday, at("2026-11-22T19:00:00Z"))).toEqual({ from: "2026-11-09", to: "2026-11-15" });
    // Monday 00:30 Paris is Sunday 23:30Z: the local date (Mon 23) decides -> 16-22 Nov.
    expect(periodFor(parsed(["weekly", "mon", "00:30"]), at("2026-11-22T23:30:00Z"))).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    // Across a year end: Mon 4 Jan 2027 -> Mon 28 Dec 2026 to Sun 3 Jan 2027.
    expect(periodFor(mondayParis, at("2027-01-04T08:00:00Z"))).toEqual({ from: "2026-12-28", to: "2027-01-03" });
  });

  it("daily: the local day before", () => {
    const daily = parsed(["daily", "00:30"]);
    // 22 Nov 23:30Z is 23 Nov 00:30 in Paris -> 22 Nov; in UTC it would be the 21st.
    expect(periodFor(daily, at("2026-11-22T23:30:00Z"))).toEqual({ from: "2026-11-22", to: "2026-11-22" });
    expect(periodFor({ ...daily, timeZone: "UTC" }, at("2026-11-22T23:30:00Z"))).toEqual({ from: "2026-11-21", to: "2026-11-21" });
    // The moved run on the spring-forward day (29 Mar 03:30 CEST) reports on 28 Mar.
    expect(periodFor(dailyParis0230, at("2026-03-29T01:30:00Z"))).toEqual({ from: "2026-03-28", to: "2026-03-28" });
    expect(periodFor(daily, at("2028-02-29T23:30:00Z"))).toEqual({ from: "2028-02-29", to: "2028-02-29" }); // 1 Mar 2028 00:30 CET
  });

  it("monthly: the calendar month before", () => {
    const monthly = parsed(["monthly", "09:00"]);
    expect(periodFor(monthly, at("2026-01-01T08:00:00Z"))).toEqual({ from: "2025-12-01", to: "2025-12-31" }); // January -> December 2025
    expect(periodFor(monthly, at("2028-03-01T08:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" }); // leap February
    expect(periodFor(monthly, at("2026-03-01T08:00:00Z"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    // Day 15: 15 Apr 2026 -> March.
    expect(periodFor(parsed(["monthly", "15", "09:00"]), at("2026-04-15T07:00:00Z"))).toEqual({ from: "2026-03-01", to: "2026-03-31" });
  });

  it("gives a stable key, which is also a custom period resolvePeriod accepts", () => {
    const due = at("2026-11-23T08:00:00Z");
    expect(periodKeyFor(mondayParis, due)).toBe("2026-11-16..2026-11-22");
    // A catch-up later in the week finds the same run, hence the same key.
    for (const now of [due, at("2026-11-25T10:00:00Z"), at("2026-11-30T07:59:59.999Z")]) {
      expect(periodKeyFor(mondayParis, dueAtOrBefore(mondayParis, now))).toBe("2026-11-16..2026-11-22");
    }
    expect(periodKeyFor(mondayParis, dueAtOrBefore(mondayParis, at("2026-11-30T08:00:00Z")))).toBe("2026-11-23..2026-11-29");
    expect(periodKeyFor(parsed(["daily", "08:30"]), at("2026-11-23T07:30:00Z"))).toBe("2026-11-22..2026-11-22");
    const period = resolvePeriod(periodFor(mondayParis, due), "Europe/Paris");
    expect([iso(period.start), iso(period.end)]).toEqual(["2026-11-15T23:00:00.000Z", "2026-11-22T23:00:00.000Z"]);
  });

  it("the period before is one period of the same kind", () => {
    expect(previousPeriod({ from: "2026-11-16", to: "2026-11-22" }, "weekly")).toEqual({ from: "2026-11-09", to: "2026-11-15" });
    expect(previousPeriod({ from: "2026-01-05", to: "2026-01-11" }, "weekly")).toEqual({ from: "2025-12-29", to: "2026-01-04" });
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-01" }, "daily")).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(previousPeriod({ from: "2028-03-01", to: "2028-03-01" }, "daily")).toEqual({ from: "2028-02-29", to: "2028-02-29" });
    expect(previousPeriod({ from: "2026-01-01", to: "2026-01-31" }, "monthly")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(previousPeriod({ from: "2028-03-01", to: "2028-03-31" }, "monthly")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(previousPeriod({ from: "2026-05-01", to: "2026-05-31" }, "monthly")).toEqual({ from: "2026-04-01", to: "2026-04-30" });
  });

  it("the period before is what the run before reported on", () => {
    const now = at("2026-11-25T10:00:00Z");
    for (const words of [
      ["daily", "02:30"],
      ["weekly", "wed", "09:00"],
      ["weekly", "sun", "20:00"],
      ["monthly", "1", "09:00"],
    ]) {
      const schedule = parsed(words);
      const due = dueAtOrBefore(schedule, now);
      const before = dueAtOrBefore(schedule, due - 1);
      expect(previousPeriod(periodFor(schedule, due), schedule.frequency)).toEqual(periodFor(schedule, before));
    }
  });
});

describe("describeDigestSchedule", () => {
  it("says when, in words", () => {
    expect(describeDigestSchedule(mondayParis)).toBe("every Monday at 09:00 (Europe/Paris)");
    expect(describeDigestSchedule(parsed(["weekly", "dimanche", "9:05"]))).toBe("every Sunday at 09:05 (Europe/Paris)");
    expect(describeDigestSchedule(parsed(["daily", "08:30"], "UTC"))).toBe("every day at 08:30 (UTC)");
    expect(describeDigestSchedule(parsed(["monthly", "09:00"], "America/New_York"))).toBe(
      "on day 1 of every month at 09:00 (America/New_York)",
    );
  });
});

describe("splitDigestWords: the words after /pulse digest add #channel", () => {
  it("takes a last word naming a report as the report, else the default", () => {
    expect(splitDigestWords(["weekly", "mon", "09:00", "Assignments"])).toEqual({
      scheduleWords: ["weekly", "mon", "09:00"],
      report: "assignments",
    });
    expect(splitDigestWords(["daily", "08:30"])).toEqual({ scheduleWords: ["daily", "08:30"], report: "agent-performance" });
    expect(splitDigestWords(["daily", "08:30", "csat"])).toEqual({
      scheduleWords: ["daily", "08:30", "csat"],
      report: "agent-performance",
    });
    expect(splitDigestWords([])).toEqual({ scheduleWords: [], report: "agent-performance" });
  });
});
