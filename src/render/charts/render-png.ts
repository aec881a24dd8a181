// A chart drawn here as an 800x400 PNG (chart.js 4 on @napi-rs/canvas, whose Skia binary
// ships inside the npm package), for the "upload" mode: no third party sees the data.
import { createCanvas } from "@napi-rs/canvas";
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  PieController,
  Title,
  type Plugin,
} from "chart.js";
import { chartJsConfig, type ChartData } from "./chart-data.ts";

// Only what the two charts use: chart.js tree-shakes everything else.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, PieController, ArcElement, Legend, Title);
// Skia resolves the first installed family; DejaVu ships with Debian's fonts-dejavu-core.
Chart.defaults.font.family = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

const WIDTH = 800;
const HEIGHT = 400;

// A PNG is transparent where chart.js draws nothing: dark-mode clients would show black text on black.
const whiteBackground: Plugin = {
  id: "whiteBackground",
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

// The count at the end of each bar, so the image reads without an axis lookup.
const barValues: Plugin = {
  id: "barValues",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const values = chart.data.datasets[0]?.data ?? [];
    ctx.save();
    ctx.fillStyle = "#333333";
    ctx.font = `14px ${Chart.defaults.font.family}`;
    ctx.textBaseline = "middle";
    chart.getDatasetMeta(0).data.forEach((bar, i) => ctx.fillText(Number(values[i]).toLocaleString("en-US"), bar.x + 6, bar.y));
    ctx.restore();
  },
};

export async function renderChartPng(chart: ChartData): Promise<Buffer> {
  const canvas = createCanvas(WIDTH, HEIGHT);
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
      plugins: config.type === "bar" ? [whiteBackground, barValues] : [whiteBackground],
    } as typeof config,
  );
  try {
    return await canvas.encode("png");
  } finally {
    instance.destroy();
  }
}
