// One alert tick: every active rule evaluated at `now`, in its workspace's time zone and
// business hours; the step the lifecycle asks for (src/domain/alert-lifecycle.ts) claimed in
// the ledger, then posted, then recorded. Only the current state is evaluated, so a tick after
// downtime posts no backlog. Slack is behind AlertPoster; the clock is a parameter.
import { DateTime } from "luxon";
import { nextStep, stepKey, type AlertStep } from "../domain/alert-lifecycle.ts";
import type { AlertRuleSpec } from "../domain/alert-rules.ts";
import { emptyFilters, type ReportRequest } from "../domain/report-request.ts";
import type { AlertEvaluation } from "../domain/alert-findings.ts";
import type { Logger } from "../log.ts";
import { countAlertStep } from "../ops/metrics.ts";
import { PAUSING_ERRORS, slackErrorCode } from "../ops/slack-errors.ts";
import { alertMessage, alertReply, type AlertView } from "../render/block-kit/alert-blocks.ts";
import { loadReportContext, type ReportContext } from "../reports/report-context.ts";
import type { Database } from "../store/engine/database.ts";
import {
  activeAlertRules,
  claimAlertStep,
  finishAlertStep,
  latestEpisodes,
  openEpisode,
  recordEpisode,
  setAlertRulePaused,
  type AlertRule,
  type StoredEpisode,
} from "../store/workspace/alerts.ts";
import { evaluateAlertRule } from "./alert-evaluation.ts";
import { forEachConcurrently } from "./concurrent-workspaces.ts";

/** What a post is, so that a retried step can find it already made. */
export interface PostMark {
  ruleId: string;
  episode: number;
  step: string;
}

export interface AlertPoster {
  /** Posts a new message in the rule's channel; resolves with its ts. */
  post(rule: AlertRule, message: { text: string; blocks: unknown[] }, mark: PostMark): Promise<string>;
  update(rule: AlertRule, ts: string, message: { text: string; blocks: unknown[] }): Promise<void>;
  /** A reply in the message's thread. */
  reply(rule: AlertRule, threadTs: string, text: string, mark: PostMark): Promise<void>;
  /** The ts of a post with this mark already in the channel (or the thread), if any: a retry after a crash. */
  findPosted(rule: AlertRule, mark: PostMark, threadTs?: string): Promise<string | null>;
  /** A direct message to whoever created the rule. */
  tellCreator(rule: AlertRule, text: string): Promise<void>;
}

export interface AlertRunnerOptions {
  /** A claim older than this belongs to a process that died: the step may be taken over. */
  leaseMs: number;
  maxAttempts: number;
  /** Names this process in the ledger. */
  instance: string;
  /** Workspaces evaluated at once (src/alerts/concurrent-workspaces.ts); 1 when unset. */
  workspacesAtOnce?: number;
}

export type AlertOutcome = {
  ruleId: string;
  status: "quiet" | "firing" | "posted" | "failed" | "paused" | "taken";
  step?: AlertStep["kind"];
};

/** The numbers kept with an episode (for `alert list` and App Home): counts, no customer names. */
function detailOf({ findings }: AlertEvaluation): Record<string, number> {
  switch (findings.kind) {
    case "waiting":
      return { count: findings.count };
    case "response-time":
      return { count: findings.count, ...(findings.seconds === null ? {} : { seconds: findings.seconds }) };
    case "source-change":
      return { current: findings.current, baseline: findings.baseline };
  }
}

/**
 * The report behind an alert: agent performance (one agent's, for a rule on one agent) or the
 * source's assignments, over today when the window fits in it, else the last 7 days.
 */
function alertReportRequest(spec: AlertRuleSpec, context: Pick<ReportContext, "timeZone" | "now">): ReportRequest {
  const c = spec.condition;
  const window = c.kind === "waiting" ? 0 : c.windowSeconds * 1000;
  const midnight = DateTime.fromMillis(context.now, { zone: context.timeZone }).startOf("day").toMillis();
  const period = { preset: context.now - window >= midnight ? "today" : "last-7-days" } as const;
  const filters = emptyFilters();
  if (c.kind === "source-change") return { report: "assignments", period, filters: { ...filters, sources: [c.source] }, page: 0 };
  const agents = c.kind === "response-time" && c.agent !== null ? [c.agent] : [];
  return { report: "agent-performance", period, filters: { ...filters, agents }, page: 0 };
}

/** What the message of the rule's episode shows now (`episode`: the stored one; null for one about to open). */
export function alertView(
  rule: AlertRule,
  context: Pick<ReportContext, "timeZone" | "now">,
  result: AlertEvaluation,
  number: number,
  episode: Pick<StoredEpisode, "startedAt" | "acknowledgedBy" | "snoozedUntil"> | null,
  endedAt: number | null = null,
): AlertView {
  return {
    ruleId: rule.id,
    report: alertReportRequest(rule.spec, context),
    episode: number,
    pausedReason: rule.pausedReason,
    spec: rule.spec,
    timeZone: context.timeZone,
    findings: result.findings,
    startedAt: episode?.startedAt ?? context.now,
    endedAt,
    acknowledgedBy: episode?.acknowledgedBy ?? null,
    snoozedUntil: episode?.snoozedUntil ?? null,
    now: context.now,
  };
}

/** Makes the step's posts; resolves when they are made. */
async function applyStep(
  db: Database,
  poster: AlertPoster,
  rule: AlertRule,
  step: AlertStep,
  mark: PostMark,
  retried: boolean,
  context: ReportContext,
  result: AlertEvaluation,
  open: StoredEpisode | null,
): Promise<void> {
  const { now } = context;
  const key = { workspaceId: rule.workspaceId, ruleId: rule.id, episode: step.episode };
  const value = result.evaluation.holds === true ? result.evaluation.value : (open?.value ?? 0);
  const detail = detailOf(result);
  if (step.kind === "open") {
    const message = alertMessage(alertView(rule, context, result, step.episode, null));
    const ts = (retried ? await poster.findPosted(rule, mark) : null) ?? (await poster.post(rule, message, mark));
    await openEpisode(db, rule, { episode: step.episode, now, value, detail, messageTs: ts });
    return;
  }
  const ts = open!.messageTs!;
  const ended = step.kind === "resolve";
  const view = alertView(rule, context, result, step.episode, open, ended ? now : null);
  await poster.update(rule, ts, alertMessage(view));
  if (step.kind !== "update" && !(retried && (await poster.findPosted(rule, mark, ts)))) {
    await poster.reply(rule, ts, alertReply(view, value > open!.notifiedValue), mark);
  }
  await recordEpisode(db, key, { now, value, detail, notified: step.kind === "notify", ended });
}

async function runRule(
  db: Database,
  poster: AlertPoster,
  log: Logger,
  rule: AlertRule,
  last: StoredEpisode | undefined,
  context: ReportContext,
  options: AlertRunnerOptions,
): Promise<AlertOutcome> {
  const result = await evaluateAlertRule(context, rule.spec);
  const open = last && last.endedAt === null ? last : null;
  const step = nextStep(open, last?.episode ?? 0, result.evaluation, context.now, rule.spec.cooldownSeconds * 1000);
  if (step === null) return { ruleId: rule.id, status: open ? "firing" : "quiet" };
  const mark = { ruleId: rule.id, episode: step.episode, step: stepKey(step, context.now) };
  const attempt = await claimAlertStep(db, rule, step.episode, mark.step, { ...options, now: context.now });
  if (attempt === null) return { ruleId: rule.id, status: "taken", step: step.kind };
  const base = { workspaceId: rule.workspaceId, ruleId: rule.id, episode: step.episode, step: mark.step };
  try {
    await applyStep(db, poster, rule, step, mark, attempt > 1, context, result, open);
    await finishAlertStep(db, rule, step.episode, mark.step, { status: "posted", now: context.now });
    log.info("alert posted", base);
    return { ruleId: rule.id, status: "posted", step: step.kind };
  } catch (error) {
    const code = slackErrorCode(error) ?? (error as Error).message;
    await finishAlertStep(db, rule, step.episode, mark.step, { status: "failed", now: context.now, error: code });
    if (!PAUSING_ERRORS.has(code)) {
      log.error("alert failed", { ...base, error: code });
      return { ruleId: rule.id, status: "failed", step: step.kind };
    }
    await setAlertRulePaused(db, rule.workspaceId, rule.id, code, context.now);
    log.warn("alert paused", { ...base, error: code });
    await poster
      .tellCreator(
        rule,
        `Your alert ${rule.id} for <#${rule.channelId}> is paused: Slack answered \`${code}\`. ` +
          `Invite the app to the channel, then \`/pulse alert resume ${rule.id}\`.`,
      )
      .catch((dmError: unknown) =>
        log.warn("could not tell the alert's creator", { ...base, error: slackErrorCode(dmError) ?? String(dmError) }),
      );
    return { ruleId: rule.id, status: "paused", step: step.kind };
  }
}

/** Evaluates every active rule once; one workspace's context serves all of its rules. */
export async function runAlerts(
  db: Database,
  poster: AlertPoster,
  log: Logger,
  now: number,
  options: AlertRunnerOptions,
): Promise<AlertOutcome[]> {
  const [rules, episodes] = await Promise.all([activeAlertRules(db), latestEpisodes(db)]);
  // The rules come workspace by workspace.
  const workspaces: AlertRule[][] = [];
  for (const rule of rules) {
    const last = workspaces.at(-1);
    if (last !== undefined && last[0]!.workspaceId === rule.workspaceId) last.push(rule);
    else workspaces.push([rule]);
  }
  const outcomes = await forEachConcurrently(workspaces, options.workspacesAtOnce ?? 1, async (list) => {
    const workspaceId = list[0]!.workspaceId;
    // A workspace whose settings cannot be read leaves the others to run.
    const context = await loadReportContext(db, workspaceId, now).catch((error: unknown) => {
      log.error("alert workspace failed", { workspaceId, error: (error as Error).message });
      return null;
    });
    if (context === null) return list.map((rule): AlertOutcome => ({ ruleId: rule.id, status: "failed" }));
    const done: AlertOutcome[] = [];
    for (const rule of list) {
      const outcome = await runRule(db, poster, log, rule, episodes.get(rule.id), context, options).catch((error: unknown) => {
        // One rule's failure (a database error, a bad stored rule) leaves the others to run.
        log.error("alert rule failed", { workspaceId: rule.workspaceId, ruleId: rule.id, error: (error as Error).message });
        return { ruleId: rule.id, status: "failed" } as const;
      });
      countAlertStep(outcome.status);
      done.push(outcome);
    }
    return done;
  });
  return outcomes.flat();
}
