// Adding, listing and trying alert rules, as `/pulse alert`, the App Home and
// `inbox-pulse alert` do: one grammar, one listing, one dry run.
import { parseAlertRule, type AlertRuleSpec } from "../domain/alert-rules.ts";
import type { AlertEvaluation } from "../domain/alert-findings.ts";
import { alertMessage } from "../render/block-kit/alert-blocks.ts";
import { filteredAgentKeys } from "../reports/agent-performance-report.ts";
import { loadReportContext, type ReportContext } from "../reports/report-context.ts";
import { streamPeople } from "../store/queries/people.ts";
import { workspaceSettings } from "../store/workspace/workspaces.ts";
import type { Database } from "../store/engine/database.ts";
import { hasEmailConversations } from "../store/queries/alerts.ts";
import {
  createAlertRule,
  findAlertRule,
  latestEpisodes,
  listAlertRules,
  type AlertRule,
  type StoredEpisode,
} from "../store/workspace/alerts.ts";
import { evaluateAlertRule } from "./alert-evaluation.ts";
import { alertView } from "./alert-runner.ts";

export interface NewAlertRule {
  workspaceId: string;
  channelId: string;
  /** The rule as typed after the channel, e.g. "waiting > 2h". */
  text: string;
  createdBy: string;
}

/** Why a rule cannot fire yet, in words; null when it can. */
async function cannotFireYet(context: ReportContext, rule: AlertRule, result: AlertEvaluation): Promise<string | null> {
  const c = rule.spec.condition;
  if (c.kind !== "source-change") {
    if (!(await hasEmailConversations(context.db, rule.workspaceId))) {
      return "This workspace has no email conversations yet: the rule is stored, and can fire once email events arrive.";
    }
    const agent = c.kind === "response-time" ? c.agent : null;
    const people = agent === null ? null : await streamPeople(context.db, rule.workspaceId, "email");
    if (people && (await filteredAgentKeys(context, people, [agent!]))!.length === 0) {
      return `No agent matches "${agent}" in this workspace's email yet: the rule can fire once one does.`;
    }
    return null;
  }
  if (result.findings.kind === "source-change" && result.findings.weeks.every((n) => n === 0)) {
    return `No such assignments in the same hours of the 4 weeks before: only a spike of at least ${c.minVolume} can fire until there is a baseline.`;
  }
  return null;
}

/**
 * Stores the rule, once it parses (`resolveAgent`: the agent as the inbox knows them, e.g. a
 * Slack mention's email); or the parser's error, and nothing stored. Says when it cannot fire yet.
 */
export async function addAlertRule(
  db: Database,
  input: NewAlertRule,
  now: number,
  resolveAgent: (agent: string) => Promise<string> = async (agent) => agent,
): Promise<{ ok: true; listing: AlertListing; warning: string | null } | { ok: false; error: string }> {
  const parsed = parseAlertRule(input.text);
  if (!parsed.ok) return parsed;
  const condition = parsed.rule.condition;
  const spec: AlertRuleSpec =
    condition.kind === "response-time" && condition.agent !== null
      ? { ...parsed.rule, condition: { ...condition, agent: await resolveAgent(condition.agent) } }
      : parsed.rule;
  const rule = await createAlertRule(db, {
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    spec,
    createdBy: input.createdBy,
    now,
  });
  const context = await loadReportContext(db, input.workspaceId, now);
  const warning = await cannotFireYet(context, rule, await evaluateAlertRule(context, spec));
  return { ok: true, listing: { rule, episode: null, timeZone: context.timeZone }, warning };
}

export interface AlertListing {
  rule: AlertRule;
  /** Its latest episode, open or ended. */
  episode: StoredEpisode | null;
  timeZone: string;
}

/** The workspace's rules, oldest first, each with its latest episode. */
export async function alertListings(db: Database, workspaceId: string): Promise<AlertListing[]> {
  const [rules, episodes, { timeZone }] = await Promise.all([
    listAlertRules(db, workspaceId),
    latestEpisodes(db, workspaceId),
    workspaceSettings(db, workspaceId),
  ]);
  return rules.map((rule) => ({ rule, episode: episodes.get(rule.id) ?? null, timeZone }));
}

/** `alert test`: the rule evaluated now, and the message it would post (whether it holds or not); null for no such rule. */
export async function tryAlertRule(
  db: Database,
  workspaceId: string,
  id: string,
  now: number,
): Promise<{ rule: AlertRule; result: AlertEvaluation; message: { text: string; blocks: unknown[] } } | null> {
  const rule = await findAlertRule(db, workspaceId, id);
  if (rule === null) return null;
  const context = await loadReportContext(db, workspaceId, now);
  const result = await evaluateAlertRule(context, rule.spec);
  return { rule, result, message: alertMessage(alertView(rule, context, result, 0, null), false) };
}

/** The message of the rule's latest episode as it should read now, after a button changed its state. */
export async function currentAlertMessage(db: Database, rule: AlertRule, now: number): Promise<{ text: string; blocks: unknown[] } | null> {
  const episode = (await latestEpisodes(db, rule.workspaceId)).get(rule.id);
  if (episode === undefined) return null;
  const context = await loadReportContext(db, rule.workspaceId, now);
  const result = await evaluateAlertRule(context, rule.spec);
  return alertMessage(alertView(rule, context, result, episode.episode, episode, episode.endedAt));
}
