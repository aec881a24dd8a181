// Digest subscriptions and their run ledger (src/store/workspace/ledger.ts): one run per
// (subscription, period), whatever the replicas.
import { randomBytes } from "node:crypto";
import type { ReportName } from "../../domain/report-request.ts";
import { engineOf, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";
import { claim, finish, type ClaimOptions as LedgerClaimOptions } from "./ledger.ts";
import { ensureWorkspace } from "./workspaces.ts";

/**
 * The creator of a digest added on the command line without --created-by: the column needs a
 * value, and it names no Slack user, so a pause is only logged (no direct message).
 */
export const CREATED_BY_CLI = "cli";

export interface Subscription {
  id: string;
  workspaceId: string;
  channelId: string;
  report: ReportName;
  /** JSON of a DigestSchedule; parsed by src/digests. */
  schedule: string;
  /** The Slack user who added it (told by direct message if it is paused), or CREATED_BY_CLI. */
  createdBy: string;
  createdAt: number;
  pausedAt: number | null;
  pausedReason: string | null;
}

function toSubscription(row: {
  id: string;
  workspaceId: string;
  channelId: string;
  report: string;
  schedule: string;
  createdBy: string;
  createdAt: Date;
  pausedAt: Date | null;
  pausedReason: string | null;
}): Subscription {
  return {
    ...row,
    report: row.report as ReportName,
    createdAt: row.createdAt.getTime(),
    pausedAt: row.pausedAt?.getTime() ?? null,
  };
}

export async function createSubscription(
  db: Database,
  input: { workspaceId: string; channelId: string; report: ReportName; schedule: string; createdBy: string; createdAt?: Date },
): Promise<Subscription> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, input.workspaceId);
  const row = await prisma.digestSubscription.create({
    // 5 random bytes: with 3, thousands of digests would draw a used id now and then.
    data: { id: `dg${randomBytes(5).toString("hex")}`, ...input },
  });
  return toSubscription(row);
}

export async function listSubscriptions(db: Database, workspaceId: string): Promise<Subscription[]> {
  const { prisma } = engineOf(db);
  const rows = await prisma.digestSubscription.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map(toSubscription);
}

export async function findSubscription(db: Database, workspaceId: string, id: string): Promise<Subscription | null> {
  const { prisma } = engineOf(db);
  const row = await prisma.digestSubscription.findFirst({ where: { id, workspaceId } });
  return row ? toSubscription(row) : null;
}

/** Every subscription that is not paused, all workspaces (the scheduler's work list). */
export async function activeSubscriptions(db: Database): Promise<Subscription[]> {
  const { prisma } = engineOf(db);
  const rows = await prisma.digestSubscription.findMany({ where: { pausedAt: null } });
  return rows.map(toSubscription);
}

export async function removeSubscription(db: Database, workspaceId: string, id: string): Promise<boolean> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.digestSubscription.deleteMany({ where: { id, workspaceId } });
  await prisma.digestRun.deleteMany({ where: { subscriptionId: id, workspaceId } });
  return count > 0;
}

export async function pauseSubscription(db: Database, id: string, reason: string, at = new Date()): Promise<void> {
  const { prisma } = engineOf(db);
  await prisma.digestSubscription.updateMany({ where: { id }, data: { pausedAt: at, pausedReason: reason } });
}

/** Why a workspace's digests stop when the app leaves it; a new install resumes those. */
export const NOT_INSTALLED = "app not installed";

/** Pauses every active digest of the workspace; resolves with how many. */
export async function pauseWorkspaceSubscriptions(db: Database, workspaceId: string, reason: string, at = new Date()): Promise<number> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.digestSubscription.updateMany({
    where: { workspaceId, pausedAt: null },
    data: { pausedAt: at, pausedReason: reason },
  });
  return count;
}

/** Resumes the workspace's digests paused for `reason`; resolves with how many. */
export async function resumeWorkspaceSubscriptions(db: Database, workspaceId: string, reason: string): Promise<number> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.digestSubscription.updateMany({
    where: { workspaceId, pausedReason: reason },
    data: { pausedAt: null, pausedReason: null },
  });
  return count;
}

// ---------------------------------------------------------------- the ledger

type RunStatus = "claimed" | "posted" | "failed" | "skipped";

export interface RunKey {
  subscriptionId: string;
  periodKey: string;
}

export interface LastRun extends RunKey {
  status: RunStatus;
  dueAt: number;
  attempts: number;
  finishedAt: number | null;
  error: string | null;
}

export interface ClaimOptions extends Omit<LedgerClaimOptions, "extra" | "timestamps"> {
  dueAt: number;
}

const runKey = (key: RunKey) => ({ subscription_id: key.subscriptionId, period_key: key.periodKey });

/** Takes the run for this period (src/store/workspace/ledger.ts): the attempt number when this caller must post, else null. */
export function claimRun(db: Database, key: RunKey, o: ClaimOptions): Promise<number | null> {
  return claim(db, "digest_runs", runKey(key), { ...o, extra: { due_at: o.dueAt }, timestamps: ["due_at"] });
}

export function finishRun(
  db: Database,
  key: RunKey,
  result: { status: "posted" | "failed"; now: number; messageTs?: string; error?: string },
): Promise<void> {
  return finish(db, "digest_runs", runKey(key), { ...result, set: { message_ts: result.messageTs ?? null } });
}

/** Records a period that will not be posted (missed beyond the grace window); false if it had a run already. */
export async function skipRun(
  db: Database,
  key: RunKey,
  o: { workspaceId: string; dueAt: number; now: number; reason: string },
): Promise<boolean> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  return (
    (await sql.run(
      `INSERT INTO digest_runs (subscription_id, period_key, workspace_id, due_at, status, attempts, finished_at, error)
       VALUES (?, ?, ?, ${at}, 'skipped', 0, ${at}, ?) ON CONFLICT DO NOTHING`,
      [key.subscriptionId, key.periodKey, o.workspaceId, o.dueAt, o.now, o.reason],
    )) === 1
  );
}

/** The latest run of each of the workspace's subscriptions (for `digest list`). */
export async function lastRuns(db: Database, workspaceId: string): Promise<Map<string, LastRun>> {
  const { sql } = engineOf(db);
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT subscription_id, period_key, status, due_at, attempts, finished_at, error FROM digest_runs
     WHERE workspace_id = ? ORDER BY due_at`,
    [workspaceId],
  );
  const last = new Map<string, LastRun>();
  for (const r of rows) {
    last.set(String(r.subscription_id), {
      subscriptionId: String(r.subscription_id),
      periodKey: String(r.period_key),
      status: r.status as RunStatus,
      dueAt: Number(r.due_at),
      attempts: Number(r.attempts),
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      error: (r.error as string | null) ?? null,
    });
  }
  return last;
}
