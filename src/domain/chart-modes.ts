// How report charts are drawn in Slack: the server's CHARTS setting, overridden by each
// workspace's own choice (the settings modal).
export const CHART_MODES = ["native", "quickchart", "upload", "none"] as const;
export type ChartMode = (typeof CHART_MODES)[number];

/** A workspace's choice of none of its own: the server's CHARTS (the settings form's option, `--chart-mode default`). */
export const SERVER_DEFAULT = "default";

/** A workspace's choice as typed or picked: a mode, null for SERVER_DEFAULT; undefined for anything else. */
export function parseChartChoice(choice: string): ChartMode | null | undefined {
  if (choice === SERVER_DEFAULT) return null;
  return CHART_MODES.find((mode) => mode === choice);
}

/** Digests are posted without uploading a chart first: "upload" draws the native chart there. */
export function digestChartMode(mode: ChartMode): Exclude<ChartMode, "upload"> {
  return mode === "upload" ? "native" : mode;
}
