// The "upload" charts: renderChartPng (chart.js 4 on @napi-rs/canvas, then PNG encoding)
// for the Assignments bar and pie, beside chart.js drawing the same configuration on the
// same canvas without encoding; the encoding alone is timed on its own.
import { createCanvas, type Canvas } from "@napi-rs/canvas";
import { Chart } from "chart.js";
import { SOURCE_LABELS, type Source } from "../src/domain/sources.ts";
import { resolvePeriod } from "../src/domain/periods.ts";
import { chartJsConfig, sourceCharts, type ChartData } from "../src/render/charts/chart-data.ts";
// Imported for its side effect too: it registers the chart.js controllers both sides use.
import { renderChartPng } from "../src/render/charts/render-png.ts";
import { comparePaths, latencyOf, latencyRow, ms, percentiles } from "./lib/latency.ts";
import { envInt, int, timed, type BenchResult, type TableRow } from "./lib/report.ts";

const RENDERS = envInt("BENCH_RENDERS", 50);
const WARMUPS = 5;
const PLATFORM_NOTES_MS = 28;

// A month of a busy inbox (the report-assignments bench's mix): all ten sources, so the pie has "Other".
const COUNTS: [Source, number][] = [
  ["workflow", 300_412],
  ["user", 249_871],
  ["bot", 99_827],
  ["developer_api", 100_544],
  ["zapier", 50_113],
  ["create", 49_760],
  ["contact_import", 50_201],
  ["close_conversation", 49_902],
  ["click_to_chat_ad", 29_977],
  ["unknown", 19_393],
];

function charts(): { bar: ChartData; pie: ChartData } {
  const total = COUNTS.reduce((sum, [, n]) => sum + n, 0);
  const bySource = [...COUNTS]
    .sort((a, b) => b[1] - a[1])
    .map(([source, count]) => ({ source, label: SOURCE_LABELS[source], count, share: (100 * count) / total }));
  return sourceCharts({ bySource, period: resolvePeriod({ preset: "last-30-days" }, "Europe/Paris") });
}

/**
 * chart.js drawing the chart as renderChartPng configures it, minus its two small plugins
 * (white background, value labels) which it does not export: the baseline has no encoding.
 */
function drawOnly(chart: ChartData): Canvas {
  const canvas = createCanvas(800, 400);
  const config = chartJsConfig(chart);
  const instance = new Chart(
    canvas.getContext("2d") as unknown as CanvasRenderingContext2D,
    {
      ...config,
      options: {
        ...config.options,
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        layout: { padding: { left: 12, right: 40, top: 4, bottom: 4 } },
      },
    } as typeof config,
  );
  instance.destroy();
  return canvas;
}

export async function run(): Promise<BenchResult> {
  const rows: TableRow[] = [];
  const notes: string[] = [];
  const { bar, pie } = charts();
  // The first render of the process loads fonts and JIT-compiles chart.js: what the first
  // Slack request after a start pays.
  const cold = await timed(() => renderChartPng(bar));
  notes.push(`first render of the process (cold: fonts, JIT): ${ms(cold.ms)}`);
  for (const [name, chart] of [
    ["bar", bar],
    ["pie", pie],
  ] as const) {
    const result = await comparePaths(
      RENDERS,
      WARMUPS,
      () => renderChartPng(chart),
      async () => drawOnly(chart),
    );
    rows.push({
      ...latencyRow(
        `renderChartPng, ${name} (${chart.labels.length} ${name === "bar" ? "bars" : "segments"}, 800x400)`,
        result.path,
        result.baseline,
        "chart.js draw, no encoding",
      ),
      target: name === "bar" ? `~${PLATFORM_NOTES_MS} ms (PLATFORM-NOTES)` : "-",
    });
    const canvas = result.lastBaseline;
    const encode: number[] = [];
    for (let i = 0; i < RENDERS; i++) encode.push((await timed(() => canvas.encode("png"))).ms);
    const encoded = latencyOf(encode);
    notes.push(`${name}: canvas.encode("png") alone ${percentiles(encoded)} (p50/p95), PNG ${int(result.lastPath.length / 1024)} KiB`);
  }
  notes.push(`${RENDERS} renders each after ${WARMUPS} warm-ups, render and baseline alternating`);
  return { rows, notes };
}
