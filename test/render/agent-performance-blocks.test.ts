// The email agent-performance report rendered: the Slack message (Slack's limits in every
// mode, the table, durations in words, escaping of agent names, controls), its chart, the
// terminal text and the CSV.
import { describe, expect, it } from "vitest";
import { agentPerformanceText } from "../../src/render/text/report-text.ts";
import { writeAgentPerformanceCsv } from "../../src/render/csv/agent-performance-csv.ts";
import type { AgentPerformanceReport } from "../../src/reports/agent-performance-report.ts";
import { SATISFACTION_NOTE } from "../../src/render/words/agent-performance-words.ts";
import { activity, statsWords } from "../../src/render/words/agent-performance-words.ts";
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

  it("header, then the period's dates, time zone, filters and the business hours in words", () => {
    expect(blocks(message)[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Email agent performance · Last 30 days", emoji: false },
    });
    expect(contextTexts(message).slice(0, 4)).toEqual([
      "25 Oct 2026 – 23 Nov 2026 · times in Europe/Paris",
      "No filters",
      "Business hours: Mon-Fri 09:00-17:00 (Europe/Paris)",
      "Durations: average (median / 90th percentile); in business hours only the time the inbox is open counts.",
    ]);
    expect(contextTexts(render(buildAgentReport({ filters: { agents: ["Camille"] } })))[1]).toBe("Filters: agent: Camille");
  });

  it("the team line: each count with its average (median / p90) in words, and the customers", () => {
    const [team] = ofType(message, "section");
    expect((team!.fields as Json[]).map((f) => f.text)).toEqual([
      "*First responses (business hours)*\n4 · avg 1 h 12 min (54 min / 3 h)",
      "*First responses (any time)*\n5 · avg 5 h 51 min (2 h / 1 d)",
      "*Resolutions (business hours)*\n2 · avg 3 h 40 min (2 h / 8 h)",
      "*Resolutions (any time)*\n3 · avg 9 h 20 min (2 h / 1 d 1 h)",
      "*Customers*\n4",
    ]);
    expect((ofType(render(empty), "section")[0]!.fields as Json[]).map((f) => f.text)).toContain("*First responses (any time)*\n0");
  });

  it("the text fallback sums up the team", () => {
    expect(message.text).toBe(
      "Email agent performance, Last 30 days (25 Oct 2026 – 23 Nov 2026): 5 first responses (4 in business hours), 3 resolutions (2 in business hours), 4 customers",
    );
  });

  it("one table: the columns, a row per agent in the report's order, durations in words, '-' without data", () => {
    expect(ofType(render(twelve), "table")).toHaveLength(1);
    const rows = tableRows(render(twelve));
    expect(rows[0]).toEqual(COLUMNS);
    // Names are cut at 40 characters.
    expect(rows.slice(1).map((r) => r[0])).toEqual(twelve.agents.map((a) => truncate(a.label, 40)));
    expect(rows.find((r) => r[0] === "Camille Martin")).toEqual(CAMILLE_CELLS);
    // Resolutions only: no first response, so no first-response durations.
    expect(rows.find((r) => r[0] === "Dominique Lefèvre")).toEqual([
      "Dominique Lefèvre",
      "1",
      "0",
      "-",
      "0",
      "-",
      "1",
      "30 min (30 min / 30 min)",
      "1",
      "30 min (30 min / 30 min)",
    ]);
    expect(statsWords({ average: null, median: null, p90: null })).toBe("-");
  });

  it("150 agents: the busiest that fit Slack's table (at most 99), said so", () => {
    const message = render(many);
    const rows = tableRows(message).slice(1);
    expect(rows.length).toBeLessThanOrEqual(MAX_TABLE_AGENTS);
    expect(rows.length).toBeGreaterThan(50);
    const shown = new Set(rows.map((r) => r[0]));
    const kept = many.agents.filter((a) => shown.has(a.label));
    const left = many.agents.filter((a) => !shown.has(a.label));
    expect(Math.min(...kept.map(activity))).toBeGreaterThanOrEqual(Math.max(...left.map(activity)));
    expect(rows.map((r) => r[0])).toEqual(kept.map((a) => a.label));
    expect(contextTexts(message)).toContain(
      `Showing the ${rows.length} busiest of 150 agents (most first responses and resolutions); the CSV export has them all.`,
    );
    expect(contextTexts(render(twelve)).some((t) => t.startsWith("Showing"))).toBe(false);
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
  it("native: a bar of average minutes per agent", () => {
    const [chart] = ofType(render(one), "data_visualization");
    expect(chart).toEqual({
      type: "data_visualization",
      title: "Avg first response, business hours (min)",
      chart: {
        type: "bar",
        series: [{ name: "Minutes", data: [{ label: "Camille Martin", value: 72 }] }],
        axis_config: { categories: ["Camille Martin"], x_label: "Agent", y_label: "Minutes" },
      },
    });
  });

  it("quickchart: an image with the data in words; upload: the Slack file; no image, no chart", () => {
    const [image] = ofType(render(one, { charts: "quickchart" }), "image");
    expect((image!.image_url as string).startsWith("https://quickchart.io/chart?")).toBe(true);
    expect(image!.alt_text).toBe("Bar chart of the average first-response time in business hours per agent: Camille Martin 1 h 12 min.");
    expect(ofType(render(many, { charts: "quickchart" }), "image")).toHaveLength(1);
    expect(ofType(render(one, { charts: "upload", chartImage: { slackFileId: "F0CHART" } }), "image")[0]!.slack_file).toEqual({
      id: "F0CHART",
    });
    const missing = render(one, { charts: "upload" });
    expect(ofType(missing, "image")).toHaveLength(0);
    expect(ofType(render(one, { charts: "none" }), "data_visualization")).toHaveLength(0);
  });

  it("agentFirstResponseChart: the 12 agents with the most first responses, minutes to one decimal", () => {
    const chart = agentFirstResponseChart(many);
    expect(chart.labels).toHaveLength(AGENT_CHART_MAX);
    const counts = chart.labels.map((label) => many.agents.find((a) => a.label === label)!.firstResponse.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(
      Math.max(...many.agents.filter((a) => !chart.labels.includes(a.label)).map((a) => a.firstResponse.count)),
    );
    for (const [i, label] of chart.labels.entries()) {
      const seconds = many.agents.find((a) => a.label === label)!.firstResponse.businessHours.average!;
      expect(chart.values[i]).toBe(Math.round(seconds / 6) / 10);
    }
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
