// Alert rules evaluated at chosen instants (src/alerts/alert-evaluation.ts), on the real
// database: a waiting clock that pauses overnight and on a holiday and across a DST night,
// a sliding window across midnight, a source's spike and drop against its 4-week baseline,
// and the minimum volumes. Europe/Paris, Mon-Fri 09:00-17:00 unless said otherwise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateAlertRule } from "../../src/alerts/alert-evaluation.ts";
import type { AlertCondition } from "../../src/domain/alert-rules.ts";
import { defaultSchedule } from "../../src/domain/business-hours/schedule.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, received, replied } from "../support/events.ts";

let db: TestDatabase;
const H = 3600;
const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };

async function workspace(id: string, holidays: string[] = []): Promise<string> {
  await applyScheduleChange(db, id, { kind: "hours", schedule: { ...defaultSchedule("Europe/Paris"), holidays }, from: "start" });
  return id;
}

const evaluate = async (ws: string, condition: AlertCondition, at: string) =>
  evaluateAlertRule(await loadReportContext(db, ws, Date.parse(at)), { condition, cooldownSeconds: H });

const waiting = (hours: number, clock: "business" | "any-time" = "business"): AlertCondition => ({
  kind: "waiting",
  thresholdSeconds: hours * H,
  clock,
});

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

describe("waiting for a first reply", () => {
  it("counts business time: paused overnight, over the weekend and on a holiday", async () => {
    // Mon 23 Nov 2026 is a holiday here. Fri 20 Nov 16:00 Paris (15:00Z): one open hour left that day.
    const ws = await workspace("TALWAIT", ["2026-11-23"]);
    await ingestEvents(db, ws, [received("w1", "zoe", "2026-11-20T15:00:00Z", "Zoé <b>*Urgent*</b>")]);
    // Fri 17:00 Paris: 1 h so far; still 1 h all weekend and on the holiday.
    expect((await evaluate(ws, waiting(2), "2026-11-23T15:00:00Z")).evaluation).toEqual({ holds: false });
    // Tue 24 Nov 09:59 Paris: 1 h 59 min.
    expect((await evaluate(ws, waiting(2), "2026-11-24T08:59:00Z")).evaluation).toEqual({ holds: false });
    // Tue 10:01 Paris: 2 h 1 min of business time, 90 h of clock time.
    const late = await evaluate(ws, waiting(2), "2026-11-24T09:01:00Z");
    expect(late.evaluation).toEqual({ holds: true, value: 2 * H + 60 });
    expect(late.findings).toEqual({
      kind: "waiting",
      count: 1,
      oldest: [{ customer: "Zoé <b>*Urgent*</b>", startedAt: Date.parse("2026-11-20T15:00:00Z"), waitedMs: (2 * H + 60) * 1000 }],
    });
    // any-time: the clock never stops.
    expect((await evaluate(ws, waiting(2, "any-time"), "2026-11-20T17:01:00Z")).evaluation).toEqual({ holds: true, value: 2 * H + 60 });
  });

  it("starts nothing outside business hours, and clears as soon as the customer is answered", async () => {
    const ws = await workspace("TALWAIT2");
    await ingestEvents(db, ws, [received("n1", "nia", "2026-11-24T08:00:00Z")]);
    // Tue 17:30 Paris: 8 h waited, but the office is closed.
    expect((await evaluate(ws, waiting(2), "2026-11-24T16:30:00Z")).evaluation).toEqual({ holds: "not-now" });
    // any-time rules have no such pause.
    expect((await evaluate(ws, waiting(2, "any-time"), "2026-11-24T16:30:00Z")).evaluation.holds).toBe(true);
    await ingestEvents(db, ws, [replied("n2", "nia", "2026-11-24T16:40:00Z", FOX)]);
    expect((await evaluate(ws, waiting(2), "2026-11-25T08:30:00Z")).evaluation).toEqual({ holds: false });
  });

  it("counts real hours across the DST night (any-time: 25 h between two 09:00s)", async () => {
    const ws = await workspace("TALDST");
    // Sat 24 Oct 2026 09:00 Paris (07:00Z) to Sun 25 Oct 09:00 Paris (08:00Z): clocks went back.
    await ingestEvents(db, ws, [received("d1", "dan", "2026-10-24T07:00:00Z")]);
    expect((await evaluate(ws, waiting(25, "any-time"), "2026-10-25T08:00:00Z")).evaluation).toEqual({ holds: false });
    expect((await evaluate(ws, waiting(25, "any-time"), "2026-10-25T08:01:00Z")).evaluation).toEqual({ holds: true, value: 25 * H + 60 });
    // Business time: the weekend counts nothing; Mon 26 Oct 11:00 Paris (10:00Z) is 2 h.
    expect((await evaluate(ws, waiting(2), "2026-10-26T10:00:00Z")).evaluation).toEqual({ holds: false });
    expect((await evaluate(ws, waiting(2), "2026-10-26T10:00:01Z")).evaluation).toEqual({ holds: true, value: 2 * H + 1 });
  });

  it("lists the oldest 10 and counts them all", async () => {
    const ws = await workspace("TALMANY");
    await ingestEvents(
      db,
      ws,
      Array.from({ length: 12 }, (_, i) =>
        received(`m${i}`, `c${i}`, `2026-11-24T0${i < 10 ? 8 : 9}:${String(i * 2).padStart(2, "0")}:00Z`),
      ),
    );
    const result = await evaluate(ws, waiting(1, "any-time"), "2026-11-24T12:00:00Z");
    expect(result.findings).toMatchObject({ kind: "waiting", count: 12 });
    if (result.findings.kind !== "waiting") throw new Error("waiting findings expected");
    expect(result.findings.oldest.map((c) => c.customer)).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}@example.com`));
  });
});

describe("first-response and resolution times over a sliding window", () => {
  const firstResponse = (over: Partial<Extract<AlertCondition, { kind: "response-time" }>> = {}): AlertCondition => ({
    kind: "response-time",
    metric: "first-response",
    thresholdSeconds: H,
    windowSeconds: 4 * H,
    statistic: "median",
    clock: "any-time",
    agent: null,
    minVolume: 3,
    ...over,
  });

  it("reads the window across midnight, with its minimum volume, median or average, team or agent", async () => {
    const ws = await workspace("TALWIN");
    // Replies at 22:30, 23:30 (Mon) and 00:30 (Tue) UTC, after 30 min, 2 h and 3 h.
    await ingestEvents(db, ws, [
      received("a1", "a", "2026-11-23T22:00:00Z"),
      replied("a2", "a", "2026-11-23T22:30:00Z", FOX),
      received("b1", "b", "2026-11-23T21:30:00Z"),
      replied("b2", "b", "2026-11-23T23:30:00Z", FOX),
      received("c1", "c", "2026-11-23T21:30:00Z"),
      replied("c2", "c", "2026-11-24T00:30:00Z", ANN),
    ]);
    // At 01:00 the last 4 h hold all three: median 2 h > 1 h.
    const at = "2026-11-24T01:00:00Z";
    expect((await evaluate(ws, firstResponse(), at)).evaluation).toEqual({ holds: true, value: 2 * H });
    expect((await evaluate(ws, firstResponse({ statistic: "average" }), at)).evaluation).toEqual({
      holds: true,
      value: ((0.5 + 2 + 3) * H) / 3,
    });
    // Fewer than the minimum volume: quiet.
    expect((await evaluate(ws, firstResponse({ minVolume: 4 }), at)).evaluation).toEqual({ holds: false });
    // Fox alone: 30 min and 2 h, median 1 h 15 min.
    expect((await evaluate(ws, firstResponse({ agent: "fox@example.com", minVolume: 2 }), at)).evaluation).toEqual({
      holds: true,
      value: 1.25 * H,
    });
    // At 02:45 the window (22:45-02:45) has lost the 22:30 reply.
    expect((await evaluate(ws, firstResponse(), "2026-11-24T02:45:00Z")).findings).toEqual({
      kind: "response-time",
      count: 2,
      seconds: 2.5 * H,
    });
    // An agent the inbox does not know: nothing to count.
    expect((await evaluate(ws, firstResponse({ agent: "nobody@example.com", minVolume: 1 }), at)).findings).toEqual({
      kind: "response-time",
      count: 0,
      seconds: null,
    });
  });
});

describe("a source against the same window of the 4 weeks before", () => {
  const change = (direction: "up" | "down", percent: number, minVolume = 20): AlertCondition => ({
    kind: "source-change",
    source: "bot",
    direction,
    percent,
    windowSeconds: 86_400,
    minVolume,
  });
  const bots = (day: string, n: number, source = "bot") =>
    Array.from({ length: n }, (_, i) =>
      assignment({
        id: `${source}-${day}-${i}`,
        contact: { id: `k-${day}-${i}` },
        occurredAt: `${day}T10:${String(i % 60).padStart(2, "0")}:00Z`,
        source,
      }),
    );

  it("fires on a spike and on a drop, each with its minimum volume", async () => {
    const ws = await workspace("TALSRC");
    // The 4 weeks before: 20, 22, 24, 100 on the same weekday (median 23); the unusual week does not move it.
    await ingestEvents(db, ws, [
      ...bots("2026-10-27", 20),
      ...bots("2026-11-03", 22),
      ...bots("2026-11-10", 24),
      ...bots("2026-11-17", 100),
      ...bots("2026-11-24", 50),
      ...bots("2026-11-24", 30, "workflow"),
    ]);
    const at = "2026-11-24T23:00:00Z";
    const spike = await evaluate(ws, change("up", 100), at);
    expect(spike.findings).toEqual({
      kind: "source-change",
      current: 50,
      baseline: 23,
      weeks: [100, 24, 22, 20],
      changePercent: (27 / 23) * 100,
    });
    expect(spike.evaluation).toEqual({ holds: true, value: 50 });
    expect((await evaluate(ws, change("up", 150), at)).evaluation).toEqual({ holds: false });
    // Below its minimum volume a spike is not one.
    expect((await evaluate(ws, change("up", 100, 51), at)).evaluation).toEqual({ holds: false });
    // A spike is no drop.
    expect((await evaluate(ws, change("down", 50), at)).evaluation).toEqual({ holds: false });
  });

  it("a drop against a busy baseline, and never from an empty one", async () => {
    const ws = await workspace("TALDROP");
    await ingestEvents(db, ws, [
      ...bots("2026-10-27", 30),
      ...bots("2026-11-03", 30),
      ...bots("2026-11-10", 40),
      ...bots("2026-11-17", 30),
      ...bots("2026-11-24", 5),
    ]);
    const at = "2026-11-24T23:00:00Z";
    expect((await evaluate(ws, change("down", 50), at)).evaluation).toEqual({ holds: true, value: 25 });
    expect((await evaluate(ws, change("down", 50, 31), at)).evaluation).toEqual({ holds: false });
    const empty = await workspace("TALNONE");
    expect((await evaluate(empty, change("down", 50, 1), at)).evaluation).toEqual({ holds: false });
    await ingestEvents(db, empty, bots("2026-11-24", 25));
    // From nothing to 25: a spike once past the minimum volume.
    expect((await evaluate(empty, change("up", 100), at)).findings).toMatchObject({ current: 25, baseline: 0, changePercent: null });
    expect((await evaluate(empty, change("up", 100), at)).evaluation).toEqual({ holds: true, value: 25 });
  });
});
