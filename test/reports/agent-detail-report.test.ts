// The /agent-performance drill-down, hand-counted on the worked example of docs/definitions.md
// (Europe/Paris, Mon-Fri 09:00-17:00, the week of Mon 16 - Fri 20 Nov 2026, Paris at UTC+1)
// plus three conversations: F closed without a reply, G with a hostile customer name, and P
// in the previous period. Runs on SQLite and on PostgreSQL (TEST_DB=postgresql).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choiceValue, parseChoice } from "../../src/domain/agent-choice.ts";
import { emptyFilters, type ReportRequest } from "../../src/domain/report-request.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { buildAgentDetailReport, UnknownAgentError } from "../../src/reports/agent-detail-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { creditedConversations, firstResponseHistogram } from "../../src/store/queries/agent-conversations.ts";
import { BUCKET_BOUNDS } from "../../src/domain/response-time-buckets.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { agentPerformance, agentRow } from "../support/agent-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { closed, received, replied, WORKED_EXAMPLE } from "../support/events.ts";

let db: TestDatabase;
const WS = "TDETAIL";
const OTHER_WS = "TDETAIL2";
const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };
const FOX_KEY = "email:fox@example.com";
const ANN_KEY = "email:ann@example.com";
const HOSTILE_CUSTOMER = "<!channel> *Boss* `x`";
const NOW = Date.parse("2026-11-23T12:00:00Z");
const WEEK = { start: Date.parse("2026-11-15T23:00:00Z"), end: Date.parse("2026-11-20T23:00:00Z") };

const WEEK_EVENTS = [
  // The worked example (A-E), and:
  ...WORKED_EXAMPLE,
  // F: Wed 14:00, closed by Ann at 16:00 without a reply (2 h).
  received("f1", "f", "2026-11-18T13:00:00Z"),
  closed("f2", "f", "2026-11-18T15:00:00Z", ANN),
  // G: Fri 09:00, Fox replies 13:00 (4 h), still open.
  received("g1", "g", "2026-11-20T08:00:00Z", HOSTILE_CUSTOMER),
  replied("g2", "g", "2026-11-20T12:00:00Z", FOX),
];

const request = (period: string): ReportRequest => {
  const [from, to] = period.split("..") as [string, string];
  return { report: "agent-performance", period: { from, to }, filters: emptyFilters(), page: 0 };
};
const detail = async (choice: string, period = "2026-11-16..2026-11-20") =>
  buildAgentDetailReport(await loadReportContext(db, WS, NOW), request(period), parseChoice(choice)!);
const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);

beforeAll(async () => {
  db = await createTestDatabase();
  for (const ws of [WS, OTHER_WS]) await applyScheduleChange(db, ws, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const week = await ingestEvents(db, WS, [
    ...WEEK_EVENTS,
    // P, in the previous 5 days (Wed 11 - Sun 15 Nov): Thu 10:00, Fox replies 10:15, closes 11:00.
    received("p1", "p", "2026-11-12T09:00:00Z"),
    replied("p2", "p", "2026-11-12T09:15:00Z", FOX),
    closed("p3", "p", "2026-11-12T10:00:00Z", FOX),
  ]);
  expect(week.rejected).toBe(0);
  // The same history in another workspace: never part of this one's answers.
  expect(
    (
      await ingestEvents(
        db,
        OTHER_WS,
        WEEK_EVENTS.map((e) => ({ ...e, id: `x-${e.id}` })),
      )
    ).rejected,
  ).toBe(0);
});
afterAll(async () => {
  await db.destroy();
});

describe("conversations behind the figures", () => {
  const scope = (agentKeys: string[] | null) => ({ workspaceId: WS, ...WEEK, agentKeys });

  it("lists an agent's first responses and resolutions, slowest first by business time, then clock time", async () => {
    // G 4 h, E 1 h, then B and A at 30 min of business time: B took 45 h 30 min on the clock, A 30 min.
    const fox = await creditedConversations(db, scope([FOX_KEY]), 100);
    expect(ids(fox.conversations)).toEqual(["g1", "e1", "b1", "a1"]);
    expect(fox.total).toBe(4);
    const b = fox.conversations[2]!;
    expect(b).toMatchObject({
      customerEmail: "b@example.com",
      startedAt: Date.parse("2026-11-14T11:00:00Z"),
      firstResponseSeconds: 45.5 * 3600,
      firstResponseBusinessSeconds: 1800,
      firstResponseInHours: true,
      resolutionSeconds: 54 * 3600,
      resolutionBusinessSeconds: 8 * 3600,
      closedInHours: false,
    });
    expect(fox.conversations[0]).toMatchObject({ customerName: HOSTILE_CUSTOMER, closedAt: null, resolutionBusinessSeconds: null });
  });

  it("puts conversations closed without a reply first", async () => {
    const ann = await creditedConversations(db, scope([ANN_KEY]), 100);
    expect(ids(ann.conversations)).toEqual(["f1", "e1", "a1", "c1"]);
    expect(ann.conversations[0]).toMatchObject({ firstResponseAt: null, firstResponseBusinessSeconds: null, resolutionSeconds: 7200 });
  });

  it("lists the whole team's, each conversation once, cut to the limit with the total", async () => {
    expect(ids((await creditedConversations(db, scope(null), 100)).conversations)).toEqual(["f1", "g1", "e1", "b1", "a1", "c1"]);
    const cut = await creditedConversations(db, scope(null), 3);
    expect(ids(cut.conversations)).toEqual(["f1", "g1", "e1"]);
    expect(cut.total).toBe(6);
    expect(await creditedConversations(db, scope([]), 100)).toEqual({ conversations: [], total: 0 });
    expect(await creditedConversations(db, scope(["email:nobody@example.com"]), 100)).toEqual({ conversations: [], total: 0 });
  });

  it("counts first responses per business-time bucket", async () => {
    // Fox: A and B 30 min (30 min-1 h), E 1 h (1-4 h), G 4 h (4-8 h). Ann: C 0 (< 15 min).
    expect(await firstResponseHistogram(db, scope([FOX_KEY]), BUCKET_BOUNDS)).toEqual([0, 0, 2, 1, 1, 0]);
    expect(await firstResponseHistogram(db, scope(null), BUCKET_BOUNDS)).toEqual([1, 0, 2, 1, 1, 0]);
  });
});

describe("the drill-down report", () => {
  it("gives an agent the report's own figures, the previous period's and the distribution", async () => {
    const fox = await detail(choiceValue(FOX_KEY));
    const full = await agentPerformance(db, WS, "2026-11-16..2026-11-20");
    const row = agentRow(full, "Fox");
    expect(fox.label).toBe("Fox");
    expect(fox.agentKey).toBe(FOX_KEY);
    expect(fox.figures).toEqual(row);
    expect(fox.figures.firstResponse.count).toBe(4);
    // P: one first response of 15 min and one resolution of 1 h, in the previous 5 days.
    expect(fox.previous.words).toBe("the previous 5 days");
    expect(fox.previousFigures.firstResponse).toMatchObject({ count: 1, countInHours: 1 });
    expect(fox.previousFigures.firstResponse.businessHours.median).toBe(900);
    expect(fox.previousFigures.resolution.anyTime.average).toBe(3600);
    expect(fox.distribution.map((b) => b.count)).toEqual([0, 0, 2, 1, 1, 0]);
    expect(fox.distribution.reduce((sum, b) => sum + b.count, 0)).toBe(fox.figures.firstResponse.count);
    expect(ids(fox.conversations)).toEqual(["g1", "e1", "b1", "a1"]);
  });

  it("gives the team the report's team line", async () => {
    const team = await detail("team");
    const full = await agentPerformance(db, WS, "2026-11-16..2026-11-20");
    expect(team.agentKey).toBeNull();
    expect(team.label).toBe("Team");
    expect(team.figures).toEqual(full.team);
    expect(team.conversationTotal).toBe(6);
    expect(team.previousFigures.customers).toBe(1);
  });

  it("keeps the answer's agent: filter for the team", async () => {
    const filtered = { ...request("2026-11-16..2026-11-20"), filters: { ...emptyFilters(), agents: ["fox"] } };
    const team = await buildAgentDetailReport(await loadReportContext(db, WS, NOW), filtered, { kind: "team" });
    expect(team.label).toBe("Team");
    expect(team.figures.firstResponse.count).toBe(4);
    expect(team.figures.resolution.count).toBe(1);
    expect(ids(team.conversations)).toEqual(["g1", "e1", "b1", "a1"]);
  });

  it("finds an agent whose key is too long for a menu value by its hash", async () => {
    const longEmail = `${"x".repeat(80)}@example.com`;
    const ws = "TDETAIL3";
    await applyScheduleChange(db, ws, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
    await ingestEvents(db, ws, [
      received("l1", "l", "2026-11-16T09:00:00Z"),
      replied("l2", "l", "2026-11-16T09:10:00Z", { name: "Long", email: longEmail }),
    ]);
    const value = choiceValue(`email:${longEmail}`);
    expect(value.length).toBeLessThanOrEqual(75);
    const context = await loadReportContext(db, ws, NOW);
    const long = await buildAgentDetailReport(context, request("2026-11-16..2026-11-20"), parseChoice(value)!);
    expect(long.label).toBe("Long");
    expect(long.figures.firstResponse.count).toBe(1);
    await expect(buildAgentDetailReport(context, request("2026-11-16..2026-11-20"), parseChoice(`h:${"A".repeat(32)}`)!)).rejects.toThrow(
      UnknownAgentError,
    );
  });

  it("reads menu values strictly", () => {
    expect(parseChoice("team")).toEqual({ kind: "team" });
    expect(parseChoice("a:email:fox@example.com")).toEqual({ kind: "key", key: "email:fox@example.com" });
    for (const bad of ["", "a:", "h:short", "x:1", `a:${"y".repeat(80)}`]) expect(parseChoice(bad)).toBeNull();
  });
});
