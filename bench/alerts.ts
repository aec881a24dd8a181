// Alerts and digests at scale, SQLite then PostgreSQL, on one database of many workspaces:
// 1,000 workspaces with ~5 weeks of traffic (2,000,000 assignments and 500,000 email
// conversations in all, through ingestEvents) and 3 alert rules each.
//
// Alerts: one tick of runAlerts evaluates the 3,000 rules on one replica, claims the steps of
// those that hold in the ledger and posts them (slackAlertPoster, the app's Web API client
// pointed at the fake Slack over real HTTP). The first tick, which opens the episodes, is timed
// apart; then BENCH_TICKS more, a minute apart, each followed by the baseline: the rules'
// figures read with hand-written SQL on a raw handle of the same database (waiting count and
// oldest 10; the window's first-response times, median in JS; the 5 source counts), nothing
// posted. Both must find the same rules holding. Each minute also has a tick one workspace at
// a time (the app runs a few at once, src/alerts/concurrent-workspaces.ts): with and without.
// Every rule's statements, as the tick sends them, are EXPLAINed once and must be index range
// reads (a full scan throws). Target: p95 <= 5 s.
//
// Digests: weekly digests due at the same Monday 09:00, 5 per channel (5 per workspace, created
// workspace by workspace), run by 2 replicas at once (two openDatabase handles on the database,
// each with its own Web API client, as two processes would have) at that instant; real time
// passes only for 429 waits. The fake Slack takes 1 message per second per channel and answers
// 429 with Retry-After beyond it. Each post is counted by the subscription in its metadata.
// First the runner's order with and without interleaving by channel
// (src/digests/channel-interleave.ts) on the first BENCH_UNSPREAD digests, each at an earlier
// Monday, then all 1,000 through runDueDigests. Targets: all posted within 5 minutes, none lost, none twice.
import { LogLevel, webApi } from "@slack/bolt";
import { alertOptions, digestOptions } from "../src/app.ts";
import { runAlerts, type AlertOutcome } from "../src/alerts/alert-runner.ts";
import { evaluateAlertRule } from "../src/alerts/alert-evaluation.ts";
import { readConfig } from "../src/config.ts";
import { interleaveByChannel } from "../src/digests/channel-interleave.ts";
import {
  runDueDigests,
  runSubscriptions,
  type DigestPoster,
  type DigestRunnerOptions,
  type RunOutcome,
} from "../src/digests/digest-runner.ts";
import { digestReports, dueRun } from "../src/digests/digest-run.ts";
import type { AlertCondition, AlertRuleSpec } from "../src/domain/alert-rules.ts";
import { parseAlertRule } from "../src/domain/alert-rules.ts";
import { parseDigestSchedule } from "../src/domain/digest-schedule.ts";
import { createLogger, type Logger } from "../src/log.ts";
import { loadReportContext } from "../src/reports/report-context.ts";
import { slackAlertPoster } from "../src/slack/alert-poster.ts";
import { slackDigestPoster } from "../src/slack/digest-poster.ts";
import { webClientOptions } from "../src/slack/slack-app.ts";
import { openDatabase, type Database } from "../src/store/engine/database.ts";
import { rawHandles } from "../src/store/engine/raw-handles.ts";
import type { Param } from "../src/store/engine/sql.ts";
import { activeAlertRules, createAlertRule, latestEpisodes, type AlertRule } from "../src/store/workspace/alerts.ts";
import { activeSubscriptions, createSubscription, type Subscription } from "../src/store/workspace/digests.ts";
import { startFakeSlack, type FakeSlack } from "../test/support/fake-slack.ts";
import { alertAssignments, alertEmails, alertWorkspace, MIN_PER_WORKSPACE, SPAN_MS, type AlertWorkspace } from "./lib/alert-traffic.ts";
import { ingestBatches, sum } from "./lib/ingest-bench.ts";
import { latencyOf, latencyRow, ms, percentiles, sample } from "./lib/latency.ts";
import { postgresReportBackend, sqliteReportBackend, type ReportBackend } from "./lib/report-backend.ts";
import { benchSize, envInt, int, perSecond, rate, secs, slower, timed, times, type BenchResult, type TableRow } from "./lib/report.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICKS = envInt("BENCH_TICKS", 10);
const TICK_TARGET_MS = 5_000;
const DIGEST_TARGET_MS = 5 * MINUTE;
const DIGESTS_PER_CHANNEL = 5;
/** Zones at UTC+0 all year: the digests' Monday 09:00 is one instant in each. */
const DIGEST_ZONES = ["UTC", "Atlantic/Reykjavik", "Africa/Abidjan", "Africa/Accra", "Africa/Dakar"];
/** The waiting rules never look further back (src/alerts/alert-evaluation.ts). */
const WAITING_HORIZON_MS = 30 * DAY;
const WEEK = 7 * DAY;

interface Sizes {
  workspaces: number;
  assignments: number;
  conversations: number;
  digests: number;
  /** How many digests (whole channels) the with/without interleaving rounds post. */
  unspread: number;
}

/** The latest instant at or before `before` that is `hour`:00 UTC on a day `ok` accepts. */
function latestAt(before: number, hour: number, ok: (weekday: number) => boolean): number {
  const day = new Date(before);
  day.setUTCHours(hour, 0, 0, 0);
  let at = day.getTime();
  while (at > before || !ok(new Date(at).getUTCDay())) at -= DAY;
  return at;
}

// ---------------------------------------------------------------- data

function spec(text: string): AlertRuleSpec {
  const parsed = parseAlertRule(text);
  if (!parsed.ok) throw new Error(`bench rule "${text}": ${parsed.error}`);
  return parsed.rule;
}

/** Per workspace: its share of the assignments and conversations (the first ones take the remainder). */
const share = (total: number, workspaces: number, index: number) => Math.floor(total / workspaces) + (index < total % workspaces ? 1 : 0);

async function load(
  backend: ReportBackend,
  sizes: Sizes,
  tickAt: number,
  dueAt: number,
): Promise<{ workspaces: AlertWorkspace[]; notes: string[] }> {
  const { db } = backend;
  const workspaces = Array.from({ length: sizes.workspaces }, (_, i) => alertWorkspace(i));
  const times = { assignments: [] as number[], emails: [] as number[] };
  let emailEvents = 0;
  let collisions = 0;
  /**
   * Rule and digest ids are 3 random bytes (`al1a2b3c`, `dg1a2b3c`), unique over the whole
   * database: among 3,000 rules two draw the same one about once in 4 runs, and the insert
   * fails. The bench draws again and counts it (a finding, not handled in src/ yet).
   */
  const create = async <T>(make: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await make();
      } catch (error) {
        if (attempt === 3 || !/unique|duplicate key|P2002/i.test(`${(error as { code?: string }).code} ${(error as Error).message}`))
          throw error;
        collisions++;
      }
    }
  };
  const started = Date.now();
  for (const w of workspaces) {
    const assignments = alertAssignments(w, share(sizes.assignments, sizes.workspaces, w.index), tickAt);
    times.assignments.push(...(await ingestBatches(db, w.id, [assignments])));
    const emails = alertEmails(w, share(sizes.conversations, sizes.workspaces, w.index), tickAt);
    emailEvents += emails.length;
    times.emails.push(...(await ingestBatches(db, w.id, [emails])));
    for (const text of Object.values(w.rules)) {
      await create(() =>
        createAlertRule(db, {
          workspaceId: w.id,
          channelId: `C0ALERT${w.index}`,
          spec: spec(text),
          createdBy: "U0BENCH",
          now: tickAt - DAY,
        }),
      );
    }
    if ((w.index + 1) % 250 === 0)
      console.log(`  ${backend.name}: ${w.index + 1} of ${sizes.workspaces} workspaces loaded (${secs(Date.now() - started)})`);
  }
  // The digests: DIGESTS_PER_CHANNEL per workspace, in the workspace's channel, created workspace by workspace.
  for (let d = 0; d < sizes.digests; d++) {
    const w = workspaces[Math.floor(d / DIGESTS_PER_CHANNEL) % workspaces.length]!;
    const zone = DIGEST_ZONES[d % DIGEST_ZONES.length]!;
    const parsed = parseDigestSchedule(["weekly", "mon", "09:00"], zone);
    if (!parsed.ok) throw new Error(parsed.error);
    await create(() =>
      createSubscription(db, {
        workspaceId: w.id,
        channelId: `C0DIGEST${Math.floor(d / DIGESTS_PER_CHANNEL)}`,
        report: d % 2 === 0 ? "assignments" : "agent-performance",
        schedule: JSON.stringify(parsed.schedule),
        createdBy: "U0BENCH",
        // Before the first of the 3 Mondays the bench runs (see digests()).
        createdAt: new Date(dueAt - 3 * WEEK),
      }),
    );
  }
  const [counted] = await backend.raw<{ a: number | string; c: number | string }>(
    "SELECT (SELECT COUNT(*) FROM assignments) AS a, (SELECT COUNT(*) FROM email_conversations) AS c",
    [],
  );
  if (Number(counted!.a) !== sizes.assignments || Number(counted!.c) !== sizes.conversations) {
    throw new Error(
      `${backend.name}: stored ${counted!.a} assignments and ${counted!.c} conversations, generated ${sizes.assignments} and ${sizes.conversations}`,
    );
  }
  const [a, e] = [sum(times.assignments), sum(times.emails)];
  return {
    workspaces,
    notes: [
      `ingest through ingestEvents, one batch per workspace and kind: ${int(sizes.assignments)} assignments in ${secs(a)} (${rate(perSecond(sizes.assignments, a))}), ` +
        `${int(emailEvents)} email events -> ${int(sizes.conversations)} conversations in ${secs(e)} (${rate(perSecond(emailEvents, e))}); ` +
        `${int(sizes.workspaces * 3)} rules, ${int(sizes.digests)} digests (${collisions} random ids drawn twice, drawn again)`,
    ],
  };
}

// ---------------------------------------------------------------- the baseline

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The baseline's statements, `?` placeholders, timestamps through backend.at. */
function baselineSql(backend: ReportBackend) {
  const at = backend.at;
  const waiting = `workspace_id = ? AND first_response_at IS NULL AND closed_at IS NULL AND started_at >= ${at} AND started_at < ${at}`;
  return {
    rules: "SELECT id, workspace_id, rule FROM alert_rules WHERE paused_at IS NULL ORDER BY workspace_id, id",
    oldest: `SELECT id, customer_name, customer_email, started_at FROM email_conversations WHERE ${waiting} ORDER BY started_at LIMIT 10`,
    waitingCount: `SELECT COUNT(*) AS n FROM email_conversations WHERE ${waiting}`,
    responses: `SELECT first_response_s AS s, first_response_business_s AS bs FROM email_conversations
                WHERE workspace_id = ? AND first_response_at >= ${at} AND first_response_at < ${at} AND first_responder_key IS NOT NULL`,
    sourceCount: `SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ? AND source = ? AND occurred_at >= ${at} AND occurred_at < ${at}`,
  };
}

/**
 * Whether the rule holds, read by hand. The bench's instants are on a weekday afternoon with
 * the default hours (09:00-17:00 UTC): the last 2 hours are all business time, so a business
 * waiting rule's cutoff is the clock's.
 */
async function baselineHolds(backend: ReportBackend, workspaceId: string, c: AlertCondition, now: number): Promise<boolean> {
  const sql = baselineSql(backend);
  const t = backend.atValue;
  switch (c.kind) {
    case "waiting": {
      const params = [workspaceId, t(now - WAITING_HORIZON_MS), t(now - c.thresholdSeconds * 1000)];
      await backend.raw(sql.oldest, params);
      const [row] = await backend.raw<{ n: number | string }>(sql.waitingCount, params);
      return Number(row!.n) > 0;
    }
    case "response-time": {
      const rows = await backend.raw<{ s: number; bs: number }>(sql.responses, [workspaceId, t(now - c.windowSeconds * 1000), t(now)]);
      const values = rows.map((r) => Number(c.clock === "business" ? r.bs : r.s));
      return values.length >= c.minVolume && median(values) > c.thresholdSeconds;
    }
    case "source-change": {
      const counts: number[] = [];
      for (let week = 0; week <= 4; week++) {
        const end = now - week * WEEK;
        const [row] = await backend.raw<{ n: number | string }>(sql.sourceCount, [
          workspaceId,
          c.source,
          t(end - c.windowSeconds * 1000),
          t(end),
        ]);
        counts.push(Number(row!.n));
      }
      const [current, ...weeks] = counts as [number, ...number[]];
      const baseline = median(weeks);
      const change = baseline === 0 ? null : ((current - baseline) / baseline) * 100;
      if (c.direction !== "up") throw new Error("the bench's source rules are spikes");
      return current >= c.minVolume && (change === null || change > c.percent);
    }
  }
}

/** Every active rule's figures by hand, one rule after the other as the tick does; the rules that hold. */
async function baselineTick(backend: ReportBackend, now: number): Promise<Set<string>> {
  const rules = await backend.raw<{ id: string; workspace_id: string; rule: string }>(baselineSql(backend).rules, []);
  const holding = new Set<string>();
  for (const r of rules) {
    const { condition } = JSON.parse(r.rule) as AlertRuleSpec;
    if (await baselineHolds(backend, r.workspace_id, condition, now)) holding.add(r.id);
  }
  return holding;
}

/** The rules a tick found holding: those it opened, updated or notified, and those firing with nothing to post. */
function holdingOf(outcomes: readonly AlertOutcome[]): Set<string> {
  const bad = outcomes.filter((o) => o.status === "failed" || o.status === "paused" || o.status === "taken");
  if (bad.length > 0) throw new Error(`alert tick: ${bad.length} rules ${bad[0]!.status} (e.g. ${bad[0]!.ruleId})`);
  return new Set(outcomes.filter((o) => o.status === "firing" || (o.status === "posted" && o.step !== "resolve")).map((o) => o.ruleId));
}

function sameHolding(backend: string, at: string, path: Set<string>, baseline: Set<string>): void {
  const onlyPath = [...path].filter((id) => !baseline.has(id));
  const onlyBaseline = [...baseline].filter((id) => !path.has(id));
  if (onlyPath.length > 0 || onlyBaseline.length > 0) {
    throw new Error(
      `${backend} ${at}: the tick and the hand-written SQL disagree: holding for the tick only ${onlyPath.slice(0, 5).join(", ")}, ` +
        `for the SQL only ${onlyBaseline.slice(0, 5).join(", ")}`,
    );
  }
}

// ---------------------------------------------------------------- plans

interface Statement {
  sql: string;
  params: readonly Param[];
}

/** The statements `work` sends through the report reader (where every rule reads), in order. */
async function recordReads(db: Database, work: () => Promise<unknown>): Promise<Statement[]> {
  const handles = rawHandles(db);
  const reader = handles.reader;
  const seen: Statement[] = [];
  handles.reader = {
    dialect: reader.dialect,
    query: (sql, params = []) => {
      seen.push({ sql, params });
      return reader.query(sql, params);
    },
  };
  try {
    await work();
  } finally {
    handles.reader = reader;
  }
  return seen;
}

const BIG_TABLES = ["email_conversations", "assignments"];
const NOT_ALIASES = new Set(["where", "on", "join", "group", "order", "limit", "left", "inner", "cross", "union"]);

/** The names a statement gives the big tables (the table's own, and aliases). */
function bigTableNames(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of sql.matchAll(/\b(?:FROM|JOIN)\s+(email_conversations|assignments)\b(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    names.add(match[1]!.toLowerCase());
    if (match[2] && !NOT_ALIASES.has(match[2].toLowerCase())) names.add(match[2].toLowerCase());
  }
  return names;
}

/** Throws unless every read of a big table in the plan is an index range read. */
function checkPlan(dialect: "SQLite" | "PostgreSQL", what: string, sql: string, plan: readonly string[]): void {
  const fail = (why: string) => {
    throw new Error(`${dialect} ${what}: ${why}\n  ${sql.replace(/\s+/g, " ")}\n  ${plan.join("\n  ")}`);
  };
  if (dialect === "SQLite") {
    const names = bigTableNames(sql);
    const subject = (line: string) => /^(?:SCAN|SEARCH) (\w+)/.exec(line.trim())?.[1]?.toLowerCase();
    const scans = plan.filter((line) => line.trim().startsWith("SCAN ") && names.has(subject(line) ?? ""));
    if (scans.length > 0) fail(`full scan: ${scans.join("; ")}`);
    if (!plan.some((line) => /^SEARCH \w+ USING (COVERING )?INDEX/.test(line.trim()) && names.has(subject(line) ?? "")))
      fail("no index range read");
  } else {
    const seq = plan.filter((line) => new RegExp(`Seq Scan on (${BIG_TABLES.join("|")})\\b`).test(line));
    if (seq.length > 0) fail(`sequential scan: ${seq.map((l) => l.trim()).join("; ")}`);
    const indexed = new RegExp(
      `(Index (Only )?Scan( Backward)? using \\S+ on (${BIG_TABLES.join("|")})\\b|Bitmap Heap Scan on (${BIG_TABLES.join("|")})\\b)`,
    );
    if (!plan.some((line) => indexed.test(line))) fail("no index read");
  }
}

/** The plan's lines that say how the tables are read (PostgreSQL's ANALYZE lines shortened). */
function planSummary(plan: readonly string[]): string[] {
  return plan
    .filter((line) => !/^\s*(Planning|Execution|Buffers|Heap Fetches|Rows Removed|Sort Method|Worker|Memory)/.test(line.trim()))
    .map((line) =>
      line
        .replace(/\s*\(cost=[^)]*\)/, "")
        .replace(/\(actual time=[\d.]+\.\.[\d.]+ /, "(")
        .trimEnd(),
    );
}

/**
 * EXPLAIN of each kind of rule's statements as the tick sends them (recorded from
 * evaluateAlertRule on a workspace where the rule holds), and of the baseline's; throws on a full scan.
 */
async function explainRules(backend: ReportBackend, workspaces: AlertWorkspace[], now: number): Promise<string[]> {
  const rules = await activeAlertRules(backend.db);
  const lines = ["EXPLAIN of each rule's statements (recorded from evaluateAlertRule on a workspace where it holds):"];
  const kinds: [AlertCondition["kind"], (w: AlertWorkspace) => boolean][] = [
    ["waiting", (w) => w.hot.waiting],
    ["response-time", (w) => w.hot.response],
    ["source-change", (w) => w.hot.source],
  ];
  for (const [kind, hot] of kinds) {
    const w = workspaces.find(hot) ?? workspaces[0]!;
    const rule = rules.find((r) => r.workspaceId === w.id && r.spec.condition.kind === kind)!;
    const context = await loadReportContext(backend.db, w.id, now);
    const statements = await recordReads(backend.db, () => evaluateAlertRule(context, rule.spec));
    const distinct = [...new Map(statements.map((s) => [s.sql, s])).values()];
    lines.push(
      `  ${kind} rule (${Object.values(w.rules).find((t) => spec(t).condition.kind === kind)}): ${statements.length} statements, ${distinct.length} distinct`,
    );
    for (const s of distinct) {
      const plan = await backend.explain(s.sql, s.params);
      checkPlan(backend.name, `${kind} rule`, s.sql, plan);
      lines.push(`    ${s.sql.replace(/\s+/g, " ").slice(0, 150)}${s.sql.length > 150 ? "..." : ""}`);
      for (const line of planSummary(plan)) lines.push(`      ${line}`);
    }
  }
  // The baseline's statements must be index reads too, or it is no floor.
  const sql = baselineSql(backend);
  const t = backend.atValue;
  const w = workspaces[0]!;
  const baselinePlans: [string, string, Param[]][] = [
    ["oldest", sql.oldest, [w.id, t(now - WAITING_HORIZON_MS), t(now - 2 * HOUR)]],
    ["waiting count", sql.waitingCount, [w.id, t(now - WAITING_HORIZON_MS), t(now - 2 * HOUR)]],
    ["responses", sql.responses, [w.id, t(now - 4 * HOUR), t(now)]],
    ["source count", sql.sourceCount, [w.id, w.watched, t(now - DAY), t(now)]],
  ];
  const summary: string[] = [];
  for (const [what, text, params] of baselinePlans) {
    const plan = await backend.explain(text, params);
    checkPlan(backend.name, `baseline ${what}`, text, plan);
    summary.push(
      `${what}: ${planSummary(plan)
        .find((l) => /SEARCH|Index|Bitmap Heap/.test(l))
        ?.trim()}`,
    );
  }
  lines.push(`  baseline statements, all index range reads: ${summary.join("; ")}`);
  return lines;
}

// ---------------------------------------------------------------- the ticks

function webClient(fake: FakeSlack): webApi.WebClient {
  // The app's client options (its counting fetch), pointed at the fake; the client's own
  // "will retry" lines for each 429 kept out of the bench's output.
  return new webApi.WebClient("xoxb-bench", { ...webClientOptions(readConfig({ SLACK_API_URL: fake.apiUrl })), logLevel: LogLevel.ERROR });
}

async function ticks(backend: ReportBackend, workspaces: AlertWorkspace[], tickAt: number): Promise<{ rows: TableRow[]; notes: string[] }> {
  const fake = await startFakeSlack();
  const warnings: string[] = [];
  const log = createLogger("warn", (line) => void warnings.push(line));
  const poster = slackAlertPoster(webClient(fake), log);
  // The app's options (a few workspaces at once: src/alerts/concurrent-workspaces.ts); one at a time for the comparison.
  const options = { ...alertOptions(), instance: "bench-tick" };
  const oneAtATime = { ...options, workspacesAtOnce: 1 };
  const notes: string[] = [];
  try {
    const tick = (now: number, o = options) => timed(() => runAlerts(backend.db, poster, log, now, o));
    const base = (now: number) => timed(() => baselineTick(backend, now));
    const planned =
      workspaces.filter((w) => w.hot.waiting).length +
      workspaces.filter((w) => w.hot.response).length +
      workspaces.filter((w) => w.hot.source).length;

    const first = await tick(tickAt);
    const firstBase = await base(tickAt);
    sameHolding(backend.name, "first tick", holdingOf(first.value), firstBase.value);
    const opened = first.value.filter((o) => o.status === "posted" && o.step === "open").length;
    notes.push(
      `first tick: ${int(first.value.length)} rules, ${opened} episodes opened (${planned} made to hold by the traffic), ` +
        `${fake.callsTo("chat.postMessage").length} chat.postMessage to the fake Slack; the same rules hold by the hand-written SQL`,
    );

    const path: number[] = [];
    const sequential: number[] = [];
    const baseline: number[] = [];
    const steps = new Map<string, number>();
    for (let i = 1; i <= TICKS; i++) {
      const now = tickAt + i * MINUTE;
      // Each minute: the tick as the app runs it, the baseline at the same instant, and the
      // tick one workspace at a time 30 s later (first every other minute: whichever runs
      // first in a 5-minute slot posts the slot's updates).
      const unhurried = async () => sequential.push((await tick(now + 30_000, oneAtATime)).ms);
      if (i % 2 === 0) await unhurried();
      const one = await tick(now);
      const two = await base(now);
      if (i % 2 === 1) await unhurried();
      sameHolding(backend.name, `tick ${i + 1}`, holdingOf(one.value), two.value);
      path.push(one.ms);
      baseline.push(two.ms);
      for (const o of one.value) if (o.status === "posted") steps.set(o.step!, (steps.get(o.step!) ?? 0) + 1);
    }
    notes.push(
      `${TICKS} more ticks a minute apart, each followed by the baseline at the same instant, and a tick one workspace at a time ` +
        `30 s later; the same rules hold for the tick and the baseline in each. ` +
        `The ticks' posts: ${[...steps].map(([k, n]) => `${n} ${k}`).join(", ") || "none"} (an open message is updated at most every 5 minutes)`,
    );
    const rateLimited = fake.calls.filter((c) => c.error === "ratelimited").length;
    if (warnings.length > 0 || rateLimited > 0)
      notes.push(`warnings logged: ${warnings.length} (${warnings[0] ?? ""}); 429s: ${rateLimited}`);
    const label = `${backend.name}: alert tick, ${int(first.value.length)} rules in ${int(workspaces.length)} workspaces`;
    const rows = [
      {
        what: `${label}, first tick (opens ${opened})`,
        figure: ms(first.ms),
        baseline: `${ms(firstBase.ms)} (hand-written SQL, ${backend.rawLabel})`,
        ratio: slower(first.ms / firstBase.ms),
        target: `<= ${TICK_TARGET_MS} ms`,
        checks: [{ label: `first tick <= ${TICK_TARGET_MS} ms`, ok: first.ms <= TICK_TARGET_MS }],
      },
      latencyRow(`${label}, next ${TICKS} ticks`, latencyOf(path), latencyOf(baseline), `hand-written SQL, ${backend.rawLabel}`, {
        maxMs: TICK_TARGET_MS,
      }),
      latencyRow(
        `${label}, ${options.workspacesAtOnce} workspaces at once vs 1`,
        latencyOf(path),
        latencyOf(sequential),
        "one at a time, same ticks 30 s later",
      ),
    ];
    if (latencyOf(path).p95 > TICK_TARGET_MS || latencyOf(sequential).p95 > TICK_TARGET_MS || process.env.BENCH_DIAGNOSE === "1")
      notes.push(...(await profileTick(backend, workspaces, tickAt + (TICKS + 1) * MINUTE)));
    return { rows, notes };
  } finally {
    await fake.close();
  }
}

/** Where a tick's time goes: each of its parts run alone over every workspace, one at a time (3 runs each). */
async function profileTick(backend: ReportBackend, workspaces: AlertWorkspace[], now: number): Promise<string[]> {
  const { db } = backend;
  const rules = await activeAlertRules(db);
  const byKind = (kind: AlertCondition["kind"]) => rules.filter((r) => r.spec.condition.kind === kind);
  const evaluateAll = (list: AlertRule[]) => async () => {
    for (const r of list) await evaluateAlertRule(await loadReportContext(db, r.workspaceId, now), r.spec);
  };
  const phases: [string, () => Promise<unknown>][] = [
    ["active rules and latest episodes", () => Promise.all([activeAlertRules(db), latestEpisodes(db)])],
    [
      `loadReportContext x ${workspaces.length}`,
      async () => {
        for (const w of workspaces) await loadReportContext(db, w.id, now);
      },
    ],
    ["contexts + waiting rules", evaluateAll(byKind("waiting"))],
    ["contexts + first-response rules", evaluateAll(byKind("response-time"))],
    ["contexts + source-change rules", evaluateAll(byKind("source-change"))],
  ];
  const lines = ["where a tick's time goes (each part alone over every workspace, p50 of 3):"];
  for (const [label, work] of phases) lines.push(`    ${label}: ${percentiles(await sample(3, 0, work), [50])}`);
  return lines;
}

// ---------------------------------------------------------------- digests

interface DigestRound {
  label: string;
  dueAt: number;
  /** Each replica's run of its own list: runDueDigests, or runSubscriptions over a list it loads. */
  run: (db: Database, poster: DigestPoster, log: Logger, options: DigestRunnerOptions) => Promise<RunOutcome[]>;
  /** The subscriptions this round posts (for the checks and the reports-alone baseline). */
  subscriptions: Subscription[];
  /** The round the 5-minute target is for (the others compare the order). */
  targeted: boolean;
}

/** One round: 2 replicas at once on a fresh fake Slack (1 post per second per channel); its table row and note. */
async function digestRound(
  backend: ReportBackend,
  other: Database,
  round: DigestRound,
): Promise<{ row: TableRow; note: string; ms: number }> {
  const fake = await startFakeSlack({ postsPerChannelPerSecond: 1 });
  const warnings: string[] = [];
  const log = createLogger("warn", (line) => void warnings.push(line));
  const config = readConfig({});
  try {
    // The floor of our own work: the round's reports built one after the other, nothing posted.
    const build = await timed(async () => {
      for (const s of round.subscriptions) await digestReports(backend.db, dueRun(s, round.dueAt), round.dueAt);
    });
    const replicas: [Database, string][] = [
      [backend.db, "replica-a"],
      [other, "replica-b"],
    ];
    const run = await timed(() =>
      Promise.all(
        replicas.map(([db, instance]) =>
          round.run(db, slackDigestPoster(webClient(fake), config, log), log, { ...digestOptions(config), instance }),
        ),
      ),
    );
    const posts = new Map<string, number>();
    for (const call of fake.callsTo("chat.postMessage")) {
      if (call.error) continue;
      const payload = (call.args.metadata as { event_payload?: { subscription_id?: string } } | undefined)?.event_payload;
      posts.set(String(payload?.subscription_id), (posts.get(String(payload?.subscription_id)) ?? 0) + 1);
    }
    const lost = round.subscriptions.filter((s) => !posts.has(s.id)).length;
    const doubled = round.subscriptions.filter((s) => (posts.get(s.id) ?? 0) > 1).length;
    const strays = [...posts.keys()].filter((id) => !round.subscriptions.some((s) => s.id === id)).length;
    const rateLimited = fake.calls.filter((c) => c.error === "ratelimited").length;
    const byReplica = run.value.map((list, i) => {
      const counts = new Map<string, number>();
      for (const o of list) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
      return `${replicas[i]![1]} ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`;
    });
    const channels = new Set(round.subscriptions.map((s) => s.channelId)).size;
    const count = round.subscriptions.length;
    return {
      row: {
        what: `${backend.name}: ${int(count)} digests due at once in ${int(channels)} channels, 2 replicas, ${round.label}`,
        figure: `${secs(run.ms)}, ${int(rateLimited)} x 429, lost ${lost}, doubled ${doubled}`,
        baseline: `${secs(build.ms)} (their reports alone, one replica, no Slack)`,
        ratio: slower(run.ms / build.ms),
        target: `${round.targeted ? `<= ${DIGEST_TARGET_MS / 60_000} min, ` : ""}none lost or doubled`,
        checks: [
          ...(round.targeted ? [{ label: `<= ${DIGEST_TARGET_MS / 60_000} min`, ok: run.ms <= DIGEST_TARGET_MS }] : []),
          { label: "none lost", ok: lost === 0 },
          { label: "none doubled", ok: doubled === 0 && strays === 0 },
        ],
      },
      ms: run.ms,
      note:
        `digests, ${round.label} (due ${new Date(round.dueAt).toISOString().slice(0, 16)}): ${byReplica.join("; ")}; ` +
        `${fake.callsTo("chat.postMessage").length} chat.postMessage calls, ${int(rateLimited)} answered 429 (Retry-After 1 s); ` +
        `${(run.ms / count / 1000).toFixed(3)} s a digest; ${warnings.length} warnings logged${warnings[0] ? ` (${warnings[0].trim()})` : ""}`,
    };
  } finally {
    await fake.close();
  }
}

/**
 * The digests, on a second handle for the second replica: the first UNSPREAD subscriptions'
 * channels twice (in the order stored, then interleaved by channel: the runner's order, with
 * and without, on the same digests), each at its own past Monday so that each round has its own
 * periods; then every digest through runDueDigests at the latest Monday.
 */
async function digests(backend: ReportBackend, sizes: Sizes, dueAt: number): Promise<{ rows: TableRow[]; notes: string[] }> {
  const other = await openDatabase(backend.url);
  try {
    const all = await activeSubscriptions(backend.db);
    const subsetChannels = new Set(all.slice(0, sizes.unspread).map((s) => s.channelId));
    const inSubset = (list: Subscription[]) => list.filter((s) => subsetChannels.has(s.channelId));
    const subset = inSubset(all);
    const rounds: DigestRound[] = [
      {
        label: "in the order stored (without interleaving)",
        dueAt: dueAt - 2 * WEEK,
        subscriptions: subset,
        targeted: false,
        run: async (db, poster, log, options) =>
          runSubscriptions(db, poster, log, inSubset(await activeSubscriptions(db)), dueAt - 2 * WEEK, options),
      },
      {
        label: "interleaved by channel",
        dueAt: dueAt - WEEK,
        subscriptions: subset,
        targeted: false,
        run: async (db, poster, log, options) =>
          runSubscriptions(db, poster, log, interleaveByChannel(inSubset(await activeSubscriptions(db))), dueAt - WEEK, options),
      },
      {
        label: "runDueDigests (interleaved)",
        dueAt,
        subscriptions: all,
        targeted: true,
        run: (db, poster, log, options) => runDueDigests(db, poster, log, dueAt, options),
      },
    ];
    const rows: TableRow[] = [];
    const notes: string[] = [];
    const perDigest: number[] = [];
    for (const round of rounds) {
      const { row, note, ms } = await digestRound(backend, other, round);
      rows.push(row);
      notes.push(note);
      perDigest.push(ms / round.subscriptions.length);
    }
    notes.push(
      `digests: at the pace of the order stored (${(perDigest[0]! / 1000).toFixed(2)} s a digest), the ${int(all.length)} would take ` +
        `~${((perDigest[0]! * all.length) / 60_000).toFixed(0)} min; interleaved, the same digests took ${times(perDigest[0]! / perDigest[1]!)} less time`,
    );
    const [ledger] = await backend.raw<{ n: number | string }>("SELECT COUNT(*) AS n FROM digest_runs WHERE status = 'posted'", []);
    notes.push(
      `digests: ${ledger!.n} runs posted in the ledger over the 3 rounds; the fake takes 1 post per second per channel, ` +
        `${DIGESTS_PER_CHANNEL} digests per channel (floor ${DIGESTS_PER_CHANNEL - 1} s)`,
    );
    return { rows, notes };
  } finally {
    await other.close();
  }
}

// ---------------------------------------------------------------- run

async function runOn(backend: ReportBackend | string, sizes: Sizes): Promise<BenchResult> {
  if (typeof backend === "string") return { rows: [], notes: [backend] };
  try {
    // A weekday afternoon (inside the default business hours) and a Monday 09:00 UTC, both past.
    const tickAt = latestAt(Date.now() - MINUTE, 14, (d) => d >= 1 && d <= 5);
    const dueAt = latestAt(Date.now(), 9, (d) => d === 1);
    const notes = [
      `tick at ${new Date(tickAt).toISOString()}, traffic over the ${SPAN_MS / DAY} days before; digests due ${new Date(dueAt).toISOString()}`,
    ];
    const loaded = await load(backend, sizes, tickAt, dueAt);
    notes.push(...loaded.notes);
    await backend.settle(["assignments", "email_conversations", "alert_rules", "digest_subscriptions", "workspaces"]);
    notes.push(...(await explainRules(backend, loaded.workspaces, tickAt)));
    const alerts = await ticks(backend, loaded.workspaces, tickAt);
    const digest = await digests(backend, sizes, dueAt);
    return {
      rows: [...alerts.rows, ...digest.rows],
      notes: [...notes, ...alerts.notes, ...digest.notes].map((n) => `${backend.name}: ${n}`),
    };
  } finally {
    await backend.close();
  }
}

export async function run(): Promise<BenchResult> {
  const assignments = benchSize(2_000_000);
  const conversations = Math.round(assignments / 4);
  const workspaces = envInt("BENCH_WORKSPACES", Math.min(1_000, Math.floor(assignments / MIN_PER_WORKSPACE.assignments)));
  if (assignments / workspaces < MIN_PER_WORKSPACE.assignments || conversations / workspaces < MIN_PER_WORKSPACE.conversations) {
    throw new Error(
      `BENCH_WORKSPACES=${workspaces} leaves fewer than ${MIN_PER_WORKSPACE.assignments} assignments or ${MIN_PER_WORKSPACE.conversations} conversations per workspace: raise BENCH_EVENTS or lower BENCH_WORKSPACES`,
    );
  }
  const digests = envInt("BENCH_DIGESTS", workspaces);
  const sizes: Sizes = { workspaces, assignments, conversations, digests, unspread: Math.min(digests, envInt("BENCH_UNSPREAD", 100)) };
  const sqlite = await runOn(await sqliteReportBackend("alerts"), sizes);
  const postgres = await runOn(await postgresReportBackend("alerts"), sizes);
  return { rows: [...sqlite.rows, ...postgres.rows], notes: [...sqlite.notes, ...postgres.notes] };
}
