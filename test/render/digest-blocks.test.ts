// A scheduled digest as a Slack message: Slack's limits in every chart mode, the change of
// each figure against the period before (the report's own headline and figures), escaping of
// outside text, the button to the full report, the empty period.
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/reports/build-report.ts";
import { change } from "../../src/domain/period-change.ts";
import { countChange, durationChange } from "../../src/render/words/change-words.ts";
import { decodeState, REPORT_ACTIONS } from "../../src/render/block-kit/action-state.ts";
import { digestMessage, type DigestOptions } from "../../src/render/block-kit/digest-blocks.ts";
import { assertWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { buildAgentReport, HOSTILE_AGENT } from "../support/agent-report-fixtures.ts";
import { blocks, contextTexts, element, hostilePlaces, ofType, type Json, type Message } from "../support/message-queries.ts";
import { buildReport, HOSTILE_NAME } from "../support/report-fixtures.ts";

const WEEK = { from: "2026-11-16", to: "2026-11-22" };
const base: DigestOptions = {
  frequency: "weekly",
  scheduleWords: "every Monday at 09:00 (Europe/Paris)",
  charts: "native",
  quickChartHost: "https://quickchart.io",
};

function render(report: Report, options: Partial<DigestOptions> = {}): Message {
  const message = digestMessage(report, { ...base, ...options });
  assertWithinSlackLimits(message);
  return message;
}

const sectionTexts = (message: Message) => ofType(message, "section").map((b) => (b.text as Json).text as string);
const fieldTexts = (message: Message) =>
  ofType(message, "section").flatMap((b) => ((b.fields ?? []) as Json[]).map((f) => f.text as string));

// Workflow up, user down, bot the same, Zapier new, Developer API down; unassignments new.
const assignments = buildReport({
  period: WEEK,
  page: 0,
  counts: { workflow: 225, user: 150, bot: 100, zapier: 30, developer_api: 20, create: 5 },
  previousCounts: { workflow: 200, user: 160, bot: 100, developer_api: 40, create: 5 },
});
const noAssignments = buildReport({ period: WEEK, page: 0, counts: {} });

// The same agents the week before, a quarter slower.
const agents = buildAgentReport({ period: WEEK });
const noAgents = buildAgentReport({ period: WEEK, agents: 0, previousFactor: "empty" });

describe("change, countChange and durationChange: the one comparison", () => {
  it("up, down, same, new and none, as arrows and percentages", () => {
    const cases: [number, number, string][] = [
      [225, 200, "▲ 13%"],
      [97, 100, "▼ 3%"],
      [1005, 1000, "▲ 0.5%"],
      [100, 100, "no change"],
      [0, 0, "no change"],
      [30, 0, "no previous data"],
      [0, 40, "▼ 100%"],
    ];
    for (const [current, previous, text] of cases) expect(countChange(current, previous), `${current} vs ${previous}`).toBe(text);
    expect(change(225, 200)).toEqual({ kind: "up", percent: 12.5, delta: 25 });
    expect(change(30, 0)).toEqual({ kind: "new", percent: null, delta: null });
    expect(change(null, null)).toEqual({ kind: "none", percent: null, delta: null });
  });

  it("a duration's change is the time gained or lost, business time in hours only", () => {
    expect(durationChange(4320, 5400, true)).toBe("▼ 18 min");
    expect(durationChange(5400, 4320, true)).toBe("▲ 18 min");
    expect(durationChange(30 * 3600, 2 * 3600, true)).toBe("▲ 28 h");
    expect(durationChange(30 * 3600, 2 * 3600, false)).toBe("▲ 1 d 4 h");
    expect(durationChange(4320, 4320, true)).toBe("no change");
    expect(durationChange(4320, null, true)).toBe("no previous data");
    expect(durationChange(null, 4320, true)).toBe("-");
  });
});

describe("digestMessage: Slack's limits", () => {
  // 150 agents named at 500 characters, filters too long for the button's value.
  const built = buildAgentReport({
    period: WEEK,
    agents: 150,
    filters: { agents: Array.from({ length: 10 }, (_, i) => `${i}${"a".repeat(199)}`) },
  });
  const crowded = { ...built, agents: built.agents.map((agent) => ({ ...agent, label: agent.label + "n".repeat(500) })) };
  const reports: Report[] = [
    assignments,
    noAssignments,
    buildReport({ period: WEEK, filters: { contacts: [HOSTILE_NAME] }, previousCounts: "empty" }),
    agents,
    noAgents,
    crowded,
  ];

  for (const charts of ["native", "quickchart", "upload", "none"] as const) {
    it(`holds in ${charts} mode`, () => {
      for (const report of reports) {
        render(report, { charts, chartImage: { slackFileId: "F0CHART" } });
        render(report, { charts });
      }
    });
  }

  it("one chart at most, as the report messages draw it", () => {
    expect(ofType(render(assignments), "data_visualization").map((b) => b.title)).toEqual(["Assignments by source · 16-22 Nov 2026"]);
    expect(ofType(render(agents), "data_visualization").map((b) => b.title)).toEqual(["Avg first response · 16-22 Nov 2026"]);
    const [image] = ofType(render(assignments, { charts: "quickchart" }), "image");
    expect((image!.image_url as string).startsWith("https://quickchart.io/chart?")).toBe(true);
    expect(ofType(render(agents, { charts: "upload", chartImage: { slackFileId: "F0CHART" } }), "image")[0]!.slack_file).toEqual({
      id: "F0CHART",
    });
    // Without its image the chart is left out: the figures are in text.
    for (const charts of ["upload", "none"] as const) {
      const message = render(assignments, { charts });
      expect([...ofType(message, "image"), ...ofType(message, "data_visualization")]).toHaveLength(0);
    }
  });

  it("a request too long for a button's value: no button, rather than a broken one", () => {
    expect(ofType(render(crowded), "actions")).toHaveLength(0);
  });
});

describe("digestMessage: assignments", () => {
  const message = render(assignments);

  it("header, the periods in words and dates, filters, the schedule", () => {
    expect(blocks(message)[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Weekly digest: Assignments", emoji: false } });
    expect(contextTexts(message).slice(0, 3)).toEqual([
      "Last week: 16 Nov 2026 – 22 Nov 2026 · compared with the week before: 2026-11-09 to 2026-11-15 · times in Europe/Paris",
      "No filters",
      "Posted every Monday at 09:00 (Europe/Paris)",
    ]);
    const daily = render(buildReport({ period: { from: "2026-11-22", to: "2026-11-22" } }), {
      frequency: "daily",
      scheduleWords: "every day at 08:30 (Europe/Paris)",
    });
    expect((blocks(daily)[0]!.text as Json).text).toBe("Daily digest: Assignments");
    expect(contextTexts(daily)[0]).toBe(
      "Yesterday: Sun 22 Nov 2026 · compared with the day before: 2026-11-21 to 2026-11-21 · times in Europe/Paris",
    );
    expect((blocks(render(assignments, { frequency: "monthly" }))[0]!.text as Json).text).toBe("Monthly digest: Assignments");
  });

  it("opens with the report's sentence, then what moved by source, against the week before", () => {
    expect(sectionTexts(message)[0]).toBe("*530 assignments, ▲ 5% vs the previous 7 days; top source: Workflow (42.5%).*");
    expect(contextTexts(message)[3]).toBe(
      "Includes 12 unassignments (▲ 20%) · by source vs the previous 7 days: Workflow ▲ 13% · User ▼ 6% · Bot no change · Zapier no previous data · Developer API ▼ 50% · Create no change",
    );
    expect(message.text).toBe(
      "Weekly digest: Assignments, 16 Nov 2026 – 22 Nov 2026: 530 assignments, ▲ 5% vs the previous 7 days; top source: Workflow (42.5%).",
    );
  });

  it("an empty week: the no-data notice, the count before, no chart", () => {
    const empty = render(buildReport({ period: WEEK, page: 0, counts: {}, previousCounts: { workflow: 505 } }));
    expect(contextTexts(empty)).toContain(":information_source: The selected filter(s) have no applicable data.");
    expect(sectionTexts(empty)[0]).toBe("*No assignments in this period, against 505 in the previous 7 days.*");
    expect(ofType(empty, "data_visualization")).toHaveLength(0);
    expect(sectionTexts(render(noAssignments))[0]).toBe("*No assignments in this period, nor in the previous 7 days.*");
  });

  it("the Open full report button carries the current request", () => {
    const [actions, ...others] = ofType(message, "actions");
    expect(others).toHaveLength(0);
    expect((actions!.elements as Json[]).map((e) => [e.type, e.action_id, (e.text as Json).text])).toEqual([
      ["button", "report_open", "Open full report"],
    ]);
    expect(REPORT_ACTIONS.open).toBe("report_open");
    expect(decodeState(element(message, REPORT_ACTIONS.open)!.value as string)).toEqual(assignments.request);
  });
});

describe("digestMessage: agent performance", () => {
  const message = render(agents);

  it("header, the periods, the schedule and the business hours", () => {
    expect((blocks(message)[0]!.text as Json).text).toBe("Weekly digest: Email agent performance");
    expect(contextTexts(message).slice(2, 4)).toEqual([
      "Posted every Monday at 09:00 (Europe/Paris)",
      "Business hours: Mon-Fri 09:00-17:00 (Europe/Paris)",
    ]);
  });

  it("the report's sentence, then the team's counts and business-hours times beside their change", () => {
    expect(sectionTexts(message)[0]).toBe(
      "*Team median first response 17 min in business hours (▼ 4 min vs the previous 7 days); slowest: Camille Martin.*",
    );
    expect(fieldTexts(message)).toEqual([
      "*First responses*\n42 (no change)",
      "*Avg first response, business hours*\n24 min (▼ 6 min)",
      "*Resolutions*\n37 (no change)",
      "*Resolution, business hours*\navg 1 h 42 min (▼ 26 min) · median 1 h 33 min (▼ 23 min)",
      "*Customers*\n42 (no change)",
    ]);
    expect(message.text).toBe(
      "Weekly digest: Email agent performance, 16 Nov 2026 – 22 Nov 2026: Team median first response 17 min in business hours (▼ 4 min vs the previous 7 days); slowest: Camille Martin.",
    );
  });

  it("an empty week against an empty week: the no-data notice, '-' for the averages, no chart", () => {
    const empty = render(noAgents);
    expect(contextTexts(empty)).toContain(":information_source: The selected filter(s) have no applicable data.");
    expect(sectionTexts(empty)[0]).toBe("*Team: no first responses in this period (none in the previous 7 days); 0 resolutions.*");
    expect(fieldTexts(empty)).toContain("*Avg first response, business hours*\n- (-)");
    expect(fieldTexts(empty)).toContain("*First responses*\n0 (no change)");
    for (const type of ["table", "data_visualization"]) expect(ofType(empty, type)).toHaveLength(0);
    expect(decodeState(element(empty, REPORT_ACTIONS.open)!.value as string)).toEqual(noAgents.request);
  });
});

describe("digestMessage: outside text", () => {
  const cases: [string, Report][] = [
    ["assignments", buildReport({ period: WEEK, filters: { contacts: [HOSTILE_NAME] } })],
    ["agent performance", buildAgentReport({ period: WEEK, filters: { agents: [HOSTILE_AGENT] } })],
  ];
  for (const [name, report] of cases) {
    for (const charts of ["native", "quickchart"] as const) {
      it(`<!channel> appears raw only where Slack parses nothing (${name}, ${charts})`, () => {
        const message = render(report, { charts });
        // Chart labels and alt text are plain strings to Slack; a button value is never shown.
        expect(hostilePlaces(message, ["label", "alt_text", "value"])).toContain("plain_text.text");
        expect(message.text).not.toContain("<!channel>");
        expect(message.text).toContain("Filters: ");
        expect(message.text).toContain("&lt;!channel&gt;");
      });
    }
  }
});
