// Scheduled digests: exactly once per (subscription, period) across replicas, crashes and
// downtime, with an injectable clock, against the fake Slack Web API.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.ts";
import { parseDigestSchedule } from "../../src/domain/digest-schedule.ts";
import { runDueDigests, type DigestRunnerOptions } from "../../src/digests/digest-runner.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/log.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import {
  claimRun,
  CREATED_BY_CLI,
  createSubscription,
  lastRuns,
  listSubscriptions,
  type Subscription,
} from "../../src/store/workspace/digests.ts";
import { slackDigestPoster } from "../../src/slack/digest-poster.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";

let db: TestDatabase;
let fake: FakeSlack;
let logs: string[];
const log = createLogger("info", (line) => void logs.push(line));
const HOUR = 3_600_000;
let counter = 0;

const options = (instance = "test-a"): DigestRunnerOptions => ({ graceMs: 24 * HOUR, leaseMs: 15 * 60_000, maxAttempts: 3, instance });

function poster(retries = 0) {
  const client = new webApi.WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries, minTimeout: 10, maxTimeout: 50 } });
  return slackDigestPoster(client, readConfig({}), log);
}

/** A workspace of its own per test, so that each sees only its subscriptions. */
async function subscribe(
  words: string[],
  zone: string,
  createdAt: string,
  report: "assignments" | "agent-performance" = "assignments",
  createdBy = "UCREATOR",
): Promise<Subscription> {
  const workspaceId = `TDIG${++counter}`;
  const parsed = parseDigestSchedule(words, zone);
  if (!parsed.ok) throw new Error(parsed.error);
  return createSubscription(db, {
    workspaceId,
    channelId: `C0DIGEST${counter}`,
    report,
    schedule: JSON.stringify(parsed.schedule),
    createdBy,
    createdAt: new Date(createdAt),
  });
}

async function run(subscription: Subscription, at: string, database: Database = db, instance = "test-a") {
  const outcomes = await runDueDigests(database, poster(), log, Date.parse(at), options(instance));
  return outcomes.find((o) => o.subscriptionId === subscription.id)!;
}

const postsTo = (s: Subscription) => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === s.channelId && !c.error);

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

describe("digest runs", () => {
  it("posts at the due time with the last full week and the change, then never again for that week", async () => {
    const s = await subscribe(["weekly", "mon", "09:00"], "Europe/Paris", "2026-11-01T00:00:00Z");
    await ingestEvents(db, s.workspaceId, [
      assignment({ occurredAt: "2026-11-18T10:00:00Z" }),
      assignment({ occurredAt: "2026-11-19T10:00:00Z" }),
      assignment({ occurredAt: "2026-11-11T10:00:00Z" }),
    ]);
    expect((await run(s, "2026-11-23T07:59:00Z")).periodKey).toBe("2026-11-09..2026-11-15");
    fake.reset();
    // 09:00 in Paris is 08:00Z in November.
    expect(await run(s, "2026-11-23T08:00:00Z")).toMatchObject({ status: "posted", periodKey: "2026-11-16..2026-11-22" });
    const [post] = postsTo(s);
    expect(JSON.stringify(post!.args.blocks)).toMatch(/16.*22 Nov 2026/);
    expect(post!.args.metadata).toMatchObject({
      event_type: "inbox_pulse_digest",
      event_payload: { subscription_id: s.id, period_key: "2026-11-16..2026-11-22" },
    });
    expect(await run(s, "2026-11-23T08:01:00Z")).toMatchObject({ status: "taken" });
    expect(await run(s, "2026-11-24T08:00:00Z")).toMatchObject({ status: "taken" });
    expect(postsTo(s)).toHaveLength(1);
    const last = (await lastRuns(db, s.workspaceId)).get(s.id)!;
    expect(last).toMatchObject({ status: "posted", attempts: 1 });
  });

  it.each([
    ["Europe/Paris", "2026-10-26T07:59:00Z", "2026-10-26T08:00:00Z", "2026-03-30T06:59:00Z", "2026-03-30T07:00:00Z"],
    ["America/New_York", "2026-11-02T13:59:00Z", "2026-11-02T14:00:00Z", "2026-03-09T12:59:00Z", "2026-03-09T13:00:00Z"],
  ])("posts at 09:00 local after each DST change (%s)", async (zone, autumnBefore, autumnAt, springBefore, springAt) => {
    const s = await subscribe(["weekly", "monday", "9:00"], zone, "2026-01-01T00:00:00Z");
    const grace = { ...options(), graceMs: 365 * 24 * HOUR };
    const at = async (t: string) => (await runDueDigests(db, poster(), log, Date.parse(t), grace)).find((o) => o.subscriptionId === s.id)!;
    expect((await at(springBefore)).periodKey).not.toBe((await at(springAt)).periodKey);
    expect((await at(springAt)).status).toBe("taken");
    expect((await at(autumnBefore)).periodKey).not.toBe((await at(autumnAt)).periodKey);
  });

  it("two app instances sharing the database post once", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    const other = await openDatabase(db.url);
    try {
      const outcomes = await Promise.all([
        run(s, "2026-11-23T08:00:30Z", db, "replica-a"),
        run(s, "2026-11-23T08:00:30Z", other, "replica-b"),
        run(s, "2026-11-23T08:00:31Z", other, "replica-b"),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["posted", "taken", "taken"]);
      expect(postsTo(s)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("retries a run whose process died after claiming, once the lease has passed, without posting twice", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    const key = { subscriptionId: s.id, periodKey: "2026-11-22..2026-11-22" };
    const claim = (now: string, instance: string) =>
      claimRun(db, key, {
        workspaceId: s.workspaceId,
        dueAt: Date.parse("2026-11-23T08:00:00Z"),
        now: Date.parse(now),
        instance,
        leaseMs: 15 * 60_000,
        maxAttempts: 3,
      });
    expect(await claim("2026-11-23T08:00:00Z", "crashed")).toBe(1);
    // Within the lease the claim still stands.
    expect(await run(s, "2026-11-23T08:10:00Z")).toMatchObject({ status: "taken" });
    expect(postsTo(s)).toHaveLength(0);
    expect(await run(s, "2026-11-23T08:16:00Z")).toMatchObject({ status: "posted" });
    expect(postsTo(s)).toHaveLength(1);
    expect((await lastRuns(db, s.workspaceId)).get(s.id)).toMatchObject({ status: "posted", attempts: 2 });
  });

  it("a process that died after posting but before recording it: the retry finds the message and posts nothing", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    expect(await run(s, "2026-11-23T08:00:00Z")).toMatchObject({ status: "posted" });
    // Forget the outcome, as if the process had died right after chat.postMessage.
    await db.raw.sql.run("UPDATE digest_runs SET status = 'claimed', finished_at = NULL WHERE subscription_id = ?", [s.id]);
    expect(await run(s, "2026-11-23T08:30:00Z")).toMatchObject({ status: "posted" });
    expect(postsTo(s)).toHaveLength(1);
    expect(logs.some((l) => l.includes("already posted before a crash"))).toBe(true);
  });

  it("after downtime: posts a period missed by less than the grace window, skips and logs an older one", async () => {
    const s = await subscribe(["weekly", "mon", "09:00"], "Europe/Paris", "2026-11-01T00:00:00Z");
    expect(await run(s, "2026-11-23T19:00:00Z")).toMatchObject({ status: "posted", periodKey: "2026-11-16..2026-11-22" });
    const late = await subscribe(["weekly", "mon", "09:00"], "Europe/Paris", "2026-11-01T00:00:00Z");
    expect(await run(late, "2026-11-24T08:30:00Z")).toMatchObject({ status: "skipped", periodKey: "2026-11-16..2026-11-22" });
    expect(postsTo(late)).toHaveLength(0);
    expect(logs.some((l) => l.includes("digest skipped") && l.includes(late.id))).toBe(true);
    expect((await lastRuns(db, late.workspaceId)).get(late.id)).toMatchObject({ status: "skipped" });
  });

  it("pauses on channel_not_found and tells the creator; paused digests do not run", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    expect(await run(s, "2026-11-23T08:00:00Z")).toMatchObject({ status: "paused" });
    const [paused] = await listSubscriptions(db, s.workspaceId);
    expect(paused).toMatchObject({ pausedReason: "channel_not_found" });
    expect(fake.callsTo("conversations.open")[0]!.args.users).toBe("UCREATOR");
    const dm = fake.callsTo("chat.postMessage").find((c) => String(c.args.channel).startsWith("D"));
    expect(String(dm!.args.text)).toContain("paused");
    const outcomes = await runDueDigests(db, poster(), log, Date.parse("2026-11-24T08:00:00Z"), options());
    expect(outcomes.find((o) => o.subscriptionId === s.id)).toBeUndefined();
  });

  it("pauses a digest added on the command line without --created-by: logged, nobody to message", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z", "assignments", CREATED_BY_CLI);
    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    expect(await run(s, "2026-11-23T08:00:00Z")).toMatchObject({ status: "paused" });
    expect(fake.callsTo("conversations.open")).toEqual([]);
    expect(logs.some((l) => l.includes("no Slack user to tell of the digest") && l.includes(s.id))).toBe(true);
  });

  it("waits out a 429 and posts; other failures are retried a bounded number of times", async () => {
    const s = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    fake.rateLimitNext("chat.postMessage", 1);
    const client = poster(1);
    const started = Date.now();
    const [outcome] = (await runDueDigests(db, client, log, Date.parse("2026-11-23T08:00:00Z"), options())).filter(
      (o) => o.subscriptionId === s.id,
    );
    expect(outcome).toMatchObject({ status: "posted" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const flaky = await subscribe(["daily", "08:00"], "UTC", "2026-11-01T00:00:00Z");
    for (let i = 0; i < 4; i++) fake.failNext("chat.postMessage", { error: "internal_error" });
    const statuses = [];
    for (const minute of ["00", "01", "02", "03"]) statuses.push((await run(flaky, `2026-11-23T08:${minute}:00Z`)).status);
    expect(statuses).toEqual(["failed", "failed", "failed", "taken"]);
    expect((await lastRuns(db, flaky.workspaceId)).get(flaky.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      error: "internal_error",
    });
  });
});
