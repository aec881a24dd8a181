// The drill-down modal rendered from hand-built results: Slack's limits for modals, the point
// first, each figure once, changes against the previous period, business time in hours,
// customer names escaped; and the "Details for…" menu that opens it.
import { describe, expect, it } from "vitest";
import { choiceValue, MAX_CHOICE_VALUE } from "../../src/domain/agent-choice.ts";
import { previousPeriod } from "../../src/domain/previous-period.ts";
import { FIRST_RESPONSE_BUCKETS } from "../../src/domain/response-time-buckets.ts";
import { agentDetailModal, agentDetailSelect, type AgentDetailOptions } from "../../src/render/block-kit/agent-detail-modal.ts";
import { assertModalWithinSlackLimits, assertWithinSlackLimits, SlackLimitError } from "../../src/render/block-kit/limits.ts";
import type { AgentDetailReport, DetailConversation } from "../../src/reports/agent-detail-report.ts";
import type { AgentRow } from "../../src/reports/agent-performance-report.ts";
import { buildAgentReport } from "../support/agent-report-fixtures.ts";
import type { Block as Json } from "../support/slack-app.ts";

const HOSTILE_CUSTOMER = "<!channel> *Boss* _x_ `y` & <https://evil.example|click>";
const H = 3600;

/** Conversation i: first response i × 17 min of business time (the first one 28 h 10 min), started on Mon 16 Nov. */
function conversation(i: number): DetailConversation {
  const business = i === 0 ? 28 * H + 600 : i * 17 * 60;
  return {
    id: `c${i}`,
    customerEmail: `c${i}@example.com`,
    customerName: i === 0 ? HOSTILE_CUSTOMER : i % 3 === 0 ? null : `Customer ${i}`,
    startedAt: Date.parse("2026-11-16T09:00:00Z") + i * 60_000,
    firstResponseAt: Date.parse("2026-11-16T10:00:00Z"),
    firstResponseSeconds: business * 3,
    firstResponseBusinessSeconds: business,
    firstResponseInHours: i % 2 === 0,
    closedAt: i % 4 === 0 ? null : Date.parse("2026-11-17T10:00:00Z"),
    resolutionSeconds: i % 4 === 0 ? null : business * 5,
    resolutionBusinessSeconds: i % 4 === 0 ? null : business * 2,
    closedInHours: i % 4 === 0 ? null : i % 2 === 1,
  };
}

const camille = (factor: number): AgentRow =>
  buildAgentReport({ durationFactor: factor }).agents.find((a) => a.label === "Camille Martin")!;

function detail(overrides: Partial<AgentDetailReport> = {}): AgentDetailReport {
  const report = buildAgentReport();
  const figures = camille(1);
  return {
    report: "agent-detail",
    request: report.request,
    agentKey: figures.agentKey,
    label: figures.label,
    period: report.period,
    previous: previousPeriod(report.period),
    schedules: report.schedules,
    figures,
    // A quarter slower before: every duration is now 20% faster.
    previousFigures: camille(1.25),
    distribution: FIRST_RESPONSE_BUCKETS.map((b, i) => ({ label: b.label, count: [1, 0, 2, 1, 0, 1][i]! })),
    conversations: Array.from({ length: 100 }, (_, i) => conversation(i)),
    conversationTotal: 250,
    ...overrides,
  };
}

const options: AgentDetailOptions = { charts: "native", quickChartHost: "https://quickchart.io" };

function render(report: AgentDetailReport, opts: AgentDetailOptions = options) {
  const view = agentDetailModal(report, opts) as unknown as Json;
  assertModalWithinSlackLimits(view);
  return view;
}

/** Every text a person sees, block by block. */
function texts(view: Json): string[] {
  return (view.blocks as Json[]).map((b) =>
    [b.text?.text, ...(b.fields ?? []).map((f: Json) => f.text), ...(b.elements ?? []).map((e: Json) => e.text)].filter(Boolean).join("\n"),
  );
}

describe("the drill-down modal", () => {
  it("keeps within Slack's limits for modals with 100 conversations", () => {
    const view = render(detail());
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const lines = texts(view)
      .join("\n")
      .split("\n")
      .filter((l) => l.includes("· started "));
    expect(lines).toHaveLength(100);
    expect(texts(view).join("\n")).toContain("the 100 slowest of 250");
  });

  it("opens with one sentence: the median first response in business hours and its change", () => {
    const view = render(detail());
    expect(view.blocks[0]).toMatchObject({ type: "section", text: { type: "plain_text" } });
    // Camille: median 54 min now, 1 h 7 min 30 s before (×1.25): 13 min 30 s faster, said in whole minutes.
    expect(view.blocks[0].text.text).toBe(
      "Camille Martin: median first response 54 min in business hours (▼ 14 min vs the previous 30 days).",
    );
  });

  it("shows each of the eight figures once, with its change", () => {
    const view = render(detail());
    const figures = texts(view).slice(0, 3).join("\n");
    // The median first response in business hours is in the opening sentence only.
    expect(figures.split("54 min")).toHaveLength(2);
    const fields = view.blocks[2].fields.map((f: Json) => f.text as string);
    expect(fields).toHaveLength(9);
    expect(fields[0]).toBe("*First responses, business hours*\n4 · no change");
    expect(fields[1]).toBe("*First response time, business hours*\naverage 1 h 12 min · ▼ 18 min\n90th percentile 3 h · ▼ 45 min");
    expect(fields[3]).toContain("median 2 h · ▼ 30 min");
    expect(fields[3]).toContain("90th percentile 1 d · ▼ 6 h");
    expect(fields[8]).toBe("*Customers*\n4 · no change");
  });

  it("writes business time in hours and minutes, never days", () => {
    const view = render(detail());
    const first = texts(view)
      .find((t) => t.includes("· started "))!
      .split("\n")[0]!;
    // Any time may use days: 84 h 30 min on the clock.
    expect(first).toContain("first response 28 h 10 min (any time 3 d 13 h) in hours · open");
    expect(texts(view).join("\n")).not.toMatch(/resolved \d+ d|first response \d+ d/);
  });

  it("escapes customer names in mrkdwn", () => {
    const json = JSON.stringify(render(detail()));
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil");
    expect(json).toContain("&lt;!channel&gt; \u2217Boss\u2217 \u02cdx\u02cd \u02cby\u02cb &amp; &lt;https://evil.example|click&gt;");
  });

  it("keeps within a section's 3,000 characters when every name escapes to five times its length", () => {
    const ampersands = Array.from({ length: 100 }, (_, i) => ({ ...conversation(i), customerName: "&".repeat(200) }));
    const view = render(detail({ conversations: ampersands }));
    expect(JSON.stringify(view)).toContain("&amp;".repeat(59));
  });

  it("says so when the previous period had no data, and shows no change", () => {
    const empty = buildAgentReport({ agents: 0 }).team;
    const view = render(detail({ previousFigures: empty }));
    const all = texts(view).join("\n");
    expect(all).toContain("No previous data: nothing in the previous 30 days");
    expect(all).toContain("(no data for the previous 30 days)");
    expect(all).not.toMatch(/[▲▼▬]/);
  });

  it("draws the distribution as a native chart, or in words where charts are images or off", () => {
    const chart = (render(detail()).blocks as Json[]).find((b) => b.type === "data_visualization")!;
    expect(chart.chart.axis_config.categories).toEqual(["< 15 min", "15-30 min", "30 min-1 h", "1-4 h", "4-8 h", "> 8 h"]);
    expect(chart.title).toContain("Last 30 days");
    for (const charts of ["none", "upload"] as const) {
      const view = render(detail(), { charts });
      expect(JSON.stringify(view)).not.toContain("data_visualization");
      expect(texts(view).join("\n")).toContain("< 15 min: 1 · 15-30 min: 0 · 30 min-1 h: 2");
    }
  });

  it("names the team, and says when nothing was credited", () => {
    const team = buildAgentReport().team;
    const empty = buildAgentReport({ agents: 0 }).team;
    const view = render(
      detail({ agentKey: null, label: "Team", figures: empty, previousFigures: team, conversations: [], conversationTotal: 0 }),
    );
    expect(view.title.text).toBe("Team details");
    expect(view.blocks[0].text.text).toBe("Team: no first responses or resolutions in this period.");
    expect(texts(view).join("\n")).toContain("No filters");
  });

  it("refuses a modal over Slack's limits", () => {
    const view = render(detail()) as Json;
    expect(() => assertModalWithinSlackLimits({ ...view, title: { type: "plain_text", text: "A title longer than 24 chars" } })).toThrow(
      SlackLimitError,
    );
    expect(() => assertModalWithinSlackLimits({ ...view, blocks: Array(101).fill({ type: "divider" }) })).toThrow(/at most 100/);
  });
});

describe("the Details for… menu", () => {
  it("offers the team and at most 99 agents, by name, each value within 75 characters", () => {
    const report = buildAgentReport({ agents: 130 });
    const menu = agentDetailSelect(report);
    assertWithinSlackLimits({ text: "menu", blocks: [{ type: "actions", elements: [menu] }] });
    expect(menu.options).toHaveLength(100);
    expect(menu.options![0]).toMatchObject({ text: { text: "Team" }, value: "team" });
    const labels = menu.options!.slice(1).map((o) => o.text.text);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    expect(labels).toContain("Camille Martin");
    for (const o of menu.options!) expect(o.value!.length).toBeLessThanOrEqual(MAX_CHOICE_VALUE);
  });

  it("hashes a key too long for a value", () => {
    const key = `email:${"x".repeat(100)}@example.com`;
    expect(choiceValue(key)).toMatch(/^h:[A-Za-z0-9_-]{32}$/);
    expect(choiceValue("id:42")).toBe("a:id:42");
  });
});
