// Block Kit pieces every report message is built from: text objects, the header, notices,
// chart images, the state-carrying controls. Outside text goes into plain_text and raw_text
// wherever the block allows it, and through escapeMrkdwn where it must be mrkdwn.
import type { types } from "@slack/bolt";
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { Notice } from "../../domain/notices.ts";
import { PRESET_LABELS, PRESETS, type Period } from "../../domain/periods.ts";
import type { ReportRequest } from "../../domain/report-request.ts";
import { filtersText, noticeText, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { encodeState, MAX_BUTTON_VALUE, REPORT_ACTIONS } from "./action-state.ts";
import type { ChartData } from "../charts/chart-data.ts";
import { dataVisualizationBlock, type DataVisualizationBlock } from "../charts/native-chart.ts";
import { quickChartUrl } from "../charts/quickchart.ts";
import { SLACK_LIMITS } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";

export type Block = types.KnownBlock | DataVisualizationBlock;

export type ImageRef = { imageUrl: string } | { slackFileId: string };

export const plain = (text: string): types.PlainTextElement => ({ type: "plain_text", text, emoji: false });
/** verbatim: outside text in it is not turned into links or mentions (see mrkdwn.ts). */
export const mrkdwn = (text: string): types.MrkdwnElement => ({ type: "mrkdwn", text, verbatim: true });
export const option = (text: string, value: string): types.PlainTextOption => ({
  text: plain(truncate(text, SLACK_LIMITS.optionText)),
  value,
});
/** A table cell: raw_text is shown as typed, and cut to `max`. */
export const rawCell = (text: string, max: number): types.RawTextElement => ({ type: "raw_text", text: truncate(text, max) });

/** A header, then a context block of one plain line each. */
export function titleBlocks(title: string, lines: string[]): Block[] {
  return [
    { type: "header", text: plain(truncate(title, SLACK_LIMITS.header)) },
    { type: "context", elements: lines.map((text) => plain(truncate(text, SLACK_LIMITS.text))) },
  ];
}

/** "Filters: source: Bot" or "No filters", as typed: plain_text only. */
export function filtersLine(request: ReportRequest): string {
  const filters = filtersText(request);
  return filters === "" ? "No filters" : `Filters: ${filters}`;
}

/** A message's `text` fallback: the summary, then the filters escaped (Slack parses it as mrkdwn). */
export function fallbackWithFilters(summary: string, request: ReportRequest): string {
  const filters = filtersText(request);
  const sentence = summary.endsWith(".") ? summary : `${summary}.`;
  return truncate(filters === "" ? summary : `${sentence} Filters: ${escapeMrkdwn(filters)}`, SLACK_LIMITS.text);
}

/** "<title> · Last 7 days", then the dates, time zone and filters, then `extra` context lines. */
export function headerBlocks(title: string, report: { request: ReportRequest; period: Period }, extra: string[] = []): Block[] {
  return titleBlocks(`${title} · ${periodWords(report.period)}`, [
    `${periodDates(report.period)} · times in ${report.period.timeZone}`,
    filtersLine(report.request),
    ...extra,
  ]);
}

/**
 * "How these figures are computed" at the foot of a report: one line each, small, and a link
 * to the full definitions when the server knows where they are published (DOCS_URL).
 */
export function methodBlock(lines: readonly string[], docsUrl: string | undefined): Block {
  const link =
    docsUrl === undefined ? "Definitions: docs/definitions.md." : `<${docsUrl.replace(/\/?$/, "/")}definitions.md|All definitions>`;
  const text = [`*How these figures are computed*`, ...lines.map(escapeMrkdwn), link].join("\n");
  return { type: "context", elements: [mrkdwn(truncate(text, SLACK_LIMITS.text))] };
}

export function noticeBlocks(notices: readonly Notice[]): Block[] {
  if (notices.length === 0) return [];
  return [
    {
      type: "context",
      elements: notices.map((n) => mrkdwn(`${n.kind === "no_data" ? ":information_source:" : ":warning:"} ${escapeMrkdwn(noticeText(n))}`)),
    },
  ];
}

export function imageBlock(chart: ChartData, image: ImageRef): Block {
  const common = { type: "image" as const, alt_text: truncate(chart.altText, SLACK_LIMITS.altText), title: plain(chart.title) };
  return "imageUrl" in image ? { ...common, image_url: image.imageUrl } : { ...common, slack_file: { id: image.slackFileId } };
}

/** The image to show for a chart in "upload" or "quickchart" mode; undefined when there is none. */
export function chartImage(
  chart: ChartData,
  options: { charts: ChartMode; quickChartHost?: string },
  uploaded: ImageRef | undefined,
): ImageRef | undefined {
  if (options.charts === "upload") return uploaded;
  const url = options.quickChartHost === undefined ? null : quickChartUrl(chart, options.quickChartHost);
  return url === null ? undefined : { imageUrl: url };
}

/**
 * One chart as the mode shows it; nothing without data or without its image (the figures
 * beside it say the same in text).
 */
export function singleChartBlocks(
  chart: ChartData,
  options: { charts: ChartMode; chartImage?: ImageRef; quickChartHost?: string },
): Block[] {
  if (options.charts === "none" || chart.values.length === 0) return [];
  if (options.charts === "native") return [dataVisualizationBlock(chart)];
  const image = chartImage(chart, options, options.chartImage);
  return image === undefined ? [] : [imageBlock(chart, image)];
}

/** A button carrying a report state, or null when the state is longer than a button value. */
export function stateButton(text: string, actionId: string, state: ReportRequest): types.Button | null {
  const value = encodeState(state);
  return value.length <= MAX_BUTTON_VALUE ? { type: "button", text: plain(text), action_id: actionId, value } : null;
}

export function actionsBlock(elements: (types.ActionsBlockElement | null)[], blockId?: string): Block[] {
  const kept = elements.filter((e) => e !== null);
  if (kept.length === 0) return [];
  return [{ type: "actions", elements: kept, ...(blockId === undefined ? {} : { block_id: blockId }) }];
}

export function select(
  actionId: string,
  placeholder: string,
  options: types.PlainTextOption[],
  initialValue: string | undefined,
): types.StaticSelect {
  const initial = options.find((o) => o.value === initialValue);
  return {
    type: "static_select",
    action_id: actionId,
    placeholder: plain(placeholder),
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** The period menu: presets only (what the action handler accepts); a custom range leaves it on its placeholder. */
export function periodSelect(request: ReportRequest): types.StaticSelect {
  const { period } = request;
  return select(
    REPORT_ACTIONS.period,
    "Period",
    PRESETS.map((p) => option(PRESET_LABELS[p], p)),
    "preset" in period ? period.preset : undefined,
  );
}

/** Said when the request is too long for the menus' block_id (and maybe the buttons' values). */
export function stateTooLongBlock(buttonsFit: boolean, canClear: boolean): Block {
  const menus = `this message's menus${buttonsFit ? "" : " and buttons"}`;
  return {
    type: "context",
    elements: [
      plain(`These filters are too long to keep in ${menus}; change them with the slash command${canClear ? ", or clear them" : ""}.`),
    ],
  };
}
