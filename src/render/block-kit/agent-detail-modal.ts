// The /agent-performance drill-down as a modal (docs/usage.md, "Drill-down"), and the menu in
// the report message that opens it. Point first: one sentence with the headline figure and
// its change; then the other figures, each once, with their change against the previous
// period of equal length; the spread of first-response times; the conversations behind the
// figures, slowest first. Customer names come from the inbox: they reach mrkdwn only through
// escapeMrkdwn. Agent names go into plain_text.
import type { types } from "@slack/bolt";
import { DateTime } from "luxon";
import { choiceValue } from "../../domain/agent-choice.ts";
import type { ChartMode } from "../../domain/chart-modes.ts";
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { DurationStats } from "../../domain/statistics.ts";
import type { AgentDetailReport, DetailConversation } from "../../reports/agent-detail-report.ts";
import type { AgentPerformanceReport, AgentRow, MetricFigures } from "../../reports/agent-performance-report.ts";
import type { ChartData } from "../charts/chart-data.ts";
import { durationWords } from "../words/agent-performance-words.ts";
import { countChange, durationChange, versus } from "../words/change-words.ts";
import { displayText, formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { filtersLine, mrkdwn, option, plain, select, singleChartBlocks, type Block } from "./common-blocks.ts";
import { SLACK_LIMITS } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";

/** The menu's action id; the report's state rides in its actions block's block_id. */
export const AGENT_DETAIL_ACTION = "agent_detail";

/** "Team" and at most 99 agents: a menu holds 100 options. */
const MAX_MENU_AGENTS = SLACK_LIMITS.selectOptions - 1;

/**
 * "Details for…": the team, then the report's agents by name (the 99 busiest when there
 * are more). Values name agents by key (src/domain/agent-choice.ts). Goes in the block whose
 * block_id carries the report's state.
 */
export function agentDetailSelect(report: Pick<AgentPerformanceReport, "agents">): types.StaticSelect {
  // Busiest: the most conversations first answered plus resolved.
  const activity = (a: AgentRow) => a.firstResponse.count + a.resolution.count;
  const busiest = [...report.agents].sort((a, b) => activity(b) - activity(a) || a.label.localeCompare(b.label)).slice(0, MAX_MENU_AGENTS);
  const agents = busiest.sort((a, b) => a.label.localeCompare(b.label));
  return select(
    AGENT_DETAIL_ACTION,
    "Details for…",
    [option("Team", choiceValue(null)), ...agents.map((a) => option(displayText(a.label), choiceValue(a.agentKey)))],
    undefined,
  );
}

export interface AgentDetailOptions {
  charts: ChartMode;
  /** For "quickchart": the QuickChart base URL. */
  quickChartHost?: string;
}

type Scope = "business" | "any";
const seconds = (value: number | null, scope: Scope) => durationWords(value, scope === "business");

/** A count's change against the period before; "" when that period had no data at all (said once, in the context line). */
const countChangeOf = (current: number, previous: number, compare: boolean) => (compare ? ` · ${countChange(current, previous)}` : "");

/** A duration's change (seconds), likewise; none for a figure the period does not have. */
function durationChangeOf(current: number | null, previous: number | null, scope: Scope, compare: boolean): string {
  return compare && current !== null ? ` · ${durationChange(current, previous, scope === "business")}` : "";
}

/** The opening sentence: the median first response in business hours and its change. */
function pointSentence(report: AgentDetailReport): string {
  const { figures, previousFigures, label } = report;
  const median = figures.firstResponse.businessHours.median;
  if (median === null) {
    const none = figures.resolution.count === 0 ? "no first responses or resolutions" : "no first responses";
    return `${label}: ${none} in this period.`;
  }
  const moved = durationChange(median, previousFigures.firstResponse.businessHours.median, true);
  const compared = versus(moved, report.previous.words);
  return `${label}: median first response ${seconds(median, "business")} in business hours (${compared}).`;
}

const METRICS = [
  { key: "firstResponse", many: "First responses", time: "First response time" },
  { key: "resolution", many: "Resolutions", time: "Resolution time" },
] as const;

/** The eight figures and the customers as fields, each once: the opening sentence already gave the median first response in business hours. */
function figureFields(report: AgentDetailReport, compare: boolean): types.MrkdwnElement[] {
  const fields: types.MrkdwnElement[] = [];
  for (const m of METRICS) {
    const now: MetricFigures = report.figures[m.key];
    const before: MetricFigures = report.previousFigures[m.key];
    for (const scope of ["business", "any"] as const) {
      const name = scope === "business" ? "business hours" : "any time";
      const [count, previousCount] = scope === "business" ? [now.countInHours, before.countInHours] : [now.count, before.count];
      fields.push(mrkdwn(`*${m.many}, ${name}*\n${formatCount(count)}${countChangeOf(count, previousCount, compare)}`));
      const [stats, previousStats]: [DurationStats, DurationStats] =
        scope === "business" ? [now.businessHours, before.businessHours] : [now.anyTime, before.anyTime];
      const shown = (["average", "median", "p90"] as const).filter(
        (s) => !(m.key === "firstResponse" && scope === "business" && s === "median"),
      );
      const lines = shown.map(
        (s) =>
          `${s === "p90" ? "90th percentile" : s} ${seconds(stats[s], scope)}${durationChangeOf(stats[s], previousStats[s], scope, compare)}`,
      );
      fields.push(mrkdwn(`*${m.time}, ${name}*\n${lines.join("\n")}`));
    }
  }
  fields.push(
    mrkdwn(
      `*Customers*\n${formatCount(report.figures.customers)}${countChangeOf(report.figures.customers, report.previousFigures.customers, compare)}`,
    ),
  );
  return fields;
}

/** The spread of first-response times as the workspace draws charts; in words where no chart can be shown. */
function distributionBlocks(report: AgentDetailReport, options: AgentDetailOptions): Block[] {
  if (report.figures.firstResponse.count === 0) return [];
  const shown = report.distribution.filter((b) => b.count > 0);
  const words = report.distribution.map((b) => `${b.label}: ${formatCount(b.count)}`).join(" · ");
  const chart: ChartData = {
    title: `First responses by business time · ${periodWords(report.period)}`,
    kind: "bar",
    labels: report.distribution.map((b) => b.label),
    values: report.distribution.map((b) => b.count),
    valueTexts: report.distribution.map((b) => formatCount(b.count)),
    valueName: "First responses",
    labelName: "Business time",
    altText: `Bar chart of first responses by time to first response in business hours: ${words}.`,
  };
  const blocks = shown.length === 0 ? [] : singleChartBlocks(chart, options);
  return blocks.length > 0 ? blocks : [{ type: "section", text: mrkdwn(`*First responses by business time*\n${words}`) }];
}

const inHours = (flag: boolean | null) => (flag ? "in hours" : "outside hours");

/** One conversation in one line: customer, started, first response, resolution, each with whether it came in business hours. */
function conversationLine(c: DetailConversation, timeZone: string): string {
  const customer = escapeMrkdwn(truncate(displayText(c.customerName ?? c.customerEmail), 60));
  const started = DateTime.fromMillis(c.startedAt, { zone: timeZone }).toFormat("ccc d LLL HH:mm");
  const reply =
    c.firstResponseBusinessSeconds === null
      ? "no reply"
      : `first response ${seconds(c.firstResponseBusinessSeconds, "business")} (any time ${seconds(c.firstResponseSeconds, "any")}) ${inHours(c.firstResponseInHours)}`;
  const close =
    c.resolutionBusinessSeconds === null
      ? "open"
      : `resolved ${seconds(c.resolutionBusinessSeconds, "business")} (any time ${seconds(c.resolutionSeconds, "any")}) ${inHours(c.closedInHours)}`;
  return `*${customer}* · started ${started} · ${reply} · ${close}`;
}

/** Lines packed into as few sections as their 3,000 characters allow (escaped names can be five times their length). */
function packedSections(lines: readonly string[]): Block[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= SLACK_LIMITS.text) texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  return texts.map((text) => ({ type: "section", text: mrkdwn(text) }));
}

function conversationBlocks(report: AgentDetailReport): Block[] {
  if (report.conversations.length === 0) return [];
  const { conversations, conversationTotal } = report;
  const which =
    conversations.length < conversationTotal
      ? `the ${formatCount(conversations.length)} slowest of ${formatCount(conversationTotal)}`
      : `all ${formatCount(conversationTotal)}`;
  const blocks: Block[] = [
    { type: "divider" },
    {
      type: "section",
      text: mrkdwn(
        `*Conversations behind these figures*, slowest first (${which}): by first response in business hours, unanswered ones first.`,
      ),
    },
  ];
  return [...blocks, ...packedSections(conversations.map((c) => conversationLine(c, report.period.timeZone)))];
}

/** Whether the previous period had anything to compare with. */
const hasData = (row: AgentRow) => row.firstResponse.count > 0 || row.resolution.count > 0;

export function agentDetailModal(report: AgentDetailReport, options: AgentDetailOptions): types.ModalView {
  const compare = hasData(report.previousFigures);
  const context = [
    `${periodWords(report.period)}: ${periodDates(report.period)} · times in ${report.period.timeZone}`,
    compare
      ? `Changes vs ${report.previous.words} (${report.previous.days.first} to ${report.previous.days.last})`
      : `No previous data: nothing in ${report.previous.words} (${report.previous.days.first} to ${report.previous.days.last})`,
    `Business hours: ${describeVersions(report.schedules)}`,
    ...(report.agentKey === null ? [filtersLine(report.request)] : []),
  ];
  const blocks: Block[] = [
    { type: "section", text: plain(truncate(displayText(pointSentence(report)), SLACK_LIMITS.text)) },
    { type: "context", elements: context.map((line) => plain(truncate(line, SLACK_LIMITS.text))) },
    { type: "section", fields: figureFields(report, compare) },
    ...distributionBlocks(report, options),
    ...conversationBlocks(report),
  ];
  return {
    type: "modal",
    title: plain(report.agentKey === null ? "Team details" : "Agent details"),
    close: plain("Close"),
    blocks: blocks as types.ModalView["blocks"],
  };
}

/** Shown at once while the drill-down is built (a trigger_id lasts 3 seconds), and in place of it on failure. */
export function agentDetailNotice(text: string): types.ModalView {
  return { type: "modal", title: plain("Details"), close: plain("Close"), blocks: [{ type: "section", text: plain(text) }] };
}
