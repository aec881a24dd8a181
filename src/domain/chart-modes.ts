// How report charts are drawn in Slack: the server's CHARTS setting, overridden by each
// workspace's own choice (the settings modal).
export const CHART_MODES = ["native", "quickchart", "upload", "none"] as const;
export type ChartMode = (typeof CHART_MODES)[number];

/** Digests are posted without uploading a chart first: "upload" draws the native chart there. */
export function digestChartMode(mode: ChartMode): Exclude<ChartMode, "upload"> {
  return mode === "upload" ? "native" : mode;
}
