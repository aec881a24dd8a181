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

const VALUE_FONT = `14px ${Chart.defaults.font.family}`;
const VALUE_GAP = 6;

/** Where a value label was drawn, in canvas pixels: the test checks it lies inside the image. */
export interface TextBox {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

// The value at the end of each bar ("1,788", "4 h 57 min"), so the image reads without an
// axis lookup. The right padding leaves room for the longest one beyond the longest bar.
function barValues(texts: readonly string[], drawn: TextBox[]): Plugin {
  return {
    id: "barValues",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = "#333333";
      ctx.font = VALUE_FONT;
      ctx.textBaseline = "middle";
      chart.getDatasetMeta(0).data.forEach((bar, i) => {
        const text = texts[i]!;
        const metrics = ctx.measureText(text);
        const left = bar.x + VALUE_GAP;
        ctx.fillText(text, left, bar.y);
        drawn.push({
          text,
          left,
          right: left + metrics.width,
          top: bar.y - metrics.actualBoundingBoxAscent,
          bottom: bar.y + metrics.actualBoundingBoxDescent,
        });
      });
      ctx.restore();
    },
  };
}

/** The widest of the texts in the value font, in pixels. */
function widestValue(texts: readonly string[]): number {
  const ctx = createCanvas(1, 1).getContext("2d");
  ctx.font = VALUE_FONT;
  return Math.max(0, ...texts.map((t) => ctx.measureText(t).width));
}

/** The chart as an 800x400 PNG, and where its value labels were drawn. */
export async function drawChart(chart: ChartData): Promise<{ png: Buffer; width: number; height: number; valueBoxes: TextBox[] }> {
  const canvas = createCanvas(WIDTH, HEIGHT);
  const config = chartJsConfig(chart);
  const valueBoxes: TextBox[] = [];
  const right = config.type === "bar" ? Math.ceil(widestValue(chart.valueTexts)) + 2 * VALUE_GAP : 12;
  const instance = new Chart(
    canvas.getContext("2d") as unknown as CanvasRenderingContext2D,
    {
      ...config,
      options: {
        ...config.options,
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        layout: { padding: { left: 12, right, top: 4, bottom: 4 } },
      },
      plugins: config.type === "bar" ? [whiteBackground, barValues(chart.valueTexts, valueBoxes)] : [whiteBackground],
    } as typeof config,
  );
  try {
    return { png: await canvas.encode("png"), width: WIDTH, height: HEIGHT, valueBoxes };
  } finally {
    instance.destroy();
  }
}

export async function renderChartPng(chart: ChartData): Promise<Buffer> {
  return (await drawChart(chart)).png;
}
