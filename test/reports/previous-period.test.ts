// Each report's figures over the previous period of equal length, against hand counts, on
// the database under test (SQLite, then PostgreSQL): a week shortened by DST compared with
// the whole week before, a previous period with no data, and the message's change wording.
// Europe/Paris, business hours Mon-Fri 09:00-17:00 (the default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { assignmentsHeadline } from "../../src/render/words/assignments-words.ts";
import { agentHeadline, teamChanges } from "../../src/render/words/agent-performance-words.ts";
import type { AgentPerformanceReport } from "../../src/reports/agent-performance-report.ts";
import type { AssignmentsReport } from "../../src/reports/assignments-report.ts";
import { buildReport } from "../../src/reports/build-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, received, replied } from "../support/events.ts";

let db: TestDatabase;
const WS = "TPREVIOUS";
const EMPTY_WS = "TPREVNONE";
const FOX = { name: "Fox", email: "fox@example.com" };
const H = 3600;
// Reports are asked on Mon 30 Mar 2026, 10:00 in Paris (UTC+2 since Sun 29 Mar 03:00).
const NOW = Date.parse("2026-03-30T08:00:00Z");

const email = (customer: string, receivedAt: string, repliedAt: string) => [
  received(`${customer}-r`, customer, receivedAt),
  replied(`${customer}-a`, customer, repliedAt, FOX),
];

async function ask<R>(workspace: string, text: string): Promise<R> {
  const parsed = parseCommandText(text.startsWith("agent") ? "agent-performance" : "assignments", text.replace(/^\S+ /, ""));
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  return (await buildReport(await loadReportContext(db, workspace, NOW), parsed.request)) as R;
}

beforeAll(async () => {
  db = await createTestDatabase();
  for (const ws of [WS, EMPTY_WS]) await applyScheduleChange(db, ws, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const outcome = await ingestEvents(db, WS, [
    // The week of 23-29 Mar (167 h: clocks go forward on the 29th) and the 16-22 Mar before it,
    // with an event on each side of every boundary, local midnights in Paris.
    assignment({ id: "prev-out", source: "bot", occurredAt: "2026-03-15T22:30:00Z" }), // Sun 15 Mar 23:30: before both
    assignment({ id: "prev-first", source: "bot", occurredAt: "2026-03-15T23:30:00Z" }), // Mon 16 Mar 00:30
    assignment({ id: "prev-last", source: "workflow", occurredAt: "2026-03-22T22:30:00Z" }), // Sun 22 Mar 23:30
    assignment({ id: "prev-user", source: "user", occurredAt: "2026-03-18T10:00:00Z" }),
    assignment({ id: "cur-first", source: "workflow", occurredAt: "2026-03-22T23:30:00Z" }), // Mon 23 Mar 00:30
    assignment({ id: "cur-bot", source: "bot", occurredAt: "2026-03-25T10:00:00Z" }),
    assignment({ id: "cur-last", source: "workflow", occurredAt: "2026-03-29T21:30:00Z" }), // Sun 29 Mar 23:30 (CEST)
    assignment({ id: "cur-out", source: "bot", occurredAt: "2026-03-29T22:30:00Z" }), // Mon 30 Mar 00:30: after both
    // First responses in business hours: 30 min and 1 h 30 min in the week before (median 1 h),
    // 20 min and 40 min this week (median 30 min).
    ...email("p1", "2026-03-17T09:00:00Z", "2026-03-17T09:30:00Z"),
    ...email("p2", "2026-03-18T09:00:00Z", "2026-03-18T10:30:00Z"),
    ...email("c1", "2026-03-24T09:00:00Z", "2026-03-24T09:20:00Z"),
    ...email("c2", "2026-03-26T09:00:00Z", "2026-03-26T09:40:00Z"),
  ]);
  expect(outcome.rejected).toBe(0);
});
afterAll(async () => {
  await db.destroy();
});

describe("the previous period's figures", () => {
  it("a DST-shortened week against the whole week before: boundary events on the right side", async () => {
    const r = await ask<AssignmentsReport>(WS, "assignments 2026-03-23..2026-03-29");
    expect(r.total).toBe(3);
    expect(r.previous.period.days).toEqual({ first: "2026-03-16", last: "2026-03-22" });
    expect((r.previous.period.end - r.previous.period.start) / 3_600_000).toBe(168);
    expect(r.previous.total).toBe(3);
    expect(r.previous.bySource).toEqual({ bot: 1, workflow: 1, user: 1 });
    expect(assignmentsHeadline(r)).toBe("3 assignments, no change vs the previous 7 days; top source: Workflow (66.7%).");
  });

  it("a period with nothing before it says so", async () => {
    // 9-15 Mar holds only Sun 15 Mar 23:30; 2-8 Mar holds nothing.
    const r = await ask<AssignmentsReport>(WS, "assignments 2026-03-09..2026-03-15");
    expect([r.total, r.previous.total]).toEqual([1, 0]);
    expect(assignmentsHeadline(r)).toBe("1 assignment, no data for the previous 7 days; top source: Bot (100.0%).");
    const week = await ask<AssignmentsReport>(WS, "assignments 2026-03-16..2026-03-22");
    expect(assignmentsHeadline(week)).toBe(
      "3 assignments, ▲ 200% vs the previous 7 days; top sources: Workflow, Bot and User (33.3% each).",
    );
    const none = await ask<AssignmentsReport>(EMPTY_WS, "assignments last-7-days");
    expect(assignmentsHeadline(none)).toBe("No assignments in this period, nor in the previous 7 days.");
  });

  it("agent performance: the team's medians and averages in business hours, then and now", async () => {
    const r = await ask<AgentPerformanceReport>(WS, "agent-performance 2026-03-23..2026-03-29");
    expect(r.team.firstResponse.businessHours).toEqual({ average: 0.5 * H, median: 0.5 * H, p90: (2 / 3) * H });
    expect(r.previous.team.firstResponse.businessHours).toEqual({ average: H, median: H, p90: 1.5 * H });
    expect(agentHeadline(r)).toBe("Team median first response 30 min in business hours (▼ 30 min vs the previous 7 days); 0 resolutions.");
    expect(teamChanges(r).slice(0, 2)).toEqual([
      ["First responses", "2 (no change)"],
      ["Avg first response, business hours", "30 min (▼ 30 min)"],
    ]);
    const first = await ask<AgentPerformanceReport>(WS, "agent-performance 2026-03-16..2026-03-22");
    expect(first.previous.team.firstResponse.count).toBe(0);
    expect(agentHeadline(first)).toBe("Team median first response 1 h in business hours (no data for the previous 7 days); 0 resolutions.");
  });
});
