// A chart as a QuickChart image URL (quickchart.io or a self-hosted QuickChart). Slack's
// servers fetch it, so the chart's data (source labels and counts) travels to that host.
import quickChartModule from "quickchart-js";
import { chartJsConfig, type ChartData } from "./chart-data.ts";

// The ESM build's default export is the class, but TypeScript reads the package's .d.ts as
// CommonJS and sees `{ default: class }`.
const QuickChart = quickChartModule as unknown as typeof quickChartModule.default;

/** Slack's image block takes an image_url of at most 3000 characters. */
export const MAX_IMAGE_URL = 3000;

/**
 * The image URL, or null when it would be longer than Slack accepts: the caller then shows
 * the counts as text. `host` is a base URL, e.g. "https://quickchart.io" or
 * "http://charts.internal:3400/quickchart".
 */
export function quickChartUrl(chart: ChartData, host: string): string | null {
  const base = new URL(host);
  const url = new QuickChart()
    .setScheme(base.protocol.replace(/:$/, ""))
    // quickchart-js appends "/chart" to the host, so a path prefix rides along with it.
    .setHost(`${base.host}${base.pathname.replace(/\/+$/, "")}`)
    // JSON rather than the library's JavaScript literal: nothing to evaluate, and it decodes back.
    .setConfig(JSON.stringify(chartJsConfig(chart)))
    .setVersion("4")
    .setWidth(800)
    .setHeight(400)
    .setFormat("png")
    .setBackgroundColor("#ffffff")
    .getUrl();
  return url.length <= MAX_IMAGE_URL ? url : null;
}
