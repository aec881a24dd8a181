// Draws a Slack message (or modal / Home view) as Slack would, roughly, and screenshots it
// with headless Chromium at desktop and phone widths: Block Kit Builder is not reachable from
// these machines, and a message must be looked at before it ships (docs/architecture.md,
// "Looking at a message").
//
//   npx tsx scripts/preview-message.ts message.json out/assignments [--images DIR]
//
// message.json: `{ text, blocks }` as `inbox-pulse report --json` prints it, or a view
// (a modal or the Home tab).
// Writes out/assignments.html, out/assignments-1280.png and out/assignments-390.png. With
// --images, an image block shows DIR/<n>.png (the n-th image) as `report --charts` writes them.
// Needs Debian's chromium (apt-get install chromium).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON of every shape, read loosely to draw it.
type Json = Record<string, any>;

const esc = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Slack's mrkdwn, as far as our messages use it: *bold*, _italic_, `code`, ```blocks```, <url|text>, line breaks. */
function mrkdwn(text: string): string {
  // Slack's own escapes come first: what we send is already &amp;-escaped.
  let html = text.replace(/```([\s\S]*?)```/g, (_, code) => `<pre>${code}</pre>`);
  html = html.replace(/`([^`]+)`/g, "<code>$1</code>");
  html = html.replace(/<(https?:[^|>]+)\|([^>]+)>/g, '<a href="$1">$2</a>');
  html = html.replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1<b>$2</b>");
  html = html.replace(/(^|[\s(])_([^_\n]+)_/g, "$1<i>$2</i>");
  return html.replaceAll("\n", "<br>");
}

const textOf = (t: Json | undefined) => (t === undefined ? "" : t.type === "mrkdwn" ? mrkdwn(t.text) : esc(t.text));

function cellText(cell: Json): string {
  if (cell.type === "raw_text") return esc(cell.text);
  if (cell.type === "raw_number") return String(cell.value);
  return esc(JSON.stringify(cell));
}

function element(e: Json): string {
  if (e.type === "button") return `<span class="button${e.style === "primary" ? " primary" : ""}">${textOf(e.text)}</span>`;
  if (e.type === "static_select" || e.type === "overflow") {
    const shown = e.initial_option ? textOf(e.initial_option.text) : textOf(e.placeholder) || "⋯";
    return `<span class="select">${shown} ▾</span>`;
  }
  return `<span class="select">${esc(e.type)}</span>`;
}

function chart(block: Json): string {
  const c = block.chart;
  if (c.type === "pie") {
    const total = c.segments.reduce((sum: number, s: Json) => sum + s.value, 0);
    const colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999"];
    let at = 0;
    const stops = c.segments.map((s: Json, i: number) => {
      const from = at;
      at += (360 * s.value) / total;
      return `${colours[i % 6]} ${from}deg ${at}deg`;
    });
    const legend = c.segments
      .map(
        (s: Json, i: number) =>
          `<div><i style="background:${colours[i % 6]}"></i>${esc(s.label)} ${((100 * s.value) / total).toFixed(1)}%</div>`,
      )
      .join("");
    return `<div class="chart"><div class="ctitle">${esc(block.title)}</div><div class="pie"><div class="disc" style="background:conic-gradient(${stops.join(",")})"></div><div class="legend">${legend}</div></div></div>`;
  }
  const data: Json[] = c.series[0].data;
  const max = Math.max(...data.map((d) => d.value));
  const rows = data
    .map(
      (d) =>
        `<div class="bar"><span class="blabel">${esc(d.label)}</span><span class="bfill" style="width:${(60 * d.value) / max}%"></span><span>${d.value.toLocaleString("en-US")}</span></div>`,
    )
    .join("");
  return `<div class="chart"><div class="ctitle">${esc(block.title)}</div>${rows}<div class="axis">${esc(c.axis_config.y_label ?? "")}</div></div>`;
}

function table(rows: Json[][], caption?: string, pageSize?: number): string {
  const [head, ...body] = rows;
  const shown = pageSize === undefined ? body : body.slice(0, pageSize);
  const foot = pageSize !== undefined && body.length > pageSize ? `<div class="paging">1-${pageSize} of ${body.length} ‹ ›</div>` : "";
  return `<div class="table">${caption ? `<div class="caption">${esc(caption)}</div>` : ""}<table><tr>${head!
    .map((c) => `<th>${cellText(c)}</th>`)
    .join("")}</tr>${shown.map((r) => `<tr>${r.map((c) => `<td>${cellText(c)}</td>`).join("")}</tr>`).join("")}</table>${foot}</div>`;
}

function block(b: Json, images: string[]): string {
  switch (b.type) {
    case "header":
      return `<h1>${textOf(b.text)}</h1>`;
    case "section": {
      const fields = b.fields ? `<div class="fields">${b.fields.map((f: Json) => `<div>${textOf(f)}</div>`).join("")}</div>` : "";
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory)}</div>` : "";
      return `<div class="section">${accessory}${b.text ? `<div>${textOf(b.text)}</div>` : ""}${fields}</div>`;
    }
    case "context":
      return `<div class="context">${b.elements.map((e: Json) => (e.type === "image" ? "" : `<span>${textOf(e)}</span>`)).join(" ")}</div>`;
    case "actions":
      return `<div class="actions">${b.elements.map(element).join("")}</div>`;
    case "divider":
      return "<hr>";
    case "image": {
      const src = images.shift() ?? b.image_url ?? "";
      return `<div class="image"><div class="ititle">${textOf(b.title)}</div><img src="${esc(src)}" alt="${esc(b.alt_text)}"></div>`;
    }
    case "table":
      return table(b.rows);
    case "data_table":
      return table(b.rows, b.caption, b.page_size ?? 5);
    case "data_visualization":
      return chart(b);
    default:
      return `<div class="context">[${esc(b.type)}]</div>`;
  }
}

const STYLE = `
body { font: 15px/1.47 Lato, "DejaVu Sans", sans-serif; color: #1d1c1d; margin: 0; background: #fff; }
.message { display: flex; gap: 8px; padding: 8px 20px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; flex: none; }
.body { min-width: 0; flex: 1; max-width: 100%; }
.name { font-weight: 900; } .name small { font-weight: 400; color: #616061; }
h1 { font-size: 18px; font-weight: 900; margin: 6px 0; }
.section { margin: 6px 0; } .accessory { float: right; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 4px; }
.context { font-size: 12px; color: #616061; margin: 6px 0; } .context span { margin-right: 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.button, .select { border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 13px; }
.select { font-weight: 400; } .primary { background: #007a5a; color: #fff; }
code { color: #e01e5a; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 12px; }
pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px; font-size: 12px; white-space: pre-wrap; }
.image img { max-width: 100%; max-height: 400px; border-radius: 6px; border: 1px solid #eee; } .ititle { font-size: 13px; color: #616061; }
.table { overflow-x: auto; margin: 8px 0; border: 1px solid #ddd; border-radius: 6px; }
.caption { font-weight: 700; padding: 6px 8px; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; } th, td { text-align: left; padding: 4px 8px; border-top: 1px solid #eee; vertical-align: top; }
th { background: #f8f8f8; } .paging { font-size: 12px; color: #616061; padding: 4px 8px; text-align: right; }
.chart { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.ctitle { font-weight: 700; margin-bottom: 6px; }
.bar { display: flex; align-items: center; gap: 8px; font-size: 13px; margin: 3px 0; }
.blabel { width: 140px; flex: none; text-align: right; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.bfill { display: inline-block; height: 14px; background: #0072B2; border-radius: 2px; } .axis { font-size: 11px; color: #616061; }
.pie { display: flex; align-items: center; gap: 16px; } .disc { width: 140px; height: 140px; border-radius: 50%; flex: none; }
.legend { font-size: 13px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
hr { border: none; border-top: 1px solid #ddd; }
`;

function page(message: Json, images: string[]): string {
  const blocks = (message.blocks ?? []).map((b: Json) => block(b, images)).join("\n");
  // A modal (views.open) has a title bar instead of the app's name.
  if (message.type === "modal") {
    return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>${STYLE}</style></head><body><div class="message"><div class="body"><h1>${textOf(message.title)}</h1><hr>${blocks}</div></div></body></html>`;
  }
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>${STYLE}</style></head><body><div class="message"><div class="avatar"></div><div class="body"><div class="name">Inbox Pulse <small>APP 09:00</small></div>${blocks}</div></div></body></html>`;
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { images: { type: "string" } } });
  const [input, out] = positionals;
  if (input === undefined || out === undefined) {
    process.stdout.write("usage: npx tsx scripts/preview-message.ts message.json OUT_PREFIX [--images DIR]\n");
    process.exit(2);
  }
  const message = JSON.parse(readFileSync(input, "utf8")) as Json;
  const dir = values.images;
  const images =
    dir === undefined
      ? []
      : readdirSync(dir)
          .filter((f) => f.endsWith(".png"))
          .sort()
          .map((f) => resolve(dir, f));
  const html = resolve(`${out}.html`);
  writeFileSync(html, page(message, images));
  for (const width of [1280, 390]) {
    const png = resolve(`${out}-${width}.png`);
    // Tall enough for about four screens: what runs past the second is too long.
    execFileSync(
      "chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        `--window-size=${width},3200`,
        `--screenshot=${png}`,
        `file://${html}`,
      ],
      { stdio: "ignore" },
    );
    process.stdout.write(`wrote ${basename(png)}\n`);
  }
}

main();
