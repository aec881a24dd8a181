// The report's two charts as plain data (bar: count by source; pie: share by source), and
// the one chart.js configuration drawn from them, shared by QuickChart and the local PNG
// renderer so both draw the same chart. Only source labels and counts: no customer text.
import type { ChartConfiguration } from "chart.js";
import { formatCount, formatShare } from "../../reports/assignments-view.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";

export interface ChartData {
  title: string;
  kind: "bar" | "pie";
  labels: string[];
  values: number[];
  /** The data in words, for screen readers and wherever the image does not show. */
  altText: string;
}

/** Slack's pie takes 1-6 segments; more than 6 sources become the top 5 and "Other". */
export const PIE_MAX_SEGMENTS = 6;
export const OTHER_LABEL = "Other";

const sharesOf = (values: number[]) => {
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.map((v) => (total === 0 ? 0 : (100 * v) / total));
};

function listInWords(labels: string[], amounts: string[]): string {
  return labels.length === 0 ? "no assignments in this period" : labels.map((label, i) => `${label} ${amounts[i]}`).join(", ");
}

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
      altText: `Bar chart of assignments by source: ${listInWords(labels, values.map(formatCount))}.`,
    },
    pie: {
      title: "Share of assignments by source",
      kind: "pie",
      labels: pieLabels,
      values: pieValues,
      altText: `Pie chart of the share of assignments by source: ${listInWords(pieLabels, sharesOf(pieValues).map(formatShare))}.`,
    },
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
      data: { labels: chart.labels, datasets: [{ label: "Assignments", data: chart.values, backgroundColor: PALETTE[0] }] },
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
      datasets: [{ data: chart.values, backgroundColor: chart.labels.map((label, i) => (label === OTHER_LABEL ? OTHER_COLOUR : PALETTE[i % PALETTE.length]!)) }],
    },
    options: { plugins: { title, legend: { position: "right", labels: { color: TEXT_COLOUR, font: { size: 15 } } } } },
  };
}
