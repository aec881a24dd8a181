// The reports' charts as plain data (Assignments: count and share by source; agent
// performance: average first-response time per agent), each titled with its period and at
// most 6 categories (docs/usage.md, "Charts"), and the one chart.js configuration
// drawn from them, shared by QuickChart and the local PNG renderer so both draw the same
// chart. Assignments charts hold only source labels and counts; the agent chart holds
// agent names (the team's own, no customer text).
import type { ChartConfiguration } from "chart.js";
import { PRESET_LABELS, type Period } from "../../domain/periods.ts";
import { SOURCE_SHORT_LABELS, type Source } from "../../domain/sources.ts";
import { formatDuration } from "../../domain/durations.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import { formatShare } from "../words/assignments-words.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { displayText, formatCount, truncate } from "../words/report-words.ts";

export interface ChartData {
  title: string;
  kind: "bar" | "pie";
  labels: string[];
  values: number[];
  /** Each value as drawn beside its bar ("1,788", "4 h 57 min"). */
  valueTexts: string[];
  /** What the values are (series and axis name), e.g. "Assignments" or "Hours". */
  valueName: string;
  /** What the labels are (axis name), e.g. "Source", or "Agent (12 slowest of 19)". */
  labelName: string;
  /** The data in words, for screen readers and wherever the image does not show. */
  altText: string;
}

/** Slack's pie takes 1-6 segments, and more bars than that do not read at a glance: the top 5 and "Other". */
const MAX_CATEGORIES = 6;
const OTHER_LABEL = "Other";

/** The period as a chart title ends: "Last 30 days", or the dates of a custom range. */
function periodTitle(period: Period): string {
  return "preset" in period.spec ? PRESET_LABELS[period.spec.preset] : period.label;
}

const sharesOf = (values: number[]) => {
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.map((v) => (total === 0 ? 0 : (100 * v) / total));
};

function listInWords(labels: string[], amounts: string[], none: string): string {
  return labels.length === 0 ? none : labels.map((label, i) => `${label} ${amounts[i]}`).join(", ");
}

const NO_ASSIGNMENTS = "no assignments in this period";

export interface SourceGroup {
  /** A source's short label, or "Other". */
  label: string;
  sources: Source[];
  count: number;
}

/** The sources as the charts show them: the top 5 and "Other" when there are more than 6, most first. */
export function sourceGroups(report: Pick<AssignmentsReport, "bySource">): SourceGroup[] {
  const sources = report.bySource;
  const fits = sources.length <= MAX_CATEGORIES;
  const top = fits ? sources : sources.slice(0, MAX_CATEGORIES - 1);
  const groups = top.map((s) => ({ label: SOURCE_SHORT_LABELS[s.source], sources: [s.source], count: s.count }));
  if (fits) return groups;
  const rest = sources.slice(top.length);
  return [...groups, { label: OTHER_LABEL, sources: rest.map((s) => s.source), count: rest.reduce((sum, s) => sum + s.count, 0) }];
}

export function sourceCharts(report: Pick<AssignmentsReport, "bySource" | "period">): { bar: ChartData; pie: ChartData } {
  const groups = sourceGroups(report);
  const labels = groups.map((g) => g.label);
  const values = groups.map((g) => g.count);
  const counts = values.map(formatCount);
  const shares = sharesOf(values).map(formatShare);
  const period = periodTitle(report.period);
  return {
    bar: {
      title: `Assignments by source · ${period}`,
      kind: "bar",
      labels,
      values,
      valueTexts: counts,
      valueName: "Assignments",
      labelName: "Source",
      altText: `Bar chart of assignments by source, ${period}: ${listInWords(labels, counts, NO_ASSIGNMENTS)}.`,
    },
    pie: {
      title: `Share by source · ${period}`,
      kind: "pie",
      labels,
      values,
      valueTexts: shares,
      valueName: "Assignments",
      labelName: "Source",
      altText: `Pie chart of the share of assignments by source, ${period}: ${listInWords(labels, shares, NO_ASSIGNMENTS)}.`,
    },
  };
}

/** The agent chart shows at most this many agents, in the report's order (slowest first). */
export const AGENT_CHART_MAX = 12;
// Long names would crowd the bars out of an 800-pixel image and lengthen the QuickChart URL.
const AGENT_CHART_LABEL = 30;

/**
 * Average first-response time in business hours per agent, slowest first as the report's
 * table, in minutes (labelled in hours and minutes where the chart draws labels). Agents without a first response have no
 * average and are left out; beyond 12, the axis name says how many of how many are shown.
 */
export function agentFirstResponseChart(report: Pick<AgentPerformanceReport, "agents" | "period">): ChartData {
  const answered = report.agents.filter((a) => a.firstResponse.businessHours.average !== null);
  const shown = answered.slice(0, AGENT_CHART_MAX);
  const seconds = shown.map((a) => a.firstResponse.businessHours.average!);
  const labels = shown.map((a) => truncate(displayText(a.label), AGENT_CHART_LABEL));
  const texts = seconds.map((s) => formatDuration(s * 1000, true));
  const part = shown.length < answered.length ? `, ${shown.length} slowest of ${answered.length}` : "";
  return {
    title: `Avg first response · ${periodTitle(report.period)}`,
    kind: "bar",
    labels,
    // Whole minutes: a native chart shows the bare number, and "143" reads better than "2.38" hours.
    values: seconds.map((s) => Math.round(s / 60)),
    valueTexts: texts,
    valueName: "Minutes (business)",
    labelName: `Agent${part ? ` (${part.slice(2)})` : ""}`,
    altText: `Bar chart of the average first-response time in business hours per agent, slowest first${part}: ${listInWords(
      labels,
      texts,
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
          x: {
            beginAtZero: true,
            title: { display: true, text: chart.valueName, color: TEXT_COLOUR, font: { size: 14 } },
            // Counts tick on whole numbers; hours may tick on halves.
            ticks: { ...(chart.values.every(Number.isInteger) ? { precision: 0 } : {}), color: TEXT_COLOUR, font: { size: 14 } },
          },
          y: {
            title: { display: true, text: chart.labelName, color: TEXT_COLOUR, font: { size: 14 } },
            ticks: { color: TEXT_COLOUR, font: { size: 15 } },
          },
        },
      },
    };
  }
  return {
    type: "pie",
    // The legend carries the percentages, so the image reads without hovering.
    data: {
      labels: chart.labels.map((label, i) => `${label} ${chart.valueTexts[i]}`),
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
