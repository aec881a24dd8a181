// Business hours over time: versions with an effective date, the default hours following the
// workspace's zone, and the recompute that applies a change to stored conversations.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSchedule, type BusinessSchedule } from "../../src/domain/business-hours/schedule.ts";
import { parseWeeklyHours } from "../../src/domain/business-hours/hours-text.ts";
import { buildConversations, type StoredEmailEvent } from "../../src/domain/email-conversations.ts";
import { conversationMetrics } from "../../src/domain/email-metrics.ts";
import { mulberry32, type Rng } from "../../src/demo/random.ts";
import {
  describeVersions,
  FROM_THE_START,
  implicitVersion,
  planScheduleChange,
  scheduleAt,
  versionAt,
  type EffectiveDate,
  type ScheduleChange,
  type ScheduleVersion,
} from "../../src/domain/schedule-versions.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { drainRecomputes, recomputeBatch, recomputeCursor } from "../../src/store/events/schedule-recompute.ts";
import { scheduleTimeline } from "../../src/store/workspace/schedules.ts";
import { openDatabase } from "../../src/store/engine/database.ts";
import { agentPerformance, agentRow } from "../support/agent-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const H = 3600;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function hours(spec: string, timeZone: string, holidays: string[] = []): BusinessSchedule {
  const parsed = parseWeeklyHours(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  return { timeZone, intervals: parsed.intervals, holidays };
}

describe("planScheduleChange", () => {
  const now = Date.parse("2026-11-12T15:00:00Z");
  const tenToEleven = hours("mon-fri 10:00-11:00", "UTC");

  it("a first change without a date covers all history", () => {
    const plan = planScheduleChange([], "UTC", { kind: "hours", schedule: tenToEleven, from: null }, now);
    expect(plan.upsert).toEqual([{ effectiveFrom: FROM_THE_START, schedule: tenToEleven, followsTimeZone: false }]);
    expect(plan.recompute).toEqual({ from: FROM_THE_START, until: null });
  });

  it("a later change without a date starts today, at local midnight in its zone", () => {
    const versions = [{ effectiveFrom: FROM_THE_START, schedule: tenToEleven, followsTimeZone: false }];
    const paris = hours("mon-fri 10:00-11:00", "Europe/Paris");
    const plan = planScheduleChange(versions, "UTC", { kind: "hours", schedule: paris, from: null }, now);
    expect(plan.effectiveFrom).toBe(Date.parse("2026-11-11T23:00:00Z"));
    expect(plan.recompute).toEqual({ from: Date.parse("2026-11-11T23:00:00Z"), until: null });
  });

  it("a first change dated later keeps the default hours of the workspace's zone before it", () => {
    const plan = planScheduleChange([], "Asia/Tokyo", { kind: "hours", schedule: tenToEleven, from: { date: "2026-06-01" } }, now);
    expect(plan.upsert).toEqual([
      implicitVersion("Asia/Tokyo"),
      { effectiveFrom: day("2026-06-01"), schedule: tenToEleven, followsTimeZone: false },
    ]);
  });

  it("a change dated before a later version applies until that version", () => {
    const versions = [implicitVersion("UTC"), { effectiveFrom: day("2026-06-01"), schedule: tenToEleven, followsTimeZone: false }];
    const always = hours("mon-sun 00:00-24:00", "UTC");
    const plan = planScheduleChange(versions, "UTC", { kind: "hours", schedule: always, from: { date: "2026-03-01" } }, now);
    expect(plan.recompute).toEqual({ from: day("2026-03-01"), until: day("2026-06-01") });
  });

  it("a zone change versions the default hours, and leaves custom hours in their own zone", () => {
    const zone: ScheduleChange = { kind: "time-zone", timeZone: "Asia/Tokyo", from: { date: "2026-11-01" } };
    const followed = planScheduleChange([implicitVersion("UTC")], "UTC", zone, now);
    expect(followed.upsert).toEqual([
      { effectiveFrom: Date.parse("2026-10-31T15:00:00Z"), schedule: defaultSchedule("Asia/Tokyo"), followsTimeZone: true },
    ]);
    const custom = planScheduleChange([{ effectiveFrom: FROM_THE_START, schedule: tenToEleven, followsTimeZone: false }], "UTC", zone, now);
    expect(custom).toMatchObject({ upsert: [], recompute: null, unchanged: "custom-hours-keep-their-zone" });
  });

  it("the same hours again write nothing", () => {
    const versions = [{ effectiveFrom: FROM_THE_START, schedule: tenToEleven, followsTimeZone: false }];
    expect(planScheduleChange(versions, "UTC", { kind: "hours", schedule: tenToEleven, from: null }, now).unchanged).toBe("same-schedule");
  });

  it("names both versions across a change, one alone otherwise", () => {
    const versions: ScheduleVersion[] = [
      implicitVersion("UTC"),
      { effectiveFrom: day("2026-11-15"), schedule: tenToEleven, followsTimeZone: false },
    ];
    expect(describeVersions(versions)).toBe("Mon-Fri 09:00-17:00 (UTC) before 2026-11-15; Mon-Fri 10:00-11:00 (UTC) from 2026-11-15");
    expect(describeVersions([versions[1]!])).toBe("Mon-Fri 10:00-11:00 (UTC)");
  });
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const received = (id: string, thread: string, at: string, email = `${thread}@example.com`) => ({
  type: "email.received",
  id,
  occurredAt: at,
  threadId: thread,
  customer: { email },
});
const replied = (id: string, thread: string, at: string, name: string) => ({
  type: "email.replied",
  id,
  occurredAt: at,
  threadId: thread,
  agent: { name },
});

async function ingest(ws: string, events: object[]): Promise<void> {
  const outcome = await ingestEvents(db.sql, ws, events);
  expect(outcome.rejected).toBe(0);
}

describe("business hours that apply to the history you import", () => {
  it("hours set first, then the past imported: the imported conversations use the new hours", async () => {
    const ws = "TSCHED1";
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-fri 10:00-11:00", "UTC"), from: null });
    // Mon 2 Mar 2026, 09:00 -> 12:00 UTC: 1 h of business time (3 h with the default hours).
    await ingest(ws, [received("m1", "tm", "2026-03-02T09:00:00Z"), replied("m2", "tm", "2026-03-02T12:00:00Z", "Mia")]);
    const r = await agentPerformance(db, ws, "2026-03-02..2026-03-02");
    expect(agentRow(r, "Mia").firstResponse.businessHours.average).toBe(1 * H);
    expect(describeVersions(r.schedules)).toBe("Mon-Fri 10:00-11:00 (UTC)");
  });

  it("a version dated in the past recomputes the stored conversations it covers, and the header names both", async () => {
    const ws = "TSCHED2";
    await ingest(ws, [
      received("p1", "tp", "2026-11-09T09:00:00Z"),
      replied("p2", "tp", "2026-11-09T12:00:00Z", "Pat"),
      received("q1", "tq", "2026-11-16T09:00:00Z"),
      replied("q2", "tq", "2026-11-16T12:00:00Z", "Quinn"),
    ]);
    const plan = await applyScheduleChange(db.sql, ws, {
      kind: "hours",
      schedule: hours("mon-fri 10:00-11:00", "UTC"),
      from: { date: "2026-11-15" },
    });
    expect(plan.recompute).toEqual({ from: day("2026-11-15"), until: null });
    expect(await recomputeCursor(db.sql, ws)).toBe(day("2026-11-15"));
    // Before the recompute runs, Quinn still has the figure of the default hours.
    expect(agentRow(await agentPerformance(db, ws, "2026-11-09..2026-11-16"), "Quinn").firstResponse.businessHours.average).toBe(3 * H);
    expect(await drainRecomputes(db.sql, { workspaceId: ws })).toBe(1);
    expect(await recomputeCursor(db.sql, ws)).toBeNull();
    const r = await agentPerformance(db, ws, "2026-11-09..2026-11-16");
    expect(agentRow(r, "Pat").firstResponse.businessHours.average).toBe(3 * H);
    expect(agentRow(r, "Quinn").firstResponse.businessHours.average).toBe(1 * H);
    expect(describeVersions(r.schedules)).toBe("Mon-Fri 09:00-17:00 (UTC) before 2026-11-15; Mon-Fri 10:00-11:00 (UTC) from 2026-11-15");
    // A period after the change names only the version it used.
    expect(describeVersions((await agentPerformance(db, ws, "2026-11-16..2026-11-16")).schedules)).toBe("Mon-Fri 10:00-11:00 (UTC)");
  });

  it("the header also names the version of a conversation that started before the period", async () => {
    const ws = "TSCHED3";
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-fri 10:00-11:00", "UTC"), from: { date: "2026-11-15" } });
    // Started Fri 13 Nov (default hours), answered Mon 16 Nov.
    await ingest(ws, [received("s1", "ts", "2026-11-13T16:00:00Z"), replied("s2", "ts", "2026-11-16T09:30:00Z", "Sam")]);
    const r = await agentPerformance(db, ws, "2026-11-16..2026-11-16");
    expect(agentRow(r, "Sam").firstResponse.businessHours.average).toBe(1.5 * H);
    expect(describeVersions(r.schedules)).toContain("before 2026-11-15");
  });
});

describe("one schedule per conversation, whatever the order events arrive in", () => {
  const erinAndLarry = async (ws: string, from: EffectiveDate | null, drainBetween: boolean) => {
    await ingest(ws, [
      received("te1", "te", "2026-11-09T07:10:00Z"),
      received("tl1", "tl", "2026-11-09T07:10:00Z"),
      replied("te2", "te", "2026-11-09T10:10:00Z", "Erin"),
    ]);
    await applyScheduleChange(db.sql, ws, { kind: "time-zone", timeZone: "Asia/Tokyo", from }, Date.parse("2026-11-20T12:00:00Z"));
    if (drainBetween) await drainRecomputes(db.sql, { workspaceId: ws });
    await ingest(ws, [replied("tl2", "tl", "2026-11-09T10:10:00Z", "Larry")]);
    await drainRecomputes(db.sql, { workspaceId: ws });
    const r = await agentPerformance(db, ws, "2026-11-09..2026-11-09");
    return [agentRow(r, "Erin").firstResponse, agentRow(r, "Larry").firstResponse];
  };

  it("a zone change dated after them leaves both on the zone they started in (UTC: 70 min of business time)", async () => {
    const [erin, larry] = await erinAndLarry("TZONE1", { date: "2026-11-20" }, true);
    expect(erin).toEqual(larry);
    expect(erin!.businessHours.average).toBe(4200);
  });

  it("a zone change covering all history measures both in the new zone (Tokyo: 50 min), in either order", async () => {
    for (const [ws, drain] of [
      ["TZONE2", true],
      ["TZONE3", false],
    ] as const) {
      const [erin, larry] = await erinAndLarry(ws, "start", drain);
      expect(erin).toEqual(larry);
      expect(erin!.businessHours.average).toBe(3000);
      expect(erin!.countInHours).toBe(0);
    }
  });

  it("the first zone change of a workspace covers all history by default", async () => {
    const ws = "TZONE4";
    await ingest(ws, [received("f1", "tf", "2026-11-09T07:10:00Z"), replied("f2", "tf", "2026-11-09T10:10:00Z", "Finn")]);
    await applyScheduleChange(db.sql, ws, { kind: "time-zone", timeZone: "Asia/Tokyo", from: null });
    await drainRecomputes(db.sql, { workspaceId: ws });
    const r = await agentPerformance(db, ws, "2026-11-09..2026-11-09");
    expect(agentRow(r, "Finn").firstResponse.businessHours.average).toBe(3000);
  });
});

describe("the recompute", () => {
  /** One conversation a day from Mon 9 Nov, 08:00 -> 12:00 UTC, answered by `agent`. */
  const daily = (prefix: string, days: number, agent: string) =>
    Array.from({ length: days }, (_, i) => {
      const date = `2026-11-${String(9 + i).padStart(2, "0")}`;
      return [
        received(`${prefix}${i}a`, `t${prefix}${i}`, `${date}T08:00:00Z`),
        replied(`${prefix}${i}b`, `t${prefix}${i}`, `${date}T12:00:00Z`, agent),
      ];
    }).flat();

  it("runs in batches, resumes after a crash from its last batch, and a second run changes nothing", async () => {
    const ws = "TBATCH";
    await ingest(ws, daily("b", 7, "Bo"));
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-sun 00:00-24:00", "UTC"), from: "start" });
    expect(await recomputeBatch(db.sql, ws, 3)).toEqual({ measured: 3, done: false });
    // The process dies here; another one (a new connection) picks the work up where it stopped.
    const other = await openDatabase(db.url);
    try {
      expect(await drainRecomputes(other.sql, { workspaceId: ws, batchSize: 3 })).toBe(4);
    } finally {
      await other.close();
    }
    const stored = () =>
      db.sql.query<{ id: string; s: number; in_hours: boolean | number }>(
        "SELECT id, first_response_business_s AS s, first_response_in_hours AS in_hours FROM email_conversations WHERE workspace_id = ? ORDER BY id",
        [ws],
      );
    const after = await stored();
    expect(after.map((r) => Number(r.s))).toEqual(Array(7).fill(4 * H));
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-sun 00:00-24:00", "UTC"), from: "start" });
    await drainRecomputes(db.sql, { workspaceId: ws });
    expect(await stored()).toEqual(after);
  });

  it("a change while a recompute is under way goes back to cover what the batches already passed", async () => {
    const ws = "TMERGE";
    await ingest(ws, daily("g", 4, "Gil"));
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-sun 00:00-24:00", "UTC"), from: "start" });
    await recomputeBatch(db.sql, ws, 2);
    await applyScheduleChange(db.sql, ws, { kind: "hours", schedule: hours("mon-sun 10:00-11:00", "UTC"), from: "start" });
    await drainRecomputes(db.sql, { workspaceId: ws, batchSize: 2 });
    const rows = await db.sql.query<{ s: number }>(
      "SELECT first_response_business_s AS s FROM email_conversations WHERE workspace_id = ?",
      [ws],
    );
    expect(rows.map((r) => Number(r.s))).toEqual(Array(4).fill(H));
  });

  it("CLI: hours set --from recomputes and says so; a bad --from names the flag", async () => {
    const run = promisify(execFile);
    const cli = (...args: string[]) =>
      run(process.execPath, ["bin/inbox-pulse.js", ...args], { env: { ...process.env, DATABASE_URL: db.url } }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const ws = "TCLIHOURS";
    await ingest(ws, [received("c1", "tc", "2026-11-16T09:00:00Z"), replied("c2", "tc", "2026-11-16T12:00:00Z", "Cal")]);
    const bad = await cli("hours", "set", "--workspace", ws, "--weekly", "mon-fri 10:00-11:00", "--from", "2026-13-01");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: expected a date as YYYY-MM-DD (1970 to 2100) or "start" (all history), got "2026-13-01"');
    const set = await cli("hours", "set", "--workspace", ws, "--weekly", "mon-fri 10:00-11:00", "--from", "2026-11-01");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`Business hours of ${ws} from 2026-11-01: Mon-Fri 10:00-11:00 (UTC)`);
    expect(set.stdout).toContain("Recomputed the business-hours figures of 1 conversation(s).");
    const show = await cli("hours", "show", "--workspace", ws);
    expect(show.stdout).toContain("from the start (all history): Mon-Fri 09:00-17:00 (UTC)");
    expect(show.stdout).toContain("from 2026-11-01: Mon-Fri 10:00-11:00 (UTC)");
    expect(agentRow(await agentPerformance(db, ws, "2026-11-16..2026-11-16"), "Cal").firstResponse.businessHours.average).toBe(H);
  });
});

describe("property: any arrival order, any changes between batches, the figures of a full rebuild", () => {
  const ZONES = ["UTC", "Asia/Tokyo", "America/New_York"];
  const HOURS = ["mon-fri 10:00-11:00", "mon-sun 00:00-24:00", "mon-fri 09:00-17:00; sat 10:00-14:00"];
  const DATES: (EffectiveDate | null)[] = [null, "start", { date: "2026-11-04" }, { date: "2026-11-11" }, { date: "2026-11-18" }];
  const NOW = Date.parse("2026-11-12T12:00:00Z");
  const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

  /** A customer's conversations one after another, each received, maybe replied, maybe closed, maybe reopened. */
  function history(rng: Rng, run: number) {
    const events: {
      type: string;
      id: string;
      occurredAt: string;
      threadId: string;
      customer?: { email: string };
      agent?: { name: string };
    }[] = [];
    for (let c = 0; c < 5; c++) {
      const thread = `r${run}c${c}`;
      let at = Date.parse("2026-11-01T00:00:00Z") + Math.floor(rng() * 5 * 86_400_000);
      for (let n = 0; n < 1 + Math.floor(rng() * 3); n++) {
        const id = `${thread}n${n}`;
        events.push({
          type: "email.received",
          id: `${id}r`,
          occurredAt: new Date(at).toISOString(),
          threadId: thread,
          customer: { email: `${thread}@example.com` },
        });
        at += Math.floor(rng() * 60 * 3_600_000);
        if (rng() < 0.8)
          events.push({
            type: "email.replied",
            id: `${id}p`,
            occurredAt: new Date(at).toISOString(),
            threadId: thread,
            agent: { name: pick(rng, ["Ann", "Bob"]) },
          });
        at += Math.floor(rng() * 40 * 3_600_000);
        if (rng() < 0.7) {
          events.push({
            type: "email.closed",
            id: `${id}c`,
            occurredAt: new Date(at).toISOString(),
            threadId: thread,
            agent: { name: "Ann" },
          });
          if (rng() < 0.2) {
            at += 3_600_000;
            events.push({ type: "email.reopened", id: `${id}o`, occurredAt: new Date(at).toISOString(), threadId: thread });
            at += Math.floor(rng() * 10 * 3_600_000);
            events.push({
              type: "email.closed",
              id: `${id}d`,
              occurredAt: new Date(at).toISOString(),
              threadId: thread,
              agent: { name: "Bob" },
            });
          }
        }
        at += Math.floor(rng() * 48 * 3_600_000) + 60_000;
      }
    }
    return events;
  }

  /** The effective-date rule, restated: a version per date, the default hours following the zone. */
  function model(changes: ScheduleChange[]): { versions: ScheduleVersion[]; zone: string } {
    const versions = new Map<number, ScheduleVersion>();
    let zone = "UTC";
    for (const change of changes) {
      const target = change.kind === "hours" ? change.schedule.timeZone : change.timeZone;
      const from = change.from ?? (versions.size === 0 ? "start" : { date: new Date(NOW + offsetMs(target)).toISOString().slice(0, 10) });
      const at = from === "start" ? FROM_THE_START : day(from.date) - offsetMs(target);
      const sorted = () => [...versions.values()].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
      const inForce = versionAt(sorted(), at) ?? implicitVersion(zone);
      let next: ScheduleVersion | null = null;
      if (change.kind === "hours") next = { effectiveFrom: at, schedule: change.schedule, followsTimeZone: false };
      else if (inForce.followsTimeZone && inForce.schedule.timeZone !== change.timeZone)
        next = { effectiveFrom: at, schedule: defaultSchedule(change.timeZone), followsTimeZone: true };
      if (next) {
        if (versions.size === 0 && at > FROM_THE_START) versions.set(FROM_THE_START, implicitVersion(zone));
        versions.set(at, next);
      }
      if (change.kind === "time-zone") zone = change.timeZone;
    }
    return { versions: [...versions.values()].sort((a, b) => a.effectiveFrom - b.effectiveFrom), zone };
  }
  // November 2026: Tokyo is UTC+9, New York UTC-5 (after 1 Nov).
  const offsetMs = (zone: string) => (zone === "Asia/Tokyo" ? 9 : zone === "America/New_York" ? -5 : 0) * H * 1000;

  it("holds over 12 random runs", async () => {
    for (let run = 0; run < 12; run++) {
      const rng = mulberry32(1000 + run);
      const ws = `TPROP${run}`;
      const events = history(rng, run).sort(() => rng() - 0.5);
      const changes: ScheduleChange[] = [];
      const batches = 2 + Math.floor(rng() * 3);
      for (let b = 0; b < batches; b++) {
        await ingest(ws, events.slice(Math.floor((b * events.length) / batches), Math.floor(((b + 1) * events.length) / batches)));
        if (rng() < 0.8) {
          const change: ScheduleChange =
            rng() < 0.5
              ? { kind: "time-zone", timeZone: pick(rng, ZONES), from: pick(rng, DATES) }
              : { kind: "hours", schedule: hours(pick(rng, HOURS), pick(rng, ZONES)), from: pick(rng, DATES) };
          await applyScheduleChange(db.sql, ws, change, NOW);
          changes.push(change);
          // Sometimes the recompute runs between batches, sometimes only at the end.
          if (rng() < 0.5) await drainRecomputes(db.sql, { workspaceId: ws });
        }
      }
      await drainRecomputes(db.sql, { workspaceId: ws });

      const expected = model(changes);
      const stored = await scheduleTimeline(db.sql, ws);
      // Versions that write the same hours as the one before them change no figure; compare what applies.
      for (const at of [FROM_THE_START, day("2026-11-05"), day("2026-11-12"), day("2026-11-19"), day("2026-11-30")]) {
        expect(
          scheduleAt(stored.versions, at, stored.fallback),
          `run ${run} at ${new Date(at).toISOString()}: ${JSON.stringify(changes)} ${JSON.stringify(stored.versions)}`,
        ).toEqual(scheduleAt(expected.versions, at, defaultSchedule(expected.zone)));
      }
      const byThread = new Map<string, typeof events>();
      for (const e of events) byThread.set(e.threadId, [...(byThread.get(e.threadId) ?? []), e]);
      const rebuilt = [...byThread].flatMap(([thread, list]) =>
        buildConversations(
          `${thread}@example.com`,
          list.map(
            (e): StoredEmailEvent => ({
              eventId: e.id,
              type: e.type as StoredEmailEvent["type"],
              occurredAt: Date.parse(e.occurredAt),
              customerName: null,
              agent: e.agent ? { id: null, name: e.agent.name, email: null } : null,
              automatic: false,
            }),
          ),
        ).map((c) => {
          const m = conversationMetrics(c, scheduleAt(expected.versions, c.startedAt, defaultSchedule(expected.zone)));
          return {
            id: c.id,
            fr: m.firstResponseBusinessSeconds,
            frIn: m.firstResponseInHours,
            res: m.resolutionBusinessSeconds,
            resIn: m.closedInHours,
          };
        }),
      );
      const rows = await db.sql.query<{
        id: string;
        fr: number | null;
        fr_in: boolean | number | null;
        res: number | null;
        res_in: boolean | number | null;
      }>(
        `SELECT id, first_response_business_s AS fr, first_response_in_hours AS fr_in, resolution_business_s AS res, closed_in_hours AS res_in
         FROM email_conversations WHERE workspace_id = ?`,
        [ws],
      );
      const bool = (v: boolean | number | null) => (v === null ? null : Boolean(v));
      const num = (v: number | null) => (v === null ? null : Number(v));
      const actual = rows.map((r) => ({ id: r.id, fr: num(r.fr), frIn: bool(r.fr_in), res: num(r.res), resIn: bool(r.res_in) }));
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      expect(actual.sort(byId), `run ${run}: ${JSON.stringify(changes)}`).toEqual(rebuilt.sort(byId));
    }
  });
});
