// Slack's Block Kit limits (docs.slack.dev block and element references), checked on a
// built message so that a broken limit fails in a test, naming the block and the limit,
// rather than in Slack as a bare `invalid_blocks`. Covers the blocks and elements this app
// sends; anything else is refused so that a new kind gets its limits written here first.
import { DATA_VIZ_LIMITS } from "../charts/native-chart.ts";

export const SLACK_LIMITS = {
  /** Top-level `text`: longer messages are truncated. */
  messageText: 40_000,
  blocks: 50,
  /** Modals and the Home tab. */
  viewBlocks: 100,
  /** A modal's title, close and submit texts. */
  viewTitle: 24,
  callbackId: 255,
  privateMetadata: 3000,
  blockId: 255,
  actionId: 255,
  text: 3000,
  header: 150,
  sectionFields: 10,
  sectionField: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  placeholder: 150,
  altText: 2000,
  imageUrl: 3000,
  imageTitle: 2000,
  tables: 1,
  tableRows: 100,
  tableCells: 20,
  /**
   * Documented for data_table (all cells of one table); the table block's page says nothing,
   * so the same bound is held for it as a precaution. A data_table holds the header and
   * tableRows more.
   */
  tableCharacters: 10_000,
  /** Per message, as slack-morphism's reference notes for data_visualization. */
  charts: 2,
  /** An input block's label and hint (docs.slack.dev, input block). */
  inputLabel: 2000,
  inputHint: 2000,
} as const;

export class SlackLimitError extends Error {}

/**
 * The first rows (the header first) whose cells add up to at most `characters`: what a
 * table block or data_table can hold of them (SLACK_LIMITS.tableCharacters).
 */
export function rowsWithin(rows: readonly (readonly string[])[], characters: number): string[][] {
  const kept: string[][] = [];
  let left = characters;
  for (const row of rows) {
    const size = row.reduce((sum, cell) => sum + cell.length, 0);
    if (size > left) break;
    left -= size;
    kept.push([...row]);
  }
  return kept;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function fail(path: string, problem: string): never {
  throw new SlackLimitError(`${path}: ${problem}`);
}

function objectAt(value: unknown, path: string): Json {
  return isObject(value) ? value : fail(path, "expected an object");
}

function arrayAt(value: unknown, path: string, min: number, max: number, what: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array of ${what}`);
  if (value.length < min) fail(path, `${value.length} ${what}, at least ${min}`);
  if (value.length > max) fail(path, `${value.length} ${what}, at most ${max}`);
  return value;
}

function stringAt(value: unknown, path: string, max: number, min = 1): string {
  if (typeof value !== "string") fail(path, "expected a string");
  if (value.length < min) fail(path, `${value.length} characters, at least ${min}`);
  if (value.length > max) fail(path, `${value.length} characters, at most ${max}`);
  return value;
}

function optionalString(value: unknown, path: string, max: number): void {
  if (value !== undefined) stringAt(value, path, max);
}

/** A text object: plain_text (or mrkdwn when allowed) of 1..max characters. */
function textObject(value: unknown, path: string, max: number, mrkdwn = true): void {
  const text = objectAt(value, path);
  const types = mrkdwn ? ["plain_text", "mrkdwn"] : ["plain_text"];
  if (!types.includes(text.type as string)) fail(`${path}.type`, `expected ${types.join(" or ")}, got ${String(text.type)}`);
  stringAt(text.text, `${path}.text`, Math.min(max, SLACK_LIMITS.text));
}

function button(element: Json, path: string): void {
  textObject(element.text, `${path}.text`, SLACK_LIMITS.buttonText, false);
  optionalString(element.value, `${path}.value`, SLACK_LIMITS.buttonValue);
}

function staticSelect(element: Json, path: string): void {
  if (element.placeholder !== undefined) textObject(element.placeholder, `${path}.placeholder`, SLACK_LIMITS.placeholder, false);
  const values = arrayAt(element.options, `${path}.options`, 1, SLACK_LIMITS.selectOptions, "options").map((value, i) => {
    const option = objectAt(value, `${path}.options[${i}]`);
    textObject(option.text, `${path}.options[${i}].text`, SLACK_LIMITS.optionText, false);
    return stringAt(option.value, `${path}.options[${i}].value`, SLACK_LIMITS.optionValue);
  });
  if (new Set(values).size !== values.length) fail(`${path}.options`, "option values repeat");
  if (element.initial_option !== undefined) {
    const initial = objectAt(element.initial_option, `${path}.initial_option`);
    if (!values.includes(initial.value as string))
      fail(`${path}.initial_option`, `value ${String(initial.value)} is not one of the options`);
  }
}

function actions(block: Json, path: string): void {
  const actionIds = new Set<string>();
  arrayAt(block.elements, `${path}.elements`, 1, SLACK_LIMITS.actionsElements, "elements").forEach((value, i) => {
    const at = `${path}.elements[${i}]`;
    const element = objectAt(value, at);
    const actionId = stringAt(element.action_id, `${at}.action_id`, SLACK_LIMITS.actionId);
    if (actionIds.has(actionId)) fail(`${at}.action_id`, `${actionId} repeats in its block`);
    actionIds.add(actionId);
    if (element.type === "button") button(element, at);
    else if (element.type === "static_select") staticSelect(element, at);
    else fail(`${at}.type`, `no limits known for element ${String(element.type)}`);
  });
}

function section(block: Json, path: string): void {
  if (block.text === undefined && block.fields === undefined) fail(path, "a section needs text or fields");
  if (block.text !== undefined) textObject(block.text, `${path}.text`, SLACK_LIMITS.text);
  if (block.fields !== undefined) {
    arrayAt(block.fields, `${path}.fields`, 1, SLACK_LIMITS.sectionFields, "fields").forEach((field, i) =>
      textObject(field, `${path}.fields[${i}]`, SLACK_LIMITS.sectionField),
    );
  }
}

/** A modal's input block: its label, hint, and the placeholder of its element. */
function input(block: Json, path: string): void {
  textObject(block.label, `${path}.label`, SLACK_LIMITS.inputLabel, false);
  if (block.hint !== undefined) textObject(block.hint, `${path}.hint`, SLACK_LIMITS.inputHint, false);
  const element = objectAt(block.element, `${path}.element`);
  if (element.placeholder !== undefined) textObject(element.placeholder, `${path}.element.placeholder`, SLACK_LIMITS.placeholder, false);
}

function context(block: Json, path: string): void {
  arrayAt(block.elements, `${path}.elements`, 1, SLACK_LIMITS.contextElements, "elements").forEach((element, i) =>
    textObject(element, `${path}.elements[${i}]`, SLACK_LIMITS.text),
  );
}

function image(block: Json, path: string): void {
  stringAt(block.alt_text, `${path}.alt_text`, SLACK_LIMITS.altText);
  if (block.title !== undefined) textObject(block.title, `${path}.title`, SLACK_LIMITS.imageTitle, false);
  if (block.image_url !== undefined) stringAt(block.image_url, `${path}.image_url`, SLACK_LIMITS.imageUrl);
  else stringAt(objectAt(block.slack_file, `${path}.slack_file`).id, `${path}.slack_file.id`, SLACK_LIMITS.text);
}

/** Returns the characters in the table's cells. */
function table(block: Json, path: string): number {
  let characters = 0;
  arrayAt(block.rows, `${path}.rows`, 1, SLACK_LIMITS.tableRows, "rows").forEach((row, r) =>
    arrayAt(row, `${path}.rows[${r}]`, 1, SLACK_LIMITS.tableCells, "cells").forEach((value, c) => {
      const at = `${path}.rows[${r}][${c}]`;
      const cell = objectAt(value, at);
      if (cell.type !== "raw_text") fail(`${at}.type`, `no limits known for cell ${String(cell.type)}`);
      characters += stringAt(cell.text, `${at}.text`, SLACK_LIMITS.tableCharacters).length;
    }),
  );
  return characters;
}

/** Returns the characters in the data_table's cells (docs.slack.dev, data table block). */
function dataTable(block: Json, path: string): number {
  stringAt(block.caption, `${path}.caption`, SLACK_LIMITS.text);
  if (
    block.page_size !== undefined &&
    !(Number.isInteger(block.page_size) && (block.page_size as number) >= 1 && (block.page_size as number) <= 100)
  )
    fail(`${path}.page_size`, "must be a whole number from 1 to 100");
  const rows = arrayAt(block.rows, `${path}.rows`, 2, SLACK_LIMITS.tableRows + 1, "rows (the header first)");
  let characters = 0;
  let width = -1;
  rows.forEach((row, r) => {
    const cells = arrayAt(row, `${path}.rows[${r}]`, 1, SLACK_LIMITS.tableCells, "cells");
    if (width !== -1 && cells.length !== width) fail(`${path}.rows[${r}]`, `${cells.length} cells, the header has ${width}`);
    width = cells.length;
    cells.forEach((value, c) => {
      const at = `${path}.rows[${r}][${c}]`;
      const cell = objectAt(value, at);
      if (cell.type === "raw_number" && r > 0) {
        if (typeof cell.value !== "number") fail(`${at}.value`, "expected a number");
        characters += String(cell.value).length;
        return;
      }
      if (cell.type !== "raw_text")
        fail(`${at}.type`, r === 0 ? "header cells must be raw_text" : `no limits known for cell ${String(cell.type)}`);
      characters += stringAt(cell.text, `${at}.text`, SLACK_LIMITS.tableCharacters).length;
    });
  });
  if (block.row_header_column_index !== undefined && !((block.row_header_column_index as number) < width))
    fail(`${path}.row_header_column_index`, `must name one of the ${width} columns`);
  if (characters > SLACK_LIMITS.tableCharacters)
    fail(path, `${characters} characters in its cells, at most ${SLACK_LIMITS.tableCharacters}`);
  return characters;
}

function label(value: unknown, path: string): string {
  return stringAt(value, path, DATA_VIZ_LIMITS.label);
}

function dataVisualization(block: Json, path: string): void {
  stringAt(block.title, `${path}.title`, DATA_VIZ_LIMITS.title);
  const chart = objectAt(block.chart, `${path}.chart`);
  if (chart.type === "pie") {
    arrayAt(chart.segments, `${path}.chart.segments`, 1, DATA_VIZ_LIMITS.segments, "segments").forEach((value, i) => {
      const segment = objectAt(value, `${path}.chart.segments[${i}]`);
      label(segment.label, `${path}.chart.segments[${i}].label`);
      if (typeof segment.value !== "number" || !(segment.value > 0)) fail(`${path}.chart.segments[${i}].value`, "must be a number above 0");
    });
    return;
  }
  if (!["bar", "area", "line"].includes(chart.type as string)) fail(`${path}.chart.type`, `unknown chart ${String(chart.type)}`);
  const axis = objectAt(chart.axis_config, `${path}.chart.axis_config`);
  const categories = arrayAt(axis.categories, `${path}.chart.axis_config.categories`, 1, DATA_VIZ_LIMITS.points, "categories").map((c, i) =>
    label(c, `${path}.chart.axis_config.categories[${i}]`),
  );
  optionalString(axis.x_label, `${path}.chart.axis_config.x_label`, DATA_VIZ_LIMITS.axisLabel);
  optionalString(axis.y_label, `${path}.chart.axis_config.y_label`, DATA_VIZ_LIMITS.axisLabel);
  arrayAt(chart.series, `${path}.chart.series`, 1, DATA_VIZ_LIMITS.series, "series").forEach((value, s) => {
    const at = `${path}.chart.series[${s}]`;
    const series = objectAt(value, at);
    label(series.name, `${at}.name`);
    arrayAt(series.data, `${at}.data`, 1, DATA_VIZ_LIMITS.points, "data points").forEach((point, p) => {
      const pointLabel = label(objectAt(point, `${at}.data[${p}]`).label, `${at}.data[${p}].label`);
      if (!categories.includes(pointLabel)) fail(`${at}.data[${p}].label`, `${pointLabel} is not one of the axis categories`);
    });
  });
}

/** The blocks of a message (at most 50) or a view (at most 100). */
function checkBlocks(blocks: readonly unknown[], max: number): void {
  arrayAt(blocks, "blocks", 1, max, "blocks");
  const blockIds = new Set<string>();
  const count = { table: 0, data_visualization: 0 };
  let tableCharacters = 0;
  blocks.forEach((value, i) => {
    const block = objectAt(value, `blocks[${i}]`);
    const path = `blocks[${i}] (${String(block.type)})`;
    if (block.block_id !== undefined) {
      const id = stringAt(block.block_id, `${path}.block_id`, SLACK_LIMITS.blockId);
      if (blockIds.has(id)) fail(`${path}.block_id`, "repeats another block's block_id");
      blockIds.add(id);
    }
    switch (block.type) {
      case "header":
        return textObject(block.text, `${path}.text`, SLACK_LIMITS.header, false);
      case "section":
        return section(block, path);
      case "context":
        return context(block, path);
      case "actions":
        return actions(block, path);
      case "image":
        return image(block, path);
      case "divider":
        return;
      case "input":
        return input(block, path);
      case "table":
        count.table++;
        tableCharacters += table(block, path);
        return;
      case "data_table":
        dataTable(block, path);
        return;
      case "data_visualization":
        count.data_visualization++;
        return dataVisualization(block, path);
      default:
        fail(`${path}.type`, "no limits known for this block type");
    }
  });
  if (count.table > SLACK_LIMITS.tables) fail("blocks", `${count.table} table blocks, at most ${SLACK_LIMITS.tables} per message`);
  if (tableCharacters > SLACK_LIMITS.tableCharacters)
    fail("blocks", `${tableCharacters} characters in table cells, at most ${SLACK_LIMITS.tableCharacters}`);
  if (count.data_visualization > SLACK_LIMITS.charts)
    fail("blocks", `${count.data_visualization} charts, at most ${SLACK_LIMITS.charts} per message`);
}

/** Throws a SlackLimitError naming the first limit the message breaks. */
export function assertWithinSlackLimits(message: { text: string; blocks: readonly unknown[] }): void {
  stringAt(message.text, "text", SLACK_LIMITS.messageText);
  checkBlocks(message.blocks, SLACK_LIMITS.blocks);
}

/** The same for the App Home tab's view (100 blocks). */
export function assertHomeWithinSlackLimits(view: { blocks: readonly unknown[] }): void {
  checkBlocks(view.blocks, SLACK_LIMITS.viewBlocks);
}

/** The same for a modal view (docs.slack.dev, "Modals" and the view object's reference). */
export function assertModalWithinSlackLimits(view: Record<string, unknown>): void {
  if (view.type !== "modal") fail("type", `expected modal, got ${String(view.type)}`);
  textObject(view.title, "title", SLACK_LIMITS.viewTitle, false);
  if (view.close !== undefined) textObject(view.close, "close", SLACK_LIMITS.viewTitle, false);
  if (view.submit !== undefined) textObject(view.submit, "submit", SLACK_LIMITS.viewTitle, false);
  optionalString(view.callback_id, "callback_id", SLACK_LIMITS.callbackId);
  optionalString(view.private_metadata, "private_metadata", SLACK_LIMITS.privateMetadata);
  checkBlocks(arrayAt(view.blocks, "blocks", 1, SLACK_LIMITS.viewBlocks, "blocks"), SLACK_LIMITS.viewBlocks);
}
