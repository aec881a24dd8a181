// An alert's message in its channel (docs/usage.md, "Alerts"): the point first (how many
// customers wait and for how long, the time that drifted, the source that moved, with both
// figures), then the oldest waiting customers, then the rule and the episode's state. The
// same message is updated in place while the episode lasts, and says when it ended.
import { DateTime } from "luxon";
import type { types } from "@slack/bolt";
import type { AlertFindings } from "../../domain/alert-findings.ts";
import { describeAlertRule, windowWords, type AlertRuleSpec } from "../../domain/alert-rules.ts";
import { SOURCE_LABELS } from "../../domain/sources.ts";
import { durationWords } from "../words/agent-performance-words.ts";
import { formatCount } from "../words/report-words.ts";
import type { ReportRequest } from "../../domain/report-request.ts";
import { REPORT_ACTIONS } from "./action-state.ts";
import { mrkdwn, option, plain, stateButton, type Block } from "./common-blocks.ts";
import { alertLineWords, type AlertListingWords } from "../words/alert-words.ts";
import { codeSpan, escapeMrkdwn, MRKDWN } from "./mrkdwn.ts";

export interface AlertView {
  readonly ruleId: string;
  /** The report "Open report" opens: the rule's figures over a period that holds its window. */
  readonly report: ReportRequest;
  readonly episode: number;
  /** Why the rule is paused (a mute, a channel Slack refused); null while it runs. */
  readonly pausedReason: string | null;
  readonly spec: AlertRuleSpec;
  readonly timeZone: string;
  readonly findings: AlertFindings;
  readonly startedAt: number;
  /** Set once the condition has cleared. */
  readonly endedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly snoozedUntil: number | null;
  readonly now: number;
}

const clock = (ms: number, zone: string, now: number) => {
  const t = DateTime.fromMillis(ms, { zone });
  return t.hasSame(DateTime.fromMillis(now, { zone }), "day") ? t.toFormat("HH:mm") : t.toFormat("ccc d LLL HH:mm");
};

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The alert's point in one sentence: also the notification's text and the thread replies'. */
function alertHeadline(spec: AlertRuleSpec, findings: AlertFindings): string {
  const c = spec.condition;
  switch (findings.kind) {
    case "waiting": {
      if (c.kind !== "waiting") break;
      const business = c.clock === "business";
      const longest = findings.oldest[0];
      const over = durationWords(c.thresholdSeconds, business);
      const hours = business ? " in business hours" : "";
      if (findings.count === 0) return `No customer has waited more than ${over}${hours} for a first reply.`;
      return `${plural(findings.count, "customer has", "customers have")} waited more than ${over}${hours} for a first reply; longest ${durationWords(Math.round(longest!.waitedMs / 1000), business)}.`;
    }
    case "response-time": {
      if (c.kind !== "response-time") break;
      const business = c.clock === "business";
      const what = `${c.statistic === "median" ? "Median" : "Average"} ${c.metric === "first-response" ? "first response" : "resolution"}`;
      const whose = c.agent === null ? "" : ` of ${c.agent}`;
      const window = windowWords(c.windowSeconds);
      const volume = plural(findings.count, "conversation", "conversations");
      if (findings.seconds === null) return `${what}${whose}: no conversations in the last ${window}.`;
      return `${what}${whose} ${durationWords(findings.seconds, business)}${business ? " in business hours" : ""} over the last ${window} (target ${durationWords(c.thresholdSeconds, business)}; ${volume}).`;
    }
    case "source-change": {
      if (c.kind !== "source-change") break;
      const change =
        findings.changePercent === null
          ? "from none"
          : `${findings.changePercent >= 0 ? "up" : "down"} ${Math.round(Math.abs(findings.changePercent))}%`;
      return `${SOURCE_LABELS[c.source]} assignments ${change}: ${formatCount(findings.current)} in the last ${windowWords(c.windowSeconds)}, against ${formatCount(findings.baseline)} (the median of the same hours in the 4 weeks before).`;
    }
  }
  throw new Error(`findings of ${findings.kind} for a ${c.kind} rule`);
}

export const ALERT_ACTIONS = {
  acknowledge: "alert-acknowledge",
  snooze: "alert-snooze",
  openReport: "alert-open-report",
  mute: "alert-mute",
};

/** Snooze choices: how long, or until the next business day opens. */
export const SNOOZES = { "1h": "1 hour", "4h": "4 hours", "next-business-day": "Until the next business day" } as const;
export type Snooze = keyof typeof SNOOZES;

/** What a button of the message acts on: "<rule>:<episode>". */
const alertTarget = (view: Pick<AlertView, "ruleId" | "episode">) => `${view.ruleId}:${view.episode}`;

/** The verbs of a firing alert: acknowledge, snooze, open the report, mute the rule. */
function alertButtons(view: AlertView): Block {
  const target = alertTarget(view);
  const elements: types.ActionsBlockElement[] = [];
  if (view.acknowledgedBy === null)
    elements.push({ type: "button", text: plain("Acknowledge"), action_id: ALERT_ACTIONS.acknowledge, value: target });
  elements.push({
    type: "static_select",
    action_id: ALERT_ACTIONS.snooze,
    placeholder: plain("Snooze"),
    options: (Object.entries(SNOOZES) as [Snooze, string][]).map(([key, label]) => option(label, `${target}:${key}`)),
  });
  // The interactive report, privately, through the reports' own "Open full report" action.
  const open = stateButton("Open report", REPORT_ACTIONS.open, view.report);
  if (open) elements.push(open);
  if (view.pausedReason === null) {
    elements.push({
      type: "button",
      text: plain("Mute rule"),
      action_id: ALERT_ACTIONS.mute,
      value: target,
      confirm: {
        title: plain("Mute this rule?"),
        text: plain("It stops being evaluated until someone runs /pulse alert resume. Workspace admins only."),
        confirm: plain("Mute"),
        deny: plain("Cancel"),
      },
    });
  }
  return { type: "actions", block_id: `alert-actions:${target}`, elements };
}

/** The oldest waiting customers: who (escaped), since when, how long so far. */
function waitingLines(view: AlertView): string[] {
  if (view.findings.kind !== "waiting" || view.spec.condition.kind !== "waiting") return [];
  const business = view.spec.condition.clock === "business";
  const { oldest, count } = view.findings;
  const lines = oldest.map(
    (c) =>
      `• ${escapeMrkdwn(c.customer)} — since ${clock(c.startedAt, view.timeZone, view.now)}, waited ${durationWords(Math.round(c.waitedMs / 1000), business)}`,
  );
  const more = count > oldest.length ? [`…and ${formatCount(count - oldest.length)} more (the oldest ${oldest.length} shown)`] : [];
  return [...lines, ...more];
}

/** Firing since when, acknowledged by whom, snoozed until when; or when it ended. */
function stateWords(view: AlertView): string {
  const at = (ms: number) => clock(ms, view.timeZone, view.now);
  if (view.endedAt !== null) {
    return `Resolved at ${at(view.endedAt)}, lasted ${durationWords(Math.round((view.endedAt - view.startedAt) / 1000))}`;
  }
  const parts = [`Firing since ${at(view.startedAt)}`];
  if (view.acknowledgedBy !== null) parts.push(`acknowledged by <@${view.acknowledgedBy}>`);
  if (view.snoozedUntil !== null && view.snoozedUntil > view.now) parts.push(`snoozed until ${at(view.snoozedUntil)}`);
  if (view.pausedReason !== null) parts.push(`rule paused (${escapeMrkdwn(view.pausedReason)}): \`/pulse alert resume ${view.ruleId}\``);
  return parts.join(" · ");
}

/** `buttons`: false for a dry run (`/pulse alert test`), which no one acts on. */
export function alertMessage(view: AlertView, buttons = true): { text: string; blocks: Block[] } {
  const headline = alertHeadline(view.spec, view.findings);
  const resolved = view.endedAt !== null;
  const state = stateWords(view);
  const lead = resolved ? `:white_check_mark: *${state}.* ${headline}` : `:rotating_light: *${headline}*`;
  const lines = resolved ? [] : waitingLines(view);
  const blocks: Block[] = [
    { type: "section", text: mrkdwn(lead) },
    ...(lines.length > 0 ? [{ type: "section" as const, text: mrkdwn(lines.join("\n")) }] : []),
    {
      type: "context",
      elements: [
        mrkdwn(`${resolved ? "" : `${state} · `}Rule ${codeSpan(view.ruleId)}: ${escapeMrkdwn(describeAlertRule(view.spec))}`),
      ] as types.ContextBlockElement[],
    },
    ...(resolved || !buttons ? [] : [alertButtons(view)]),
  ];
  return { text: resolved ? `${state}: ${headline}` : headline, blocks };
}

/** The thread reply of a notification after the first post (`worse`: than last notified; else a snooze ended), or of the end. */
export function alertReply(view: AlertView, worse: boolean): string {
  if (view.endedAt !== null) return `:white_check_mark: ${stateWords(view)}.`;
  return `:rotating_light: ${worse ? "Worse" : "Still firing"}: ${alertHeadline(view.spec, view.findings)}`;
}

/** A rule in one mrkdwn line with its state: what `/pulse alert list` and the App Home show. */
export function alertLine(listing: AlertListingWords, now: number): string {
  return `• ${alertLineWords(listing, MRKDWN, now)}`;
}

export const ALERT_MODAL = {
  callback: "alert-add",
  channel: "alert_add_channel",
  rule: "alert_add_rule",
  /** Each input block's one element. */
  input: "input",
} as const;

/** "Add an alert": a channel and a rule, as `/pulse alert add` takes them. */
export function addAlertModal(): types.ModalView {
  return {
    type: "modal",
    callback_id: ALERT_MODAL.callback,
    title: plain("Add an alert"),
    submit: plain("Add"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "input",
        block_id: ALERT_MODAL.channel,
        label: plain("Post in"),
        element: {
          type: "conversations_select",
          action_id: ALERT_MODAL.input,
          filter: { include: ["public", "private"], exclude_bot_users: true },
        },
        hint: plain("Invite Inbox Pulse to a private channel first."),
      },
      {
        type: "input",
        block_id: ALERT_MODAL.rule,
        label: plain("When"),
        element: { type: "plain_text_input", action_id: ALERT_MODAL.input, placeholder: plain("waiting > 2h") },
      },
      {
        type: "context",
        elements: [
          mrkdwn(
            "`waiting > 2h` customers waiting for a first reply (business hours; add `any-time` for clock time) · " +
              "`first-response > 1h over 4h` the team's median (`resolution` too; `agent:name`, `avg`, `min 5`) · " +
              "`source:bot change > 100% over 1d` against the same hours of the 4 weeks before (`change < -50%` for a drop) · `cooldown 30m`",
          ),
        ],
      },
    ],
  };
}
