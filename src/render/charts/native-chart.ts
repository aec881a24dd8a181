// Slack's native chart block. Not in @slack/types 3.2.0, so typed here from
// docs.slack.dev/reference/block-kit/blocks/data-visualization-block (2026-06).
import { truncate } from "../words/report-words.ts";
import type { ChartData } from "./chart-data.ts";

export const DATA_VIZ_LIMITS = {
  title: 50,
  /** Segment, data point and category labels, and series names. */
  label: 20,
  axisLabel: 50,
  segments: 6,
  series: 6,
  points: 20,
} as const;

interface DataVisualizationSegment {
  label: string;
  /** Greater than 0. */
  value: number;
}

interface DataVisualizationSeries {
  name: string;
  /** One point per category, labelled with it. */
  data: { label: string; value: number }[];
}

interface DataVisualizationAxisConfig {
  categories: string[];
  x_label?: string;
  y_label?: string;
}

type DataVisualizationChart =
  | { type: "pie"; segments: DataVisualizationSegment[] }
  | { type: "bar" | "area" | "line"; series: DataVisualizationSeries[]; axis_config: DataVisualizationAxisConfig };

export interface DataVisualizationBlock {
  type: "data_visualization";
  title: string;
  chart: DataVisualizationChart;
  block_id?: string;
}

export function dataVisualizationBlock(chart: ChartData): DataVisualizationBlock {
  // Labels are capped at 20 characters: "Close conversation (legacy)" shows as "Close conversation…".
  const labels = chart.labels.map((label) => truncate(label, DATA_VIZ_LIMITS.label));
  const title = truncate(chart.title, DATA_VIZ_LIMITS.title);
  if (chart.kind === "pie") {
    return {
      type: "data_visualization",
      title,
      chart: { type: "pie", segments: labels.map((label, i) => ({ label, value: chart.values[i]! })) },
    };
  }
  return {
    type: "data_visualization",
    title,
    chart: {
      type: "bar",
      series: [
        { name: truncate(chart.valueName, DATA_VIZ_LIMITS.label), data: labels.map((label, i) => ({ label, value: chart.values[i]! })) },
      ],
      axis_config: { categories: labels, x_label: chart.labelName, y_label: chart.valueName },
    },
  };
}
