// The reports' charts as plain data (Assignments: count and share by source; agent
// performance: average first-response time per agent), and the one chart.js configuration
// drawn from them, shared by QuickChart and the local PNG renderer so both draw the same
// chart. Assignments charts hold only source labels and counts; the agent chart holds
// agent names (the team's own, no customer text).
import type { ChartConfiguration } from "chart.js";
import { formatDuration } from "../../domain/durations.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import { topResponders } from "../words/agent-performance-words.ts";
import { formatShare } from "../words/assignments-words.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { displayText, formatCount, truncate } from "../words/report-words.ts";

export interface ChartData {
  title: string;
  kind: "bar" | "pie";
  labels: string[];
  values: number[];
  /** What the values are (series and axis name), e.g. "Assignments" or "Minutes". */
  valueName: string;
  /** What the labels are (axis name), e.g. "Source" or "Agent". */
  labelName: string;
  /** The data in words, for screen readers and wherever the image does not show. */
  altText: string;
}

/** Slack's pie takes 1-6 segments; more than 6 sources become the top 5 and "Other". */
const PIE_MAX_SEGMENTS = 6;
const OTHER_LABEL = "Other";

const sharesOf = (values: number[]) => {
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.map((v) => (total === 0 ? 0 : (100 * v) / total));
};

function listInWords(labels: string[], amounts: string[], none: string): string {
  return labels.length === 0 ? none : labels.map((label, i) => `${label} ${amounts[i]}`).join(", ");
}

const NO_ASSIGNMENTS = "no assignments in this period";

export function sourceCharts(report: Pick<AssignmentsReport, "bySource">): { bar: ChartData; pie: ChartData } {
  const sources = report.bySource;
  const labels = sources.map((s) => s.label);
  const values = sources.map((s) => s.count);

  const fits = sources.length <= PIE_MAX_SEGMENTS;
  const top = fits ? sources : sources.slice(0, PIE_MAX_SEGMENTS - 1);
  const pieLabels = [...top.map((s) => s.label), ...(fits ? [] : [OTHER_LABEL])];
  const pieValues = [...top.map((s) => s.count), ...(fits ? [] : [sources.slice(top.length).reduce((sum, s) => sum + s.count, 0)])];

  return {
    bar: {
      title: "Assignments by source",
      kind: "bar",
      labels,
      values,
      valueName: "Assignments",
      labelName: "Source",
      altText: `Bar chart of assignments by source: ${listInWords(labels, values.map(formatCount), NO_ASSIGNMENTS)}.`,
    },
    pie: {
      title: "Share of assignments by source",
      kind: "pie",
      labels: pieLabels,
      values: pieValues,
      valueName: "Assignments",
      labelName: "Source",
      altText: `Pie chart of the share of assignments by source: ${listInWords(pieLabels, sharesOf(pieValues).map(formatShare), NO_ASSIGNMENTS)}.`,
    },
  };
}

/** The agent chart shows at most this many agents: the ones with the most first responses. */
export const AGENT_CHART_MAX = 12;
// Long names would crowd the bars out of an 800-pixel image and lengthen the QuickChart URL.
const AGENT_CHART_LABEL = 30;

/**
 * Average first-response time in business hours per agent, in minutes to one decimal. The
 * busiest agents (most first responses, then by name) when there are more than 12; agents
 * without a first response have no average and are left out.
 */
export function agentFirstResponseChart(report: Pick<AgentPerformanceReport, "agents">): ChartData {
  const shown = topResponders(report.agents, AGENT_CHART_MAX);
  const seconds = shown.map((a) => a.firstResponse.businessHours.average!);
  const labels = shown.map((a) => truncate(displayText(a.label), AGENT_CHART_LABEL));
  return {
    title: "Avg first response, business hours (min)",
    kind: "bar",
    labels,
    values: seconds.map((s) => Math.round(s / 6) / 10),
    valueName: "Minutes",
    labelName: "Agent",
    altText: `Bar chart of the average first-response time in business hours per agent: ${listInWords(
      labels,
      seconds.map((s) => formatDuration(s * 1000)),
      "no first responses in this period",
    )}.`,
  };
}

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
const OTHER_COLOUR = "#999999";
const TEXT_COLOUR = "#333333";

/** A JSON-safe chart.js 4 configuration (no functions: QuickChart receives it in a URL). */
export function chartJsConfig(chart: ChartData): ChartConfiguration<"bar"> | ChartConfiguration<"pie"> {
  const title = { display: true, text: chart.title, color: TEXT_COLOUR, font: { size: 20, weight: "bold" as const } };
  if (chart.kind === "bar") {
    return {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: chart.valueName, data: chart.values, backgroundColor: PALETTE[0] }] },
      options: {
        // Horizontal bars: source names read on one line instead of slanting under the axis.
        indexAxis: "y",
        plugins: { title, legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, color: TEXT_COLOUR, font: { size: 14 } } },
          y: { ticks: { color: TEXT_COLOUR, font: { size: 15 } } },
        },
      },
    };
  }
  const shares = sharesOf(chart.values);
  return {
    type: "pie",
    // The legend carries the percentages, so the image reads without hovering.
    data: {
      labels: chart.labels.map((label, i) => `${label} ${formatShare(shares[i]!)}`),
      datasets: [
        {
          data: chart.values,
          backgroundColor: chart.labels.map((label, i) => (label === OTHER_LABEL ? OTHER_COLOUR : PALETTE[i % PALETTE.length]!)),
        },
      ],
    },
    options: { plugins: { title, legend: { position: "right", labels: { color: TEXT_COLOUR, font: { size: 15 } } } } },
  };
}
