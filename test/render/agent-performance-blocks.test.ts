// The email agent-performance report rendered: the Slack message (Slack's limits in every
// mode, the table, durations in words, escaping of agent names, controls), its chart, the
// terminal text and the CSV.
import { describe, expect, it } from "vitest";
import { agentPerformanceText } from "../../src/render/text/report-text.ts";
import { writeAgentPerformanceCsv } from "../../src/render/csv/agent-performance-csv.ts";
import type { AgentPerformanceReport } from "../../src/reports/agent-performance-report.ts";
import { SATISFACTION_NOTE } from "../../src/render/words/agent-performance-words.ts";
import { statsWords } from "../../src/render/words/agent-performance-words.ts";
import { truncate } from "../../src/render/words/report-words.ts";
import { decodeState, REPORT_ACTIONS } from "../../src/render/block-kit/action-state.ts";
import {
  agentPerformanceMessage,
  MAX_TABLE_AGENTS,
  type AgentMessageOptions,
} from "../../src/render/block-kit/agent-performance-blocks.ts";
import { assertWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { AGENT_CHART_MAX, agentFirstResponseChart } from "../../src/render/charts/chart-data.ts";
import { buildAgentReport, FORMULA_AGENT, HOSTILE_AGENT } from "../support/agent-report-fixtures.ts";
import { blocks, contextTexts, element, hostilePlaces, ofType, type Json, type Message } from "../support/message-queries.ts";

const base: AgentMessageOptions = { charts: "native", interactive: true, quickChartHost: "https://quickchart.io" };

function render(report: AgentPerformanceReport, options: Partial<AgentMessageOptions> = {}): Message {
  const message = agentPerformanceMessage(report, { ...base, ...options });
  assertWithinSlackLimits(message);
  return message;
}

const tableRows = (message: Message) =>
  ((ofType(message, "table")[0]?.rows ?? []) as Json[][]).map((row) =>
    row.map((cell) => {
      expect(cell.type).toBe("raw_text");
      return cell.text as string;
    }),
  );

async function csvOf(report: AgentPerformanceReport): Promise<string[]> {
  let csv = "";
  await writeAgentPerformanceCsv(report, (chunk) => void (csv += chunk));
  expect(csv.endsWith("\r\n")).toBe(true);
  return csv.slice(0, -2).split("\r\n");
}

const one = buildAgentReport({ agents: 1 });
const twelve = buildAgentReport();
const many = buildAgentReport({ agents: 150 });
const empty = buildAgentReport({ agents: 0 });

const COLUMNS = [
  "Agent",
  "Customers",
  "First responses (business hours)",
  "First response avg (business hours)",
  "First responses (any time)",
  "First response avg (any time)",
  "Resolutions (business hours)",
  "Resolution avg (business hours)",
  "Resolutions (any time)",
  "Resolution avg (any time)",
];
const CAMILLE_CELLS = [
  "Camille Martin",
  "4",
  "4",
  "1 h 12 min (54 min / 3 h)",
  "5",
  "5 h 51 min (2 h / 1 d)",
  "2",
  "3 h 40 min (2 h / 8 h)",
  "3",
  "9 h 20 min (2 h / 1 d 1 h)",
];

describe("agentPerformanceMessage: Slack's limits", () => {
  const reports = { "0 agents": empty, "1 agent": one, "12 agents": twelve, "150 agents": many };
  for (const charts of ["native", "quickchart", "upload", "none"] as const) {
    for (const interactive of [true, false]) {
      it(`holds in ${charts} mode, ${interactive ? "interactive" : "shared to a channel"}, with 0, 1, 12 and 150 agents`, () => {
        for (const report of Object.values(reports)) {
          render(report, { charts, interactive, chartImage: { slackFileId: "F0CHART" } });
          render(report, { charts, interactive });
        }
      });
    }
  }

  it("holds with agent names of 500 characters and filters too long to keep in the message", () => {
    const built = buildAgentReport({ agents: 150, filters: { agents: Array.from({ length: 10 }, (_, i) => `${i}${"a".repeat(199)}`) } });
    const report = { ...built, agents: built.agents.map((agent) => ({ ...agent, label: `${agent.label}${"n".repeat(500)}` })) };
    for (const charts of ["native", "quickchart"] as const) render(report, { charts });
    expect(tableRows(render(report))[1]![0]).toHaveLength(40);
  });
});

describe("agentPerformanceMessage: content", () => {
  const message = render(one);
  const sectionTexts = (m: Message) => ofType(m, "section").map((b) => (b.text as Json | undefined)?.text as string);

  it("header, then the period's dates, time zone and filters", () => {
    expect(blocks(message)[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Email agent performance · Last 30 days", emoji: false },
    });
    expect(contextTexts(message).slice(0, 2)).toEqual(["25 Oct 2026 – 23 Nov 2026 · times in Europe/Paris", "No filters"]);
    expect(contextTexts(render(buildAgentReport({ filters: { agents: ["Camille"] } })))[1]).toBe("Filters: agent: Camille");
  });

  it("opens with the point: the team's median first response and its change, the slowest agent; the fallback says the same", () => {
    // Camille's business-hours first responses: 600, 1200, 3240, 5760, 10,800 s, a quarter slower before.
    const headline = "Team median first response 54 min in business hours (▼ 14 min vs the previous 30 days); 3 resolutions.";
    expect(sectionTexts(message)[0]).toBe(`*${headline}*`);
    expect(message.text).toBe(`Email agent performance, Last 30 days (25 Oct 2026 – 23 Nov 2026): ${headline}`);
    // Twelve agents: the slowest is the first row of the table.
    const many = render(twelve);
    expect(sectionTexts(many)[0]).toBe(
      "*Team median first response 17 min in business hours (▼ 4 min vs the previous 30 days); slowest: Camille Martin.*",
    );
    expect(tableRows(many)[1]![0]).toBe("Camille Martin");
    expect(sectionTexts(render(buildAgentReport({ previousFactor: "empty" })))[0]).toBe(
      "*Team median first response 17 min in business hours (no data for the previous 30 days); slowest: Camille Martin.*",
    );
  });

  it("the team's counts, and averages and medians in business hours, each once beside its change", () => {
    const [, team] = ofType(message, "section");
    expect((team!.text as Json).text).toBe("*Team* · change vs the previous 30 days");
    expect((team!.fields as Json[]).map((f) => f.text)).toEqual([
      "*First responses*\n5 (no change)",
      "*Avg first response, business hours*\n1 h 12 min (▼ 18 min)",
      "*Resolutions*\n3 (no change)",
      "*Resolution, business hours*\navg 3 h 40 min (▼ 55 min) · median 2 h (▼ 30 min)",
      "*Customers*\n4 (no change)",
    ]);
    expect((ofType(render(empty), "section")[1]!.fields as Json[]).map((f) => f.text)).toContain("*First responses*\n0 (no change)");
  });

  it("each figure once, and the opening sentence matches the figures", () => {
    const message = render(twelve);
    const [headline, team, ...rest] = ofType(message, "section");
    // One fields grid (the team's), no team row in the table, no legend repeating a figure.
    expect(rest.filter((b) => b.fields !== undefined)).toHaveLength(0);
    expect(tableRows(message).some((r) => r[0] === "Team")).toBe(false);
    // The headline's median is the team's, its change against the previous period's median.
    const median = twelve.team.firstResponse.businessHours.median!;
    const before = twelve.previous.team.firstResponse.businessHours.median!;
    const said = `median first response ${Math.round(median / 60)} min in business hours (▼ ${Math.round((before - median) / 60)} min vs`;
    expect((headline!.text as Json).text).toContain(said);
    expect(message.text).toContain(said);
    expect(message.text).toContain(`slowest: ${twelve.agents[0]!.label}.`);
    // The team section holds the other figures: not the headline's median again.
    const fields = (team!.fields as Json[]).map((f) => f.text as string).join("\n");
    expect(fields).not.toContain(`${Math.round(median / 60)} min (`);
    // The team's counts are the section's.
    expect(fields).toContain(`*First responses*\n${twelve.team.firstResponse.count} (`);
    expect(fields).toContain(`*Resolutions*\n${twelve.team.resolution.count} (`);
  });

  it("filtered to one agent: the section names the agent; no table or chart repeats their figures", () => {
    const camille = render(buildAgentReport({ agents: 1, filters: { agents: ["Camille"] } }));
    expect(sectionTexts(camille)[0]).toBe(
      "*Camille Martin: median first response 54 min in business hours (▼ 14 min vs the previous 30 days); 3 resolutions.*",
    );
    expect(sectionTexts(camille)[1]).toBe("*Camille Martin* · change vs the previous 30 days");
    for (const type of ["table", "data_visualization"]) expect(ofType(camille, type)).toHaveLength(0);
  });

  it("one table of 6 columns, slowest first as the chart, business-hours durations in hours and minutes", () => {
    expect(ofType(render(twelve), "table")).toHaveLength(1);
    const rows = tableRows(render(twelve));
    expect(rows[0]).toEqual([
      "Agent",
      "First responses",
      "First response avg (median)",
      "Resolutions",
      "Resolution avg (median)",
      "Customers",
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(twelve.agents.map((a) => truncate(a.label, 40)));
    // The chart draws the same agents in the same order (all but Dominique, who has no first response).
    expect(rows.slice(1, -1).map((r) => truncate(r[0]!, 30))).toEqual(agentFirstResponseChart(twelve).labels);
    expect(rows.find((r) => r[0] === "Camille Martin")).toEqual([
      "Camille Martin",
      "5",
      "1 h 12 min (54 min)",
      "3",
      "3 h 40 min (2 h)",
      "4",
    ]);
    // Resolutions only: no first response, so no first-response durations; last in the order.
    expect(rows.at(-1)).toEqual(["Dominique Lefèvre", "0", "-", "1", "30 min (30 min)", "1"]);
    expect(sectionTexts(render(twelve))).toContain(
      "*By agent, slowest first* (by average first response); durations in business hours. All 12 agents.",
    );
    expect(statsWords({ average: null, median: null, p90: null })).toBe("-");
    // 28 open hours are 28 hours, not "1 d 4 h".
    const long = buildAgentReport({ agents: 2, durationFactor: 30 });
    expect(tableRows(render(long))[1]![2]).toBe("36 h (27 h)");
  });

  it("150 agents: the slowest that fit Slack's table (at most 99), said so", () => {
    const message = render(many);
    const rows = tableRows(message).slice(1);
    expect(rows.length).toBeLessThanOrEqual(MAX_TABLE_AGENTS);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.map((r) => r[0])).toEqual(many.agents.slice(0, rows.length).map((a) => truncate(a.label, 40)));
    expect(
      ofType(message, "section").some((s) =>
        ((s.text as Json).text as string).includes(`The ${rows.length} slowest of 150 agents; the CSV export has them all.`),
      ),
    ).toBe(true);
  });

  it("notices: the seed's texts, naming the filters that do not apply", () => {
    const filtered = render(buildAgentReport({ filters: { sources: ["bot"], contacts: ["Joe"], agents: ["Camille"] } }));
    expect(contextTexts(filtered)).toContain(":warning: The selected filter(s) are not applicable here. (source:, contact:)");
    expect(contextTexts(render(empty))).toContain(":information_source: The selected filter(s) have no applicable data.");
    expect(contextTexts(message).some((t) => t.includes("filter(s)"))).toBe(false);
  });

  it("an empty report: no chart, no table; the satisfaction note always", () => {
    const message = render(empty);
    for (const type of ["table", "data_visualization", "image"]) expect(ofType(message, type)).toHaveLength(0);
    for (const report of [empty, one, many]) expect(contextTexts(render(report, { interactive: false }))).toContain(SATISFACTION_NOTE);
    expect(SATISFACTION_NOTE).toBe("Customer satisfaction: not yet available for email.");
  });
});

describe("agentPerformanceMessage: agent names", () => {
  const hostile = buildAgentReport({ filters: { agents: [HOSTILE_AGENT] } });

  for (const charts of ["native", "quickchart", "none"] as const) {
    it(`<!channel> appears raw only where Slack parses nothing (${charts})`, () => {
      const message = render(hostile, { charts });
      // Chart labels and alt text are plain strings to Slack; value and block_id are never shown.
      const places = hostilePlaces(message, ["label", "alt_text", "value", "block_id"]);
      expect(places.has("raw_text.text")).toBe(true);
      expect(places.has("plain_text.text")).toBe(true);
      expect(message.text).not.toContain("<!channel>");
      expect(message.text).toContain("Filters: agent: &lt;!channel&gt; \u2217x\u2217");
    });
  }

  it("the table cell keeps the name as typed", () => {
    expect(tableRows(render(twelve)).find((r) => r[0] === HOSTILE_AGENT)).toBeDefined();
  });
});

describe("agentPerformanceMessage: chart", () => {
  it("native: a bar of average minutes per agent, titled with the period", () => {
    const [chart] = ofType(render(one), "data_visualization");
    expect(chart).toEqual({
      type: "data_visualization",
      title: "Avg first response · Last 30 days",
      chart: {
        type: "bar",
        series: [{ name: "Minutes (business)", data: [{ label: "Camille Martin", value: 72 }] }],
        axis_config: { categories: ["Camille Martin"], x_label: "Agent", y_label: "Minutes (business)" },
      },
    });
  });

  it("quickchart: an image with the data in words; upload: the Slack file; no image, no chart", () => {
    const [image] = ofType(render(one, { charts: "quickchart" }), "image");
    expect((image!.image_url as string).startsWith("https://quickchart.io/chart?")).toBe(true);
    expect(image!.alt_text).toBe(
      "Bar chart of the average first-response time in business hours per agent, slowest first: Camille Martin 1 h 12 min.",
    );
    expect(ofType(render(many, { charts: "quickchart" }), "image")).toHaveLength(1);
    expect(ofType(render(one, { charts: "upload", chartImage: { slackFileId: "F0CHART" } }), "image")[0]!.slack_file).toEqual({
      id: "F0CHART",
    });
    const missing = render(one, { charts: "upload" });
    expect(ofType(missing, "image")).toHaveLength(0);
    expect(ofType(render(one, { charts: "none" }), "data_visualization")).toHaveLength(0);
  });

  it("agentFirstResponseChart: the 12 slowest in the report's order, whole minutes, labelled in h/min, said to be part", () => {
    const chart = agentFirstResponseChart(many);
    expect(chart.labels).toEqual(many.agents.slice(0, AGENT_CHART_MAX).map((a) => truncate(a.label, 30)));
    for (const [i, agent] of many.agents.slice(0, AGENT_CHART_MAX).entries()) {
      const seconds = agent.firstResponse.businessHours.average!;
      expect(chart.values[i]).toBe(Math.round(seconds / 60));
    }
    expect(chart.labelName).toBe(`Agent (12 slowest of ${many.agents.filter((a) => a.firstResponse.count > 0).length})`);
    expect(agentFirstResponseChart(twelve).labelName).toBe("Agent");
    expect(agentFirstResponseChart(one).valueTexts).toEqual(["1 h 12 min"]);
    expect(agentFirstResponseChart(buildAgentReport({ agents: 1, durationFactor: 30 })).valueTexts).toEqual(["36 h"]);
    // Agents without a first response have no average to draw.
    expect(agentFirstResponseChart(twelve).labels).not.toContain("Dominique Lefèvre");
    // Labels are cut at 30 characters in the chart itself (native blocks cut them again, to 20).
    expect(agentFirstResponseChart(twelve).labels).toContain(truncate(FORMULA_AGENT, 30));
    expect(agentFirstResponseChart(empty)).toMatchObject({
      labels: [],
      values: [],
      altText: expect.stringContaining("no first responses in this period"),
    });
  });
});

describe("agentPerformanceMessage: controls", () => {
  it("one actions block: the period menu, Details for…, Export CSV and Share, the request in the block_id", () => {
    const message = render(twelve);
    const [actions, ...others] = ofType(message, "actions");
    expect(others).toHaveLength(0);
    expect(decodeState(actions!.block_id as string)).toEqual(twelve.request);
    expect((actions!.elements as Json[]).map((e) => [e.type, e.action_id])).toEqual([
      ["static_select", "report_period"],
      ["static_select", "agent_detail"],
      ["button", "report_export"],
      ["button", "report_share"],
    ]);
    expect((element(message, REPORT_ACTIONS.period)!.initial_option as Json).value).toBe("last-30-days");
    expect((element(message, REPORT_ACTIONS.export)!.text as Json).text).toBe("Export CSV");
    expect((element(message, REPORT_ACTIONS.share)!.text as Json).text).toBe("Share in channel");
    for (const id of [REPORT_ACTIONS.export, REPORT_ACTIONS.share])
      expect(decodeState(element(message, id)!.value as string)).toEqual(twelve.request);
  });

  it("a state too long for a block_id: no menu, the buttons, and why", () => {
    const long = buildAgentReport({ filters: { agents: Array.from({ length: 10 }, (_, i) => `Agent with a long name ${i}`) } });
    const message = render(long);
    expect(element(message, REPORT_ACTIONS.period)).toBeUndefined();
    expect(ofType(message, "actions").some((b) => b.block_id !== undefined)).toBe(false);
    expect(decodeState(element(message, REPORT_ACTIONS.export)!.value as string)).toEqual(long.request);
    expect(contextTexts(message)).toContain(
      "These filters are too long to keep in this message's menus; change them with the slash command.",
    );
  });

  it("shared to a channel: no controls", () => {
    expect(ofType(render(twelve, { interactive: false }), "actions")).toHaveLength(0);
  });
});

describe("agentPerformanceText", () => {
  it("header, schedule, team figures, notices, a row per agent, the satisfaction note", () => {
    const text = agentPerformanceText(buildAgentReport({ filters: { sources: ["bot"] } }));
    const lines = text.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Email agent performance · Last 30 days",
      "25 Oct 2026 – 23 Nov 2026 · times in Europe/Paris",
      "Filters: none",
      "Business hours: Mon-Fri 09:00-17:00 (Europe/Paris)",
      "Durations: average (median / 90th percentile); in business hours only the time the inbox is open counts.",
    ]);
    expect(text).toContain("! The selected filter(s) are not applicable here. (source:)");
    expect(lines.find((l) => l.startsWith("Agent "))!.split(/\s{2,}/)).toEqual(COLUMNS);
    expect(lines.find((l) => l.startsWith("Camille Martin"))!.split(/\s{2,}/)).toEqual(CAMILLE_CELLS);
    expect(lines.filter((l) => l.startsWith("Agent 0"))).toHaveLength(8);
    expect(text.trimEnd().endsWith(SATISFACTION_NOTE)).toBe(true);
  });

  it("the team figures, and an empty report without a table", () => {
    expect(agentPerformanceText(one)).toContain("First responses (business hours)  4 · avg 1 h 12 min (54 min / 3 h)\n");
    const text = agentPerformanceText(empty);
    expect(text).toContain("! The selected filter(s) have no applicable data.");
    expect(text).not.toContain("By agent");
  });

  it("control characters in agent names cannot drive the terminal", () => {
    const built = buildAgentReport({ agents: 1 });
    const report = { ...built, agents: [{ ...built.agents[0]!, label: "Eve\u001b[2J\nnew line\u202eevil" }] };
    expect(agentPerformanceText(report)).toContain("Eve [2J new line evil");
  });
});

describe("writeAgentPerformanceCsv", () => {
  it("a header, a line per agent, then the team; every duration in seconds and in words", async () => {
    const [header, ...lines] = await csvOf(one);
    expect(header!.split(",").slice(0, 11)).toEqual([
      "Agent",
      "Agent email",
      "Agent ID",
      "Customers",
      "First responses (business hours)",
      '"First response avg',
      ' business hours (s)"',
      '"First response avg',
      ' business hours"',
      '"First response median',
      ' business hours (s)"',
    ]);
    expect(header).toContain('"Resolution p90, any time (s)","Resolution p90, any time"');
    expect(lines).toEqual([
      "Camille Martin,-,-,4,4,4320,1 h 12 min,3240,54 min,10800,3 h,5,21060,5 h 51 min,7200,2 h,86400,1 d,2,13200,3 h 40 min,7200,2 h,28800,8 h,3,33600,9 h 20 min,7200,2 h,90000,1 d 1 h",
      "Team,-,-,4,4,4320,1 h 12 min,3240,54 min,10800,3 h,5,21060,5 h 51 min,7200,2 h,86400,1 d,2,13200,3 h 40 min,7200,2 h,28800,8 h,3,33600,9 h 20 min,7200,2 h,90000,1 d 1 h",
    ]);
  });

  it("every agent, even past what Slack shows; '-' without data; a formula-looking name neutralised", async () => {
    const lines = await csvOf(many);
    expect(lines).toHaveLength(1 + 150 + 1);
    expect(lines.at(-1)!.startsWith("Team,")).toBe(true);
    expect(lines.find((l) => l.startsWith("Dominique Lefèvre,"))).toBe(
      "Dominique Lefèvre,-,-,1,0,-,-,-,-,-,-,0,-,-,-,-,-,-,1,1800,30 min,1800,30 min,1800,30 min,1,1800,30 min,1800,30 min,1800,30 min",
    );
    expect(FORMULA_AGENT.startsWith("=")).toBe(true);
    expect(lines.some((l) => l.startsWith("=") || l.startsWith('"='))).toBe(false);
    expect(lines).toContain(
      `"'=HYPERLINK(""http://evil.example"",""click"")",-,-,2,2,420,7 min,420,7 min,420,7 min,2,630,11 min,630,11 min,840,14 min,0,-,-,-,-,-,-,0,-,-,-,-,-,-`,
    );
  });
});
