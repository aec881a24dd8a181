// Hand-computed agent figures. Europe/Paris, business hours Mon-Fri 09:00-17:00 (the default),
// the week of Mon 16 - Fri 20 Nov 2026 (Paris is UTC+1).
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSchedule } from "../../src/domain/business-hours/schedule.ts";
import { NOT_APPLICABLE } from "../../src/domain/notices.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { agentPerformance, agentRow } from "../support/agent-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { received, replied, WORKED_EXAMPLE } from "../support/events.ts";

let db: TestDatabase;
const WS = "TAGENTS";
const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };
const H = 3600;

const report = (text: string) => agentPerformance(db, WS, text);
const agent = agentRow;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, WS, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const outcome = await ingestEvents(db, WS, WORKED_EXAMPLE);
  expect(outcome.rejected).toBe(0);
});
afterAll(async () => {
  await db.destroy();
});

describe("agent performance", () => {
  it("credits first responses to the first replier, with counts, averages, medians and p90", async () => {
    const r = await report("2026-11-16..2026-11-20");
    // Slowest first: Fox's average first response (40 min in business hours) before Ann's (0).
    expect(r.agents.map((a) => a.label)).toEqual(["Fox", "Ann"]);
    expect(agent(r, "Fox").firstResponse).toEqual({
      count: 3,
      countInHours: 3,
      anyTime: { average: (0.5 * H + 45.5 * H + H) / 3, median: H, p90: 45.5 * H },
      businessHours: { average: (0.5 * H + 0.5 * H + H) / 3, median: 0.5 * H, p90: H },
    });
    expect(agent(r, "Ann").firstResponse).toEqual({
      count: 1,
      countInHours: 0,
      anyTime: { average: 0.75 * H, median: 0.75 * H, p90: 0.75 * H },
      businessHours: { average: 0, median: 0, p90: 0 },
    });
  });

  it("credits resolutions to the agent who closed last; a reopened conversation resolves at its last close", async () => {
    const r = await report("2026-11-16..2026-11-20");
    expect(agent(r, "Ann").resolution).toEqual({
      count: 2,
      countInHours: 2,
      anyTime: { average: 3.5 * H, median: 3.5 * H, p90: 5 * H },
      businessHours: { average: 3.5 * H, median: 3.5 * H, p90: 5 * H },
    });
    expect(agent(r, "Fox").resolution).toMatchObject({
      count: 1,
      countInHours: 0,
      anyTime: { average: 54 * H },
      businessHours: { average: 8 * H },
    });
  });

  it("adds up the team and counts distinct customers", async () => {
    const r = await report("2026-11-16..2026-11-20");
    expect(r.team).toMatchObject({
      label: "Team",
      customers: 4,
      firstResponse: { count: 4, countInHours: 3 },
      resolution: { count: 3, countInHours: 2 },
    });
    expect(agent(r, "Fox").customers).toBe(3);
    expect(agent(r, "Ann").customers).toBe(3);
  });

  it("counts each figure in the period its reply or close falls in", async () => {
    const monday = await report("2026-11-16..2026-11-16");
    expect(monday.team.firstResponse.count).toBe(2);
    expect(monday.team.resolution.count).toBe(2);
    const saturday = await report("2026-11-14..2026-11-14");
    expect(saturday.team.firstResponse.count).toBe(0);
    expect(saturday.notices.map((n) => n.kind)).toEqual(["no_data"]);
  });

  it("filters by agent and says which filters do not apply", async () => {
    const r = await report("2026-11-16..2026-11-20 agent:fox@example.com source:bot");
    expect(r.agents.map((a) => a.label)).toEqual(["Fox"]);
    expect(r.notices).toEqual([{ kind: "not_applicable", text: NOT_APPLICABLE, filters: ["source:"] }]);
  });

  it("a version measures the conversations that started from its date; earlier ones keep theirs", async () => {
    const before = await report("2026-11-16..2026-11-20");
    // Open 24/7 from Thu 19 Nov 00:00 Paris.
    const always = {
      timeZone: "Europe/Paris",
      intervals: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })),
      holidays: [],
    };
    await applyScheduleChange(db, WS, { kind: "hours", schedule: always as never, from: { date: "2026-11-19" } });
    // A late event for B and a new conversation F on Friday rebuild those customers.
    await ingestEvents(db, WS, [
      replied("b4", "b", "2026-11-17T10:00:00Z", ANN),
      received("f1", "f", "2026-11-20T20:00:00Z"),
      replied("f2", "f", "2026-11-20T21:00:00Z", FOX),
    ]);
    const after = await report("2026-11-16..2026-11-20");
    // B started before the change: its figures are those of the old schedule.
    expect(agent(after, "Fox").resolution).toEqual(agent(before, "Fox").resolution);
    // F (Fri 21:00 Paris, closed hours by default) counts 1 h of business time under the new schedule.
    expect(agent(after, "Fox").firstResponse.count).toBe(4);
    expect(agent(after, "Fox").firstResponse.countInHours).toBe(4);
    expect(agent(after, "Fox").firstResponse.businessHours.average).toBe((0.5 * H + 0.5 * H + H + H) / 4);
    expect(defaultSchedule("UTC").intervals).toHaveLength(5);
  });
});
