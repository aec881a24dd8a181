// Alert rules, their episodes and the ledger of what each episode posted (alert_steps, one
// claim per rule, episode and step: src/store/workspace/ledger.ts).
import { randomBytes } from "node:crypto";
import type { OpenEpisode } from "../../domain/alert-lifecycle.ts";
import type { AlertRuleSpec } from "../../domain/alert-rules.ts";
import { engineOf, transaction, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";
import { claim, finish, type ClaimOptions } from "./ledger.ts";
import { ensureWorkspace } from "./workspaces.ts";

export interface AlertRule {
  id: string;
  workspaceId: string;
  channelId: string;
  spec: AlertRuleSpec;
  createdBy: string;
  createdAt: number;
  pausedAt: number | null;
  pausedReason: string | null;
}

export interface StoredEpisode extends OpenEpisode {
  ruleId: string;
  endedAt: number | null;
  channelId: string;
  messageTs: string | null;
  /** What the message shows beside the figure (counts only: no customer's name is kept). */
  detail: Record<string, number>;
}

type RuleRow = {
  id: string;
  workspace_id: string;
  channel_id: string;
  rule: string;
  created_by: string;
  created_at: number;
  paused_at: number | null;
  paused_reason: string | null;
};

// Timestamps come back as epoch ms from both dialects (src/store/engine/sql.ts parses PostgreSQL's).
const ms = (value: number | null): number | null => (value === null ? null : Number(value));

function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    spec: JSON.parse(r.rule) as AlertRuleSpec,
    createdBy: r.created_by,
    createdAt: ms(r.created_at)!,
    pausedAt: ms(r.paused_at),
    pausedReason: r.paused_reason,
  };
}

const RULE_COLUMNS = "id, workspace_id, channel_id, rule, created_by, created_at, paused_at, paused_reason";

export async function createAlertRule(
  db: Database,
  input: { workspaceId: string; channelId: string; spec: AlertRuleSpec; createdBy: string; now: number },
): Promise<AlertRule> {
  const { sql } = engineOf(db);
  await ensureWorkspace(db, input.workspaceId);
  // 5 random bytes: with 3 a database of 3,000 rules drew a used id about one time in four.
  const id = `al${randomBytes(5).toString("hex")}`;
  await sql.run(
    `INSERT INTO alert_rules (id, workspace_id, channel_id, rule, created_by, created_at) VALUES (?, ?, ?, ?, ?, ${timestampParam(sql.dialect)})`,
    [id, input.workspaceId, input.channelId, JSON.stringify(input.spec), input.createdBy, input.now],
  );
  return { id, ...input, createdAt: input.now, pausedAt: null, pausedReason: null };
}

export async function listAlertRules(db: Database, workspaceId: string): Promise<AlertRule[]> {
  const { sql } = engineOf(db);
  const rows = await sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE workspace_id = ? ORDER BY created_at, id`, [
    workspaceId,
  ]);
  return rows.map(toRule);
}

export async function findAlertRule(db: Database, workspaceId: string, id: string): Promise<AlertRule | null> {
  const { sql } = engineOf(db);
  const [row] = await sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
  return row ? toRule(row) : null;
}

/** Every workspace's active rules, workspace by workspace: what one tick evaluates. */
export async function activeAlertRules(db: Database): Promise<AlertRule[]> {
  const { sql } = engineOf(db);
  const rows = await sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE paused_at IS NULL ORDER BY workspace_id, id`, []);
  return rows.map(toRule);
}

/** Removes a rule with its episodes and their ledger; false when the workspace has no such rule. */
export function removeAlertRule(db: Database, workspaceId: string, id: string): Promise<boolean> {
  return transaction(db, async (tx) => {
    const removed = await tx.run("DELETE FROM alert_rules WHERE workspace_id = ? AND id = ?", [workspaceId, id]);
    if (removed === 0) return false;
    await tx.run("DELETE FROM alert_episodes WHERE workspace_id = ? AND rule_id = ?", [workspaceId, id]);
    await tx.run("DELETE FROM alert_steps WHERE workspace_id = ? AND rule_id = ?", [workspaceId, id]);
    return true;
  });
}

/** Pauses (reason) or resumes (null) a rule; false when the workspace has no such rule. */
export async function setAlertRulePaused(
  db: Database,
  workspaceId: string,
  id: string,
  reason: string | null,
  now: number,
): Promise<boolean> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  return (
    (await sql.run(
      reason === null
        ? "UPDATE alert_rules SET paused_at = NULL, paused_reason = NULL WHERE workspace_id = ? AND id = ?"
        : `UPDATE alert_rules SET paused_at = ${at}, paused_reason = ? WHERE workspace_id = ? AND id = ?`,
      reason === null ? [workspaceId, id] : [now, reason, workspaceId, id],
    )) === 1
  );
}

// ---------------------------------------------------------------- episodes

type EpisodeRow = {
  rule_id: string;
  episode: number;
  started_at: number;
  ended_at: number | null;
  value: number;
  detail: string;
  notified_value: number;
  notified_at: number;
  notifications: number;
  updated_at: number;
  channel_id: string;
  message_ts: string | null;
  acknowledged_by: string | null;
  snoozed_until: number | null;
};

function toEpisode(r: EpisodeRow): StoredEpisode {
  return {
    ruleId: r.rule_id,
    episode: Number(r.episode),
    startedAt: ms(r.started_at)!,
    endedAt: ms(r.ended_at),
    value: Number(r.value),
    detail: JSON.parse(r.detail) as Record<string, number>,
    notifiedValue: Number(r.notified_value),
    notifiedAt: ms(r.notified_at)!,
    notifications: Number(r.notifications),
    updatedAt: ms(r.updated_at)!,
    channelId: r.channel_id,
    messageTs: r.message_ts,
    acknowledgedBy: r.acknowledged_by,
    snoozedUntil: ms(r.snoozed_until),
  };
}

/** The latest episode of each of the workspace's rules (or of every workspace's), open or ended. */
export async function latestEpisodes(db: Database, workspaceId?: string): Promise<Map<string, StoredEpisode>> {
  const { sql } = engineOf(db);
  const rows = await sql.query<EpisodeRow>(
    `SELECT e.* FROM alert_episodes e
     WHERE ${workspaceId === undefined ? "" : "e.workspace_id = ? AND "}e.episode = (SELECT MAX(episode) FROM alert_episodes l WHERE l.rule_id = e.rule_id)`,
    workspaceId === undefined ? [] : [workspaceId],
  );
  return new Map(rows.map((r) => [r.rule_id, toEpisode(r)]));
}

export async function openEpisode(
  db: Database,
  rule: AlertRule,
  e: { episode: number; now: number; value: number; detail: Record<string, number>; messageTs: string },
): Promise<void> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  await sql.run(
    `INSERT INTO alert_episodes (rule_id, episode, workspace_id, started_at, value, detail, notified_value, notified_at, notifications,
       updated_at, channel_id, message_ts)
     VALUES (?, ?, ?, ${at}, ?, ?, ?, ${at}, 1, ${at}, ?, ?) ON CONFLICT DO NOTHING`,
    [rule.id, e.episode, rule.workspaceId, e.now, e.value, JSON.stringify(e.detail), e.value, e.now, e.now, rule.channelId, e.messageTs],
  );
}

/** After an update, a notification (notified: true) or the end (ended: true) of an episode. */
export async function recordEpisode(
  db: Database,
  key: { workspaceId: string; ruleId: string; episode: number },
  e: { now: number; value: number; detail: Record<string, number>; notified?: boolean; ended?: boolean },
): Promise<void> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  const notified = e.notified ? `, notified_value = ?, notified_at = ${at}, notifications = notifications + 1` : "";
  const ended = e.ended ? `, ended_at = ${at}` : "";
  await sql.run(
    `UPDATE alert_episodes SET value = ?, detail = ?, updated_at = ${at}${notified}${ended}
     WHERE workspace_id = ? AND rule_id = ? AND episode = ?`,
    [
      e.value,
      JSON.stringify(e.detail),
      e.now,
      ...(e.notified ? [e.value, e.now] : []),
      ...(e.ended ? [e.now] : []),
      key.workspaceId,
      key.ruleId,
      key.episode,
    ],
  );
}

/** Acknowledge (by a user) or snooze (until an instant) an open episode; false if it has ended. */
export async function markEpisode(
  db: Database,
  key: { workspaceId: string; ruleId: string; episode: number },
  mark: { acknowledgedBy: string; now: number } | { snoozedUntil: number },
): Promise<boolean> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  const [set, params] =
    "acknowledgedBy" in mark
      ? [`acknowledged_by = ?, acknowledged_at = ${at}`, [mark.acknowledgedBy, mark.now]]
      : [`snoozed_until = ${at}`, [mark.snoozedUntil]];
  return (
    (await sql.run(`UPDATE alert_episodes SET ${set} WHERE workspace_id = ? AND rule_id = ? AND episode = ? AND ended_at IS NULL`, [
      ...params,
      key.workspaceId,
      key.ruleId,
      key.episode,
    ])) === 1
  );
}

// ---------------------------------------------------------------- the ledger

const stepKey = (ruleId: string, episode: number, step: string) => ({ rule_id: ruleId, episode, step });

export function claimAlertStep(
  db: Database,
  rule: AlertRule,
  episode: number,
  step: string,
  o: Omit<ClaimOptions, "workspaceId" | "extra" | "timestamps">,
): Promise<number | null> {
  return claim(db, "alert_steps", stepKey(rule.id, episode, step), { ...o, workspaceId: rule.workspaceId });
}

export async function finishAlertStep(
  db: Database,
  rule: AlertRule,
  episode: number,
  step: string,
  result: { status: "posted" | "failed"; now: number; error?: string },
): Promise<void> {
  await finish(db, "alert_steps", stepKey(rule.id, episode, step), result);
  // An update claims its 5-minute slot; once a later slot is posted the earlier ones guard
  // nothing, and an episode that lasts a week would otherwise leave 2,000 rows behind.
  if (result.status === "posted" && step.startsWith("update:")) {
    const { sql } = engineOf(db);
    await sql.run("DELETE FROM alert_steps WHERE workspace_id = ? AND rule_id = ? AND episode = ? AND step LIKE 'update:%' AND step <> ?", [
      rule.workspaceId,
      rule.id,
      episode,
      step,
    ]);
  }
}
