// Alert episodes end to end (src/alerts/alert-runner.ts) against the fake Slack Web API, on
// the real database, with an injectable clock: fire once, update in place, re-notify after
// the cooldown only when worse, resolve; exactly once across replicas and crashes; 429s and
// channel errors; customer names escaped.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAlerts, type AlertRunnerOptions } from "../../src/alerts/alert-runner.ts";
import type { AlertCondition } from "../../src/domain/alert-rules.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/log.ts";
import { slackAlertPoster } from "../../src/slack/alert-poster.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import { createAlertRule, latestEpisodes, listAlertRules, markEpisode, type AlertRule } from "../../src/store/workspace/alerts.ts";
import { claim } from "../../src/store/workspace/ledger.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { received, replied } from "../support/events.ts";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";

let db: TestDatabase;
let fake: FakeSlack;
let logs: string[];
const log = createLogger("info", (line) => void logs.push(line));
const MIN = 60_000;
const H = 3600;
let counter = 0;

const options = (instance = "test-a"): AlertRunnerOptions => ({ leaseMs: 15 * MIN, maxAttempts: 3, instance });

function poster(retries = 0) {
  const client = new webApi.WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries, minTimeout: 10, maxTimeout: 50 } });
  return slackAlertPoster(client, log);
}

/** A workspace of its own per test (UTC, default hours) with one rule: customers waiting longer than 1 h, clock time. */
async function rule(condition: AlertCondition = { kind: "waiting", thresholdSeconds: H, clock: "any-time" }, cooldownSeconds = H) {
  const workspaceId = `TALR${++counter}`;
  return createAlertRule(db, {
    workspaceId,
    channelId: `C0ALERT${counter}`,
    spec: { condition, cooldownSeconds },
    createdBy: "UCREATOR",
    now: Date.parse("2026-11-01T00:00:00Z"),
  });
}

async function tick(r: AlertRule, at: string, database: Database = db, instance = "test-a", slack = poster()) {
  const outcomes = await runAlerts(database, slack, log, Date.parse(at), options(instance));
  return outcomes.find((o) => o.ruleId === r.id)!;
}

const posts = (r: AlertRule) => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === r.channelId && !c.error);
const firstPosts = (r: AlertRule) => posts(r).filter((c) => c.args.thread_ts === undefined);
const replies = (r: AlertRule) => posts(r).filter((c) => c.args.thread_ts !== undefined);
const updates = (r: AlertRule) => fake.callsTo("chat.update").filter((c) => c.args.channel === r.channelId && !c.error);

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
  await db.destroy();
});
beforeEach(() => {
  fake.reset();
  logs = [];
});

describe("an alert's episode", () => {
  it("fires once, updates in place, notifies again only after the cooldown and when worse, then resolves", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [
      received("e1", "zoe", "2026-11-24T08:00:00Z", "Zoé <!channel> *VIP*"),
      received("e2", "max", "2026-11-24T08:30:00Z"),
    ]);
    expect(await tick(r, "2026-11-24T09:00:00Z")).toMatchObject({ status: "quiet" });
    expect(await tick(r, "2026-11-24T09:01:00Z")).toMatchObject({ status: "posted", step: "open" });
    const [first] = firstPosts(r);
    expect(first!.args.text).toBe("1 customer has waited more than 1 h for a first reply; longest 1 h 1 min.");
    expect(first!.args.metadata).toMatchObject({
      event_type: "inbox_pulse_alert",
      event_payload: { rule_id: r.id, episode: 1, step: "open" },
    });
    // The customer's name is text, never markup: no @channel ping, no bold.
    const blocks = JSON.stringify(first!.args.blocks);
    expect(blocks).toContain("Zoé &lt;!channel&gt; ∗VIP∗");
    expect(blocks).not.toContain("<!channel>");

    // Within 5 minutes: nothing; then the same message is updated, no new post.
    expect(await tick(r, "2026-11-24T09:04:00Z")).toMatchObject({ status: "firing" });
    expect(await tick(r, "2026-11-24T09:06:00Z")).toMatchObject({ status: "posted", step: "update" });
    expect(updates(r)).toHaveLength(1);
    expect(updates(r)[0]!.args.ts).toBe((await latestEpisodes(db, r.workspaceId)).get(r.id)!.messageTs);
    expect(String(updates(r)[0]!.args.text)).toBe("1 customer has waited more than 1 h for a first reply; longest 1 h 6 min.");
    // Before the cooldown: updates only. After it, worse: a thread reply.
    await tick(r, "2026-11-24T09:30:00Z");
    expect(replies(r)).toHaveLength(0);
    expect(await tick(r, "2026-11-24T10:01:00Z")).toMatchObject({ status: "posted", step: "notify" });
    expect(replies(r).map((c) => String(c.args.text))).toEqual([
      ":rotating_light: Worse: 2 customers have waited more than 1 h for a first reply; longest 2 h 1 min.",
    ]);

    // Both answered: resolved, in place and in the thread.
    await ingestEvents(db, r.workspaceId, [
      replied("e3", "zoe", "2026-11-24T10:10:00Z", { name: "Fox" }),
      replied("e4", "max", "2026-11-24T10:11:00Z", { name: "Fox" }),
    ]);
    expect(await tick(r, "2026-11-24T10:12:00Z")).toMatchObject({ status: "posted", step: "resolve" });
    expect(String(updates(r).at(-1)!.args.text)).toMatch(/^Resolved at 10:12, lasted 1 h 11 min: No customer/);
    expect(String(replies(r).at(-1)!.args.text)).toBe(":white_check_mark: Resolved at 10:12, lasted 1 h 11 min.");
    expect((await latestEpisodes(db, r.workspaceId)).get(r.id)).toMatchObject({
      episode: 1,
      notifications: 2,
      endedAt: Date.parse("2026-11-24T10:12:00Z"),
    });

    // The next time it holds is a new episode, with a new message.
    await ingestEvents(db, r.workspaceId, [received("e5", "ada", "2026-11-24T11:00:00Z")]);
    expect(await tick(r, "2026-11-24T12:01:00Z")).toMatchObject({ status: "posted", step: "open" });
    expect(firstPosts(r)).toHaveLength(2);
    expect(firstPosts(r)[1]!.args.metadata).toMatchObject({ event_payload: { episode: 2, step: "open" } });
  });

  it("fires once however many ticks see it hold (the test that fails when a rule fires twice)", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("f1", "fay", "2026-11-24T08:00:00Z")]);
    for (let minute = 0; minute < 180; minute += 1) {
      await tick(r, new Date(Date.parse("2026-11-24T09:01:00Z") + minute * MIN).toISOString());
    }
    expect(firstPosts(r)).toHaveLength(1);
    // Worse every minute, but one reply per hour of cooldown: at 10:01 and 11:01.
    expect(replies(r)).toHaveLength(2);
    // At most one update per 5 minutes; the ledger keeps the latest update's slot only.
    expect(updates(r).length).toBeLessThanOrEqual(36);
    const steps = await db.raw.sql.query<{ step: string }>("SELECT step FROM alert_steps WHERE rule_id = ? ORDER BY step", [r.id]);
    expect(steps.map((s) => s.step.replace(/\d+$/, "N"))).toEqual(["notify:N", "notify:N", "open", "update:N"]);
  });

  it("acknowledged: no more notifications this episode; snoozed: none until the snooze ends", async () => {
    const acked = await rule();
    await ingestEvents(db, acked.workspaceId, [received("g1", "gus", "2026-11-24T08:00:00Z")]);
    await tick(acked, "2026-11-24T09:01:00Z");
    expect(
      await markEpisode(
        db,
        { workspaceId: acked.workspaceId, ruleId: acked.id, episode: 1 },
        { acknowledgedBy: "UMGR", now: Date.parse("2026-11-24T09:02:00Z") },
      ),
    ).toBe(true);
    await tick(acked, "2026-11-24T12:00:00Z");
    expect(replies(acked)).toHaveLength(0);
    expect(String(updates(acked).at(-1)!.args.blocks && JSON.stringify(updates(acked).at(-1)!.args.blocks))).toContain(
      "acknowledged by <@UMGR>",
    );

    const snoozed = await rule();
    await ingestEvents(db, snoozed.workspaceId, [received("s1", "sam", "2026-11-24T08:00:00Z")]);
    await tick(snoozed, "2026-11-24T09:01:00Z");
    await markEpisode(
      db,
      { workspaceId: snoozed.workspaceId, ruleId: snoozed.id, episode: 1 },
      { snoozedUntil: Date.parse("2026-11-24T13:00:00Z") },
    );
    await tick(snoozed, "2026-11-24T11:00:00Z");
    expect(replies(snoozed)).toHaveLength(0);
    expect(await tick(snoozed, "2026-11-24T13:00:00Z")).toMatchObject({ step: "notify" });
    expect(replies(snoozed)).toHaveLength(1);
  });
});

describe("exactly once", () => {
  it("two replicas sharing the database post once", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("r1", "rex", "2026-11-24T08:00:00Z")]);
    const other = await openDatabase(db.url);
    try {
      const outcomes = await Promise.all([
        tick(r, "2026-11-24T09:01:00Z", db, "replica-a"),
        tick(r, "2026-11-24T09:01:00Z", other, "replica-b"),
        tick(r, "2026-11-24T09:01:30Z", other, "replica-b"),
      ]);
      expect(outcomes.filter((o) => o.status === "posted")).toHaveLength(1);
      expect(firstPosts(r)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("a replica killed between claim and post: the step is taken over after the lease, posted once", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("k1", "kim", "2026-11-24T08:00:00Z")]);
    const now = Date.parse("2026-11-24T09:01:00Z");
    await claim(
      db,
      "alert_steps",
      { rule_id: r.id, episode: 1, step: "open" },
      { workspaceId: r.workspaceId, now, instance: "killed", leaseMs: 15 * MIN, maxAttempts: 3 },
    );
    expect(await tick(r, "2026-11-24T09:10:00Z")).toMatchObject({ status: "taken" });
    expect(firstPosts(r)).toHaveLength(0);
    expect(await tick(r, "2026-11-24T09:17:00Z")).toMatchObject({ status: "posted", step: "open" });
    expect(firstPosts(r)).toHaveLength(1);
  });

  it("a replica killed after posting, before recording: the retry finds its message and posts nothing", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("p1", "pia", "2026-11-24T08:00:00Z")]);
    await tick(r, "2026-11-24T09:01:00Z");
    // Forget the outcome and the episode, as if the process had died right after chat.postMessage.
    await db.raw.sql.run("UPDATE alert_steps SET status = 'claimed', finished_at = NULL WHERE rule_id = ?", [r.id]);
    await db.raw.sql.run("DELETE FROM alert_episodes WHERE rule_id = ?", [r.id]);
    expect(await tick(r, "2026-11-24T09:20:00Z")).toMatchObject({ status: "posted", step: "open" });
    expect(firstPosts(r)).toHaveLength(1);
    // The episode keeps the message found, which later steps update.
    await tick(r, "2026-11-24T09:26:00Z");
    expect(updates(r).map((u) => u.args.ts)).toEqual([(await latestEpisodes(db, r.workspaceId)).get(r.id)!.messageTs]);
    expect(updates(r)[0]!.args.ts).toMatch(/^\d+\.\d+$/);
  });

  it("after downtime, only the current state: no burst of stale alerts", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [
      received("o1", "oli", "2026-11-24T08:00:00Z"),
      replied("o2", "oli", "2026-11-24T09:30:00Z", { name: "Fox" }),
    ]);
    // Down from 08:00 to 10:00: the customer waited 1 h 30 min meanwhile, but is answered now.
    expect(await tick(r, "2026-11-24T10:00:00Z")).toMatchObject({ status: "quiet" });
    expect(posts(r)).toHaveLength(0);
  });
});

describe("a tick over many workspaces", () => {
  it("evaluates a few workspaces at once: each rule once, outcomes in the rules' order, one post per rule that holds", async () => {
    const rules: AlertRule[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await rule();
      rules.push(r);
      // Every other workspace has a customer waiting since 08:00.
      if (i % 2 === 0) await ingestEvents(db, r.workspaceId, [received(`m${i}`, `many${i}`, "2026-11-25T08:00:00Z")]);
    }
    const outcomes = await runAlerts(db, poster(), log, Date.parse("2026-11-25T09:05:00Z"), { ...options(), workspacesAtOnce: 4 });
    const mine = outcomes.filter((o) => rules.some((r) => r.id === o.ruleId));
    // As the rules are read: workspace by workspace (one rule each here).
    const expected = [...rules].sort((a, b) => (a.workspaceId < b.workspaceId ? -1 : a.workspaceId > b.workspaceId ? 1 : 0));
    expect(mine.map((o) => o.ruleId)).toEqual(expected.map((r) => r.id));
    expect(mine.map((o) => o.status)).toEqual(expected.map((r) => (rules.indexOf(r) % 2 === 0 ? "posted" : "quiet")));
    for (const [i, r] of rules.entries()) expect(firstPosts(r)).toHaveLength(i % 2 === 0 ? 1 : 0);
    expect(new Set(outcomes.map((o) => o.ruleId)).size).toBe(outcomes.length);
  });
});

describe("Slack's answers", () => {
  it("waits out a 429 and posts", async () => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("q1", "quinn", "2026-11-24T08:00:00Z")]);
    fake.rateLimitNext("chat.postMessage", 1);
    const started = Date.now();
    expect(await tick(r, "2026-11-24T09:01:00Z", db, "test-a", poster(1))).toMatchObject({ status: "posted" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(firstPosts(r)).toHaveLength(1);
  });

  it.each(["channel_not_found", "not_in_channel", "is_archived"])("pauses the rule on %s and tells its creator", async (error) => {
    const r = await rule();
    await ingestEvents(db, r.workspaceId, [received("c1", "cy", "2026-11-24T08:00:00Z")]);
    fake.failNext("chat.postMessage", { error });
    expect(await tick(r, "2026-11-24T09:01:00Z")).toMatchObject({ status: "paused" });
    expect((await listAlertRules(db, r.workspaceId))[0]).toMatchObject({ pausedReason: error });
    expect(fake.callsTo("conversations.open")[0]!.args.users).toBe("UCREATOR");
    const dm = fake.callsTo("chat.postMessage").find((c) => String(c.args.channel).startsWith("D"));
    expect(String(dm!.args.text)).toContain(`/pulse alert resume ${r.id}`);
    // Paused rules are not evaluated.
    const outcomes = await runAlerts(db, poster(), log, Date.parse("2026-11-24T09:30:00Z"), options());
    expect(outcomes.find((o) => o.ruleId === r.id)).toBeUndefined();
  });
});
