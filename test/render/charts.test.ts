// Charts of the Assignments report: the data, Slack's native block, the QuickChart URL and
// the locally rendered PNG.
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { sourceCharts } from "../../src/render/charts/chart-data.ts";
import { dataVisualizationBlock } from "../../src/render/charts/native-chart.ts";
import { MAX_IMAGE_URL, quickChartUrl } from "../../src/render/charts/quickchart.ts";
import { drawChart, renderChartPng } from "../../src/render/charts/render-png.ts";
import { agentFirstResponseChart } from "../../src/render/charts/chart-data.ts";
import { buildAgentReport } from "../support/agent-report-fixtures.ts";
import { assertWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { buildReport } from "../support/report-fixtures.ts";

const allSources = sourceCharts(buildReport());
const threeSources = sourceCharts(buildReport({ counts: { workflow: 6, bot: 3, user: 1 } }));

describe("sourceCharts", () => {
  it("bar and pie: the top 5 sources and Other, most first, short labels, the period in the title", () => {
    for (const chart of [allSources.bar, allSources.pie]) {
      expect(chart.labels).toEqual(["Workflow", "User", "Bot", "Developer API", "Zapier", "Other"]);
      expect(chart.values).toEqual([210, 150, 100, 80, 60, 50 + 35 + 25 + 14 + 10]);
    }
    expect([allSources.bar.title, allSources.pie.title]).toEqual([
      "Assignments by source · Last 30 days",
      "Share by source · Last 30 days",
    ]);
    expect(allSources.bar.valueTexts).toEqual(["210", "150", "100", "80", "60", "134"]);
    expect(allSources.bar.altText).toBe(
      "Bar chart of assignments by source, Last 30 days: Workflow 210, User 150, Bot 100, Developer API 80, Zapier 60, Other 134.",
    );
    expect(allSources.pie.altText).toBe(
      "Pie chart of the share of assignments by source, Last 30 days: Workflow 28.6%, User 20.4%, Bot 13.6%, Developer API 10.9%, Zapier 8.2%, Other 18.3%.",
    );
    const seven = sourceCharts(
      buildReport({ counts: { workflow: 7, user: 6, bot: 5, zapier: 4, create: 3, contact_import: 2, unknown: 1 } }),
    );
    expect(seven.pie.labels).toEqual(["Workflow", "User", "Bot", "Zapier", "Create", "Other"]);
    expect(seven.pie.values).toEqual([7, 6, 5, 4, 3, 3]);
    const custom = sourceCharts(buildReport({ period: { from: "2026-11-01", to: "2026-11-15" } }));
    expect(custom.bar.title).toBe("Assignments by source · 1-15 Nov 2026");
  });

  it("6 sources or fewer are all shown, without Other; the legacy source's label fits 20 characters", () => {
    expect(threeSources.pie.labels).toEqual(["Workflow", "Bot", "User"]);
    const six = sourceCharts(buildReport({ counts: { workflow: 6, user: 5, bot: 4, zapier: 3, close_conversation: 2, unknown: 1 } }));
    expect(six.bar.labels).toEqual(["Workflow", "User", "Bot", "Zapier", "Close conversation", "Unknown"]);
  });
});

describe("dataVisualizationBlock", () => {
  it("bar: one series over the sources as categories, labels cut to Slack's 20 characters", () => {
    const block = dataVisualizationBlock(allSources.bar);
    expect(block.type).toBe("data_visualization");
    expect(block.title).toBe("Assignments by source · Last 30 days");
    if (block.chart.type === "pie") throw new Error("expected a bar chart");
    expect(block.chart.axis_config.categories.every((c) => c.length <= 20)).toBe(true);
    expect(block.chart.series).toEqual([
      { name: "Assignments", data: block.chart.axis_config.categories.map((label, i) => ({ label, value: allSources.bar.values[i] })) },
    ]);
    assertWithinSlackLimits({ text: "chart", blocks: [block] });
  });

  it("pie: one segment per label", () => {
    const block = dataVisualizationBlock(allSources.pie);
    expect(block.chart).toEqual({
      type: "pie",
      segments: [
        { label: "Workflow", value: 210 },
        { label: "User", value: 150 },
        { label: "Bot", value: 100 },
        { label: "Developer API", value: 80 },
        { label: "Zapier", value: 60 },
        { label: "Other", value: 134 },
      ],
    });
    assertWithinSlackLimits({ text: "chart", blocks: [block] });
  });
});

/** The chart.js configuration a QuickChart URL carries. */
function decodeQuickChart(url: string): {
  params: URLSearchParams;
  config: { type: string; data: { labels: string[]; datasets: { data: number[] }[] } };
} {
  const params = new URL(url).searchParams;
  return { params, config: JSON.parse(params.get("c")!) };
}

describe("quickChartUrl", () => {
  it("carries a chart.js 4 configuration with the chart's data, 800x400 PNG", () => {
    const url = quickChartUrl(allSources.bar, "https://quickchart.io")!;
    expect(url.startsWith("https://quickchart.io/chart?")).toBe(true);
    expect(url.length).toBeLessThanOrEqual(MAX_IMAGE_URL);
    const { params, config } = decodeQuickChart(url);
    expect(Object.fromEntries(["w", "h", "f", "v", "bkg"].map((k) => [k, params.get(k)]))).toEqual({
      w: "800",
      h: "400",
      f: "png",
      v: "4",
      bkg: "#ffffff",
    });
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(allSources.bar.labels);
    expect(config.data.datasets[0]!.data).toEqual(allSources.bar.values);
  });

  it("pie: the legend labels carry the percentages", () => {
    const { config } = decodeQuickChart(quickChartUrl(threeSources.pie, "https://quickchart.io")!);
    expect(config.type).toBe("pie");
    expect(config.data.labels).toEqual(["Workflow 60.0%", "Bot 30.0%", "User 10.0%"]);
    expect(config.data.datasets[0]!.data).toEqual([6, 3, 1]);
  });

  it("bar: both axes are named", () => {
    const { config } = decodeQuickChart(quickChartUrl(threeSources.bar, "https://quickchart.io")!) as unknown as {
      config: { options: { scales: { x: { title: { text: string } }; y: { title: { text: string } } } } };
    };
    expect([config.options.scales.x.title.text, config.options.scales.y.title.text]).toEqual(["Assignments", "Source"]);
  });

  it("a self-hosted QuickChart keeps its scheme, port and path prefix", () => {
    const url = quickChartUrl(threeSources.bar, "http://charts.internal:3400/quickchart/")!;
    expect(url.startsWith("http://charts.internal:3400/quickchart/chart?")).toBe(true);
  });

  it("null when the URL would pass Slack's 3000 characters", () => {
    const long = { ...allSources.bar, labels: allSources.bar.labels.map((l) => l.repeat(80)) };
    expect(quickChartUrl(long, "https://quickchart.io")).toBeNull();
  });
});

describe("renderChartPng", () => {
  it("renders both charts as 800x400 PNGs", async () => {
    const timings: number[] = [];
    for (const [name, chart] of [
      ["bar", allSources.bar],
      ["pie", allSources.pie],
    ] as const) {
      const started = performance.now();
      const png = await renderChartPng(chart);
      timings.push(performance.now() - started);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // IHDR: width and height, big-endian, at bytes 16-23.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 400]);
      await writeFile(`/tmp/inbox-pulse-${name}.png`, png);
    }
    const warm = performance.now();
    for (let i = 0; i < 10; i++) await renderChartPng(allSources.bar);
    console.log(
      `renderChartPng: first bar ${timings[0]!.toFixed(0)} ms, first pie ${timings[1]!.toFixed(0)} ms, warm bar ${((performance.now() - warm) / 10).toFixed(1)} ms`,
    );
  });
});

describe("drawChart: no value label is clipped", () => {
  // The widest labels beside the longest bars: a count in the thousands, 4-digit hours.
  const charts = [
    sourceCharts(buildReport({ counts: { workflow: 1788, user: 1788, bot: 3 } })).bar,
    allSources.bar,
    agentFirstResponseChart(buildAgentReport({ durationFactor: 400 })),
    agentFirstResponseChart(buildAgentReport({ agents: 30 })),
  ];
  for (const chart of charts) {
    it(`${chart.title}: every value label lies inside the canvas`, async () => {
      const { width, height, valueBoxes } = await drawChart(chart);
      expect(valueBoxes.map((b) => b.text)).toEqual(chart.valueTexts);
      for (const box of valueBoxes) {
        expect(box.left, box.text).toBeGreaterThanOrEqual(0);
        expect(box.top, box.text).toBeGreaterThanOrEqual(0);
        expect(box.right, box.text).toBeLessThanOrEqual(width);
        expect(box.bottom, box.text).toBeLessThanOrEqual(height);
      }
    });
  }
});
