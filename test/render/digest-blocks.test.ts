// A scheduled digest as a Slack message: Slack's limits in every chart mode, the change of
// each figure against the period before (arrows, percentages, faster/slower for durations),
// escaping of outside text, the button to the full report, the empty period.
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/reports/build-report.ts";
import { change } from "../../src/domain/period-change.ts";
import { changeText } from "../../src/render/words/report-words.ts";
import { decodeState, REPORT_ACTIONS } from "../../src/render/block-kit/action-state.ts";
import { digestMessage, type DigestOptions } from "../../src/render/block-kit/digest-blocks.ts";
import { assertWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { buildAgentReport, HOSTILE_AGENT } from "../support/agent-report-fixtures.ts";
import { blocks, contextTexts, element, hostilePlaces, ofType, type Json, type Message } from "../support/message-queries.ts";
import { buildReport, HOSTILE_NAME } from "../support/report-fixtures.ts";

const WEEK = { from: "2026-11-16", to: "2026-11-22" };
const WEEK_BEFORE = { from: "2026-11-09", to: "2026-11-15" };
const base: DigestOptions = {
  frequency: "weekly",
  scheduleWords: "every Monday at 09:00 (Europe/Paris)",
  charts: "native",
  quickChartHost: "https://quickchart.io",
};

function render(current: Report, previous: Report, options: Partial<DigestOptions> = {}): Message {
  const message = digestMessage(current, previous, { ...base, ...options });
  assertWithinSlackLimits(message);
  return message;
}

const fieldTexts = (message: Message) =>
  ofType(message, "section").flatMap((b) => ((b.fields ?? []) as Json[]).map((f) => f.text as string));
const tableRows = (message: Message) =>
  ((ofType(message, "table")[0]?.rows ?? []) as Json[][]).map((row) => row.map((cell) => cell.text as string));

// Workflow up, user down, bot the same, Zapier new, Developer API down; unassignments new.
const assignments = buildReport({
  period: WEEK,
  page: 0,
  counts: { workflow: 225, user: 150, bot: 100, zapier: 30, developer_api: 20, create: 5 },
});
const assignmentsBefore = buildReport({
  period: WEEK_BEFORE,
  page: 0,
  counts: { workflow: 200, user: 160, bot: 100, developer_api: 40, create: 5 },
  unassignments: 0,
});
const noAssignments = buildReport({ period: WEEK, page: 0, counts: {} });

// The four named agents were there the week before, a quarter slower; the other eight are new.
const agents = buildAgentReport({ period: WEEK });
const agentsBefore = buildAgentReport({ period: WEEK_BEFORE, agents: 4, durationFactor: 1.25 });
const noAgents = buildAgentReport({ period: WEEK, agents: 0 });

describe("change and changeText", () => {
  it("up, down, same, new and none, as arrows and percentages", () => {
    const cases: [number | null, number | null, string][] = [
      [225, 200, "▲ +12.5%"],
      [97, 100, "▼ -3.0%"],
      [100, 100, "▬ 0%"],
      [0, 0, "▬ 0%"],
      [30, 0, "new"],
      [1800, null, "new"],
      [null, null, "-"],
      [null, 1800, "-"],
      [0, 40, "▼ -100.0%"],
    ];
    for (const [current, previous, text] of cases) expect(changeText(change(current, previous)), `${current} vs ${previous}`).toBe(text);
    expect(change(225, 200)).toEqual({ kind: "up", percent: 12.5 });
    expect(change(30, 0)).toEqual({ kind: "new", percent: null });
    expect(change(null, null)).toEqual({ kind: "none", percent: null });
  });

  it("a duration says faster or slower, so that ▼ does not read as a loss", () => {
    expect(changeText(change(4320, 5400), "duration")).toBe("▼ -20.0% faster");
    expect(changeText(change(5400, 4320), "duration")).toBe("▲ +25.0% slower");
    expect(changeText(change(4320, 4320), "duration")).toBe("▬ 0%");
    expect(changeText(change(4320, null), "duration")).toBe("new");
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
  const pairs: [Report, Report][] = [
    [assignments, assignmentsBefore],
    [noAssignments, assignmentsBefore],
    [buildReport({ period: WEEK, filters: { contacts: [HOSTILE_NAME] } }), noAssignments],
    [agents, agentsBefore],
    [noAgents, noAgents],
    [crowded, agentsBefore],
  ];

  for (const charts of ["native", "quickchart", "upload", "none"] as const) {
    it(`holds in ${charts} mode`, () => {
      for (const [current, previous] of pairs) {
        render(current, previous, { charts, chartImage: { slackFileId: "F0CHART" } });
        render(current, previous, { charts });
      }
    });
  }

  it("one chart at most, as the report messages draw it", () => {
    expect(ofType(render(assignments, assignmentsBefore), "data_visualization").map((b) => b.title)).toEqual(["Assignments by source"]);
    expect(ofType(render(agents, agentsBefore), "data_visualization").map((b) => b.title)).toEqual([
      "Avg first response, business hours (min)",
    ]);
    const [image] = ofType(render(assignments, assignmentsBefore, { charts: "quickchart" }), "image");
    expect((image!.image_url as string).startsWith("https://quickchart.io/chart?")).toBe(true);
    expect(
      ofType(render(agents, agentsBefore, { charts: "upload", chartImage: { slackFileId: "F0CHART" } }), "image")[0]!.slack_file,
    ).toEqual({ id: "F0CHART" });
    // Without its image the chart is left out: the figures are in text.
    for (const charts of ["upload", "none"] as const) {
      const message = render(assignments, assignmentsBefore, { charts });
      expect([...ofType(message, "image"), ...ofType(message, "data_visualization")]).toHaveLength(0);
    }
  });

  it("a request too long for a button's value: no button, rather than a broken one", () => {
    expect(ofType(render(crowded, agentsBefore), "actions")).toHaveLength(0);
  });

  it("refuses two different reports", () => {
    expect(() => digestMessage(assignments, agentsBefore, base)).toThrow("got assignments and agent-performance");
  });
});

describe("digestMessage: assignments", () => {
  const message = render(assignments, assignmentsBefore);

  it("header, the periods in words and dates, filters, the schedule", () => {
    expect(blocks(message)[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Weekly digest: Assignments", emoji: false } });
    expect(contextTexts(message)).toEqual([
      "Last week: 16 Nov 2026 – 22 Nov 2026 · compared with the week before: 9 Nov 2026 – 15 Nov 2026 · times in Europe/Paris",
      "No filters",
      "Posted every Monday at 09:00 (Europe/Paris)",
    ]);
    const daily = render(buildReport({ period: { from: "2026-11-22", to: "2026-11-22" } }), noAssignments, {
      frequency: "daily",
      scheduleWords: "every day at 08:30 (Europe/Paris)",
    });
    expect((blocks(daily)[0]!.text as Json).text).toBe("Daily digest: Assignments");
    expect(contextTexts(daily)[0]).toMatch(/^Yesterday: Sun 22 Nov 2026 · compared with the day before: /);
    expect((blocks(render(assignments, assignmentsBefore, { frequency: "monthly" }))[0]!.text as Json).text).toBe(
      "Monthly digest: Assignments",
    );
  });

  it("totals and the top 5 sources with their shares, each against the week before", () => {
    expect(fieldTexts(message)).toEqual([
      "*Assignments (unassignments included)*\n530 · ▲ +5.0% vs 505",
      "*Unassignments*\n12 · new",
      "*Workflow · 42.5%*\n225 · ▲ +12.5% vs 200",
      "*User · 28.3%*\n150 · ▼ -6.3% vs 160",
      "*Bot · 18.9%*\n100 · ▬ 0%",
      "*Zapier · 5.7%*\n30 · new",
      "*Developer API · 3.8%*\n20 · ▼ -50.0% vs 40",
    ]);
    expect(message.text).toBe("Weekly digest: Assignments, 16 Nov 2026 – 22 Nov 2026: 530 assignments (▲ +5.0%)");
  });

  it("an empty week: the no-data notice, the totals down, no sources, no chart", () => {
    const empty = render(noAssignments, assignmentsBefore);
    expect(contextTexts(empty)).toContain(":information_source: The selected filter(s) have no applicable data.");
    expect(fieldTexts(empty)).toEqual(["*Assignments (unassignments included)*\n0 · ▼ -100.0% vs 505", "*Unassignments*\n0 · ▬ 0%"]);
    expect(ofType(empty, "data_visualization")).toHaveLength(0);
    expect(contextTexts(message).some((t) => t.includes("filter(s)"))).toBe(false);
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
  const message = render(agents, agentsBefore);

  it("header, the periods, the schedule and the business hours", () => {
    expect((blocks(message)[0]!.text as Json).text).toBe("Weekly digest: Email agent performance");
    expect(contextTexts(message).slice(2)).toEqual([
      "Posted every Monday at 09:00 (Europe/Paris)",
      "Business hours: Mon-Fri 09:00-17:00 (Europe/Paris)",
    ]);
  });

  it("the team: counts with arrows, averages in business hours framed as faster or slower", () => {
    expect(fieldTexts(message)).toEqual([
      "*First responses (any time)*\n42 · ▲ +366.7% vs 9",
      "*First responses (business hours)*\n27 · ▲ +237.5% vs 8",
      "*First response avg (business hours)*\n24 min · ▼ -55.5% faster vs 53 min",
      "*Resolutions (any time)*\n37 · ▲ +825.0% vs 4",
      "*Resolution avg (business hours)*\n1 h 42 min · ▼ -52.6% faster vs 3 h 36 min",
      "*Customers*\n42 · ▲ +366.7% vs 9",
    ]);
    const slower = render(
      buildAgentReport({ period: WEEK, agents: 1, durationFactor: 1.25 }),
      buildAgentReport({ period: WEEK_BEFORE, agents: 1 }),
    );
    expect(fieldTexts(slower)[2]).toBe("*First response avg (business hours)*\n1 h 30 min · ▲ +25.0% slower vs 1 h 12 min");
    expect(message.text).toBe(
      "Weekly digest: Email agent performance, 16 Nov 2026 – 22 Nov 2026: 42 first responses (▲ +366.7%), 37 resolutions (▲ +825.0%)",
    );
  });

  it("the top 10 agents by first responses, each against the week before", () => {
    const rows = tableRows(message);
    expect(rows[0]).toEqual(["Agent", "First responses (any time)", "First response avg (business hours)"]);
    expect(rows).toHaveLength(11);
    const counts = rows.slice(1).map((r) => Number(r[1]!.split(" ")[0]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(rows.find((r) => r[0] === "Camille Martin")).toEqual([
      "Camille Martin",
      "5 · ▬ 0%",
      "1 h 12 min · ▼ -20.0% faster vs 1 h 30 min",
    ]);
    expect(rows.find((r) => r[0] === "Agent 006")).toEqual(["Agent 006", "7 · new", "23 min · new"]);
    // Resolutions only: not a responder.
    expect(rows.some((r) => r[0] === "Dominique Lefèvre")).toBe(false);
  });

  it("an empty week against an empty week: the no-data notice, '-' for the averages, no table, no chart", () => {
    const empty = render(noAgents, noAgents);
    expect(contextTexts(empty)).toContain(":information_source: The selected filter(s) have no applicable data.");
    expect(fieldTexts(empty)).toContain("*First response avg (business hours)*\n- · -");
    expect(fieldTexts(empty)).toContain("*First responses (any time)*\n0 · ▬ 0%");
    for (const type of ["table", "data_visualization"]) expect(ofType(empty, type)).toHaveLength(0);
    expect(decodeState(element(empty, REPORT_ACTIONS.open)!.value as string)).toEqual(noAgents.request);
  });
});

describe("digestMessage: outside text", () => {
  const cases: [string, Report, Report][] = [
    ["assignments", buildReport({ period: WEEK, filters: { contacts: [HOSTILE_NAME] } }), assignmentsBefore],
    ["agent performance", buildAgentReport({ period: WEEK, filters: { agents: [HOSTILE_AGENT] } }), agentsBefore],
  ];
  for (const [name, current, previous] of cases) {
    for (const charts of ["native", "quickchart"] as const) {
      it(`<!channel> appears raw only where Slack parses nothing (${name}, ${charts})`, () => {
        const message = render(current, previous, { charts });
        // Chart labels and alt text are plain strings to Slack; a button value is never shown.
        expect(hostilePlaces(message, ["label", "alt_text", "value"])).toContain("plain_text.text");
        expect(message.text).not.toContain("<!channel>");
        expect(message.text).toContain("Filters: ");
        expect(message.text).toContain("&lt;!channel&gt;");
      });
    }
  }

  it("an agent's name stays as typed in its table cell", () => {
    expect(tableRows(render(agents, agentsBefore)).some((r) => r[0] === HOSTILE_AGENT)).toBe(true);
  });
});
