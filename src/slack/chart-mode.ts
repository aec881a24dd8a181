// How a workspace's charts are drawn: its own choice (the settings modal), loaded with the
// report's context, or else the server's CHARTS.
import type { Config } from "../config.ts";
import type { ChartMode } from "../domain/chart-modes.ts";
import type { ReportContext } from "../reports/report-context.ts";

export function chartModeFor(context: Pick<ReportContext, "chartMode">, config: Pick<Config, "CHARTS">): ChartMode {
  return context.chartMode ?? config.CHARTS;
}
