// The agent-performance figures the database computes (src/store/queries/email.ts): medians of
// odd and even counts, nearest-rank 90th percentiles, ties, the team's figures over every
// agent's values, and distinct customers across first responses and resolutions. Europe/Paris,
// default hours Mon-Fri 09:00-17:00; Mon 16 Nov 2026 (UTC+1).
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { distinctCount, durationStats, partsDurationStats } from "../../src/domain/statistics.ts";
import { parsedNumbers } from "../../src/store/queries/email.ts";
import { agentPerformance, agentRow } from "../support/agent-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let db: TestDatabase;
const WS = "TSTATS";
const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };
const MIN = 60;
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const report = (text: string) => agentPerformance(db, WS, text);
const agent = agentRow;

// Fox answers c1..c10 on Monday (10:00 local) after these many minutes; the last reply
// (20:00 local) is out of hours and counts 7 h of business time (10:00-17:00).
const FOX_MINUTES = [10, 20, 30, 40, 50, 60, 70, 80, 90, 600];

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, WS, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const monday = "2026-11-16T09:00:00Z";
  const tuesday = "2026-11-17T09:00:00Z";
  const events: object[] = [];
  FOX_MINUTES.forEach((minutes, i) => {
    const c = `c${i + 1}`;
    events.push(
      { type: "email.received", id: `${c}-in`, occurredAt: monday, threadId: `t-${c}`, customer: { email: `${c}@example.com` } },
      { type: "email.replied", id: `${c}-re`, occurredAt: at(monday, minutes), threadId: `t-${c}`, agent: FOX },
    );
  });
  events.push(
    // Fox closes c1's conversation; c1 writes again on Tuesday and Ann answers in 5 minutes.
    { type: "email.closed", id: "c1-close", occurredAt: at(monday, 30), threadId: "t-c1", agent: FOX },
    { type: "email.received", id: "c1-in2", occurredAt: tuesday, threadId: "t-c1b", customer: { email: "c1@example.com" } },
    { type: "email.replied", id: "c1-re2", occurredAt: at(tuesday, 5), threadId: "t-c1b", agent: ANN },
  );
  for (const c of ["c11", "c12"]) {
    events.push(
      { type: "email.received", id: `${c}-in`, occurredAt: tuesday, threadId: `t-${c}`, customer: { email: `${c}@example.com` } },
      { type: "email.replied", id: `${c}-re`, occurredAt: at(tuesday, 15), threadId: `t-${c}`, agent: ANN },
    );
  }
  // The week before: one customer writes twice, with their address in two cases; Fox answers
  // and closes the first conversation, Ann the second.
  const earlier = "2026-11-10T09:00:00Z";
  events.push(
    { type: "email.received", id: "c20-in", occurredAt: earlier, threadId: "t-c20", customer: { email: "C20@Example.COM" } },
    { type: "email.replied", id: "c20-re", occurredAt: at(earlier, 5), threadId: "t-c20", agent: FOX },
    { type: "email.closed", id: "c20-close", occurredAt: at(earlier, 10), threadId: "t-c20", agent: FOX },
    { type: "email.received", id: "c20-in2", occurredAt: at(earlier, 60), threadId: "t-c20b", customer: { email: "c20@example.com" } },
    { type: "email.replied", id: "c20-re2", occurredAt: at(earlier, 65), threadId: "t-c20b", agent: ANN },
    { type: "email.closed", id: "c20-close2", occurredAt: at(earlier, 70), threadId: "t-c20b", agent: ANN },
  );
  const outcome = await ingestEvents(db, WS, events);
  expect(outcome.rejected).toBe(0);
});
afterAll(async () => {
  await db.destroy();
});

describe("agent-performance statistics computed by the database", () => {
  it("an even count: the median is the mean of the two middle values; p90 is the nearest rank", async () => {
    const fox = agent(await report("2026-11-16..2026-11-20"), "Fox");
    expect(fox.firstResponse).toEqual({
      count: 10,
      countInHours: 9,
      anyTime: { average: (FOX_MINUTES.reduce((a, b) => a + b, 0) * MIN) / 10, median: 55 * MIN, p90: 90 * MIN },
      businessHours: { average: ((450 + 420) * MIN) / 10, median: 55 * MIN, p90: 90 * MIN },
    });
  });

  it("an odd count with ties", async () => {
    const ann = agent(await report("2026-11-16..2026-11-20"), "Ann");
    expect(ann.firstResponse.count).toBe(3);
    expect(ann.firstResponse.anyTime).toEqual({ average: (35 * MIN) / 3, median: 15 * MIN, p90: 15 * MIN });
  });

  it("the team's median and p90 are over every agent's values together, not an average of agents", async () => {
    const { team } = await report("2026-11-16..2026-11-20");
    // 5, 10, 15, 15, 20, 30, 40, 50, 60, 70, 80, 90, 600: the 7th and the 12th of 13.
    expect(team.firstResponse.count).toBe(13);
    expect(team.firstResponse.countInHours).toBe(12);
    expect(team.firstResponse.anyTime.median).toBe(40 * MIN);
    expect(team.firstResponse.anyTime.p90).toBe(90 * MIN);
    expect(team.resolution).toEqual({
      count: 1,
      countInHours: 1,
      anyTime: { average: 30 * MIN, median: 30 * MIN, p90: 30 * MIN },
      businessHours: { average: 30 * MIN, median: 30 * MIN, p90: 30 * MIN },
    });
  });

  it("counts a customer once per agent and once for the team, across first responses and resolutions", async () => {
    const r = await report("2026-11-16..2026-11-20");
    expect(agent(r, "Fox").customers).toBe(10); // c1..c10; c1's resolution is the same customer
    expect(agent(r, "Ann").customers).toBe(3); // c1 (her own conversation), c11, c12
    expect(r.team.customers).toBe(12);
  });

  it("an address in another case is the same customer", async () => {
    const r = await report("2026-11-09..2026-11-13");
    expect([agent(r, "Fox").customers, agent(r, "Ann").customers, r.team.customers]).toEqual([1, 1, 1]);
    expect([r.team.firstResponse.count, r.team.resolution.count]).toEqual([2, 2]);
  });

  it("an agent filter narrows the team to that agent; an empty period has no figures", async () => {
    const ann = await report("2026-11-16..2026-11-20 agent:ann@example.com");
    expect(ann.agents.map((a) => a.label)).toEqual(["Ann"]);
    expect(ann.team.firstResponse).toEqual(agent(ann, "Ann").firstResponse);
    expect(ann.team.customers).toBe(3);
    const empty = await report("2026-11-02..2026-11-06");
    expect(empty.agents).toEqual([]);
    expect(empty.team.firstResponse).toEqual({
      count: 0,
      countInHours: 0,
      anyTime: { average: null, median: null, p90: null },
      businessHours: { average: null, median: null, p90: null },
    });
    expect(empty.team.customers).toBe(0);
  });
});

describe("durations and customer numbers as the database joins them", () => {
  it("reads comma-separated integers back in their order, and nothing from an empty group", () => {
    expect([...parsedNumbers("600,10,0,35")]).toEqual([600, 10, 0, 35]);
    expect([...parsedNumbers("86400")]).toEqual([86400]);
    expect([...parsedNumbers(null)]).toEqual([]);
    expect([...parsedNumbers("")]).toEqual([]);
    // The scratch buffer it reuses never leaks a longer earlier text's values.
    expect([...parsedNumbers("9,8,7,6,5,4,3,2,1")]).toHaveLength(9);
    expect([...parsedNumbers("2,1")]).toEqual([2, 1]);
  });
});

describe("the figures by selection, over several agents' values in any order", () => {
  // A seeded generator: the same cases every run.
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % below;
  };
  /** The definitions, by sorting (docs/definitions.md, "Agent performance"). */
  const bySorting = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    if (n === 0) return { average: null, median: null, p90: null };
    const middle = Math.floor(n / 2);
    return {
      average: sorted.reduce((a, b) => a + b, 0) / n,
      median: n % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2,
      p90: sorted[Math.ceil(0.9 * n) - 1],
    };
  };

  it("equals the figures of all values sorted: odd and even counts, ties, empty and single parts", () => {
    for (let round = 0; round < 300; round++) {
      const parts = Array.from({ length: 1 + random(12) }, () =>
        Float64Array.from({ length: random(4) === 0 ? 0 : random(40) }, () => random(round % 2 === 0 ? 5 : 100_000)),
      );
      const all = parts.flatMap((p) => [...p]);
      const copies = parts.map((p) => p.slice());
      expect(partsDurationStats(parts), `round ${round}`).toEqual(bySorting(all));
      expect(durationStats(all), `round ${round}`).toEqual(bySorting(all));
      expect(distinctCount(parts), `round ${round}`).toBe(new Set(all).size);
      // The agents' values serve the team too: they are read, never reordered.
      expect(parts, `round ${round}`).toEqual(copies);
    }
  });

  it("stays exact on long runs of one value, sorted and reversed input, and large customer numbers", () => {
    const zeros = new Float64Array(100_001);
    expect(partsDurationStats([zeros])).toEqual({ average: 0, median: 0, p90: 0 });
    const ascending = Float64Array.from({ length: 100_000 }, (_, i) => i);
    const descending = ascending.slice().reverse();
    expect(partsDurationStats([ascending])).toEqual({ average: 49_999.5, median: 49_999.5, p90: 89_999 });
    expect(partsDurationStats([descending, ascending])).toEqual({ average: 49_999.5, median: 49_999.5, p90: 89_999 });
    // Far apart (counted in a hash table), then close together (in a bitmap of their range), across word edges.
    const spread = [2 ** 32, 2 ** 32 + 1, 2 ** 40, 1, 2 ** 32];
    expect(distinctCount([Float64Array.from(spread)])).toBe(4);
    const close = [2 ** 40 + 3, 2 ** 40, 2 ** 40 + 3, 2 ** 40 + 31, 2 ** 40 + 32, 2 ** 40 + 63, 2 ** 40 + 64];
    expect(distinctCount([Float64Array.from(close), Float64Array.from(close)])).toBe(6);
  });

  it("has no figures for no values", () => {
    expect(partsDurationStats([])).toEqual({ average: null, median: null, p90: null });
    expect(partsDurationStats([new Float64Array(0)])).toEqual({ average: null, median: null, p90: null });
    expect(distinctCount([])).toBe(0);
  });
});
