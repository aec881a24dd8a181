// The front door of /slack/events (src/slack/request-guard.ts) through Bolt's real receiver:
// timestamps within 5 minutes either way, a copy of a request never run twice (not even on
// two replicas of one database), refusals counted into one log line a minute, Bolt's own
// lines written as ours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSubscriptions } from "../../src/store/workspace/digests.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { sendEvent, sendSlashCommand, type SendOptions, type SlashCommandInput } from "../support/slack-requests.ts";
import { SIGNING_SECRET, startSlackTestApp, type SlackTestApp } from "../support/slack-app.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN17";

/** A clock the test moves: the apps' timestamp window and refusal minutes follow it. */
const clock = { at: Date.now(), now: () => clock.at };
const seconds = () => Math.floor(clock.at / 1000);

let db: TestDatabase;
let replicaDb: Database;
let slack: SlackTestApp;
let replica: SlackTestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  replicaDb = await openDatabase(db.url);
  slack = await startSlackTestApp(db, {}, { now: clock.now });
  replica = await startSlackTestApp(replicaDb, {}, { now: clock.now });
  for (const app of [slack, replica]) app.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
});
afterAll(async () => {
  await slack.close();
  await replica.close();
  await replicaDb.close();
  await db.destroy();
});

let sent = 0;
/** A /pulse command exactly as Slack would send it; the same input and options send the same bytes. */
function pulseCommand(text: string): { input: SlashCommandInput; name: string } {
  const name = `guard-${++sent}`;
  return {
    name,
    input: {
      command: "/pulse",
      text,
      user_id: ADMIN,
      team_id: TEAM,
      channel_id: "C0GUARD",
      response_url: slack.fake.responseUrl(name),
      trigger_id: `trigger-${sent}`,
    },
  };
}

const send = (app: SlackTestApp, input: SlashCommandInput, options: SendOptions = {}) =>
  sendSlashCommand(app.url, SIGNING_SECRET, input, { timestamp: seconds(), ...options });

const digests = async () => (await listSubscriptions(db, TEAM)).length;
const refusalLines = (app: SlackTestApp) =>
  app.logs
    .map((line) => JSON.parse(line))
    .filter((l) => l.msg === "slack request refused")
    .map(({ reason, count }) => ({ reason, count }));
/** Ends the apps' refusal minute: the next refusal writes the minute's lines first. */
async function endRefusalMinute(app: SlackTestApp) {
  clock.at += 61_000;
  await sendSlashCommand(app.url, SIGNING_SECRET, pulseCommand("help").input, { signature: false });
}

describe("the request timestamp", () => {
  it("refuses a correctly signed request dated more than 5 minutes ahead or behind; 4 minutes is fine", async () => {
    const before = await digests();
    for (const offset of [86_400, -86_400, 301, -301]) {
      const { input } = pulseCommand("digest add <#C0GUARD|guard> daily 09:00");
      expect((await send(slack, input, { timestamp: seconds() + offset })).status, `offset ${offset} s`).toBe(401);
    }
    const { input, name } = pulseCommand("digest add <#C0GUARD|guard> daily 09:00");
    expect((await send(slack, input, { timestamp: seconds() + 240 })).status).toBe(200);
    expect(String((await slack.fake.waitForResponse(1, 5000, name))[0]!.text)).toContain("every day at 09:00");
    expect(await digests()).toBe(before + 1);
    expect(slack.fake.responses().filter((r) => String(r.text).includes("every day"))).toHaveLength(1);
  });
});

describe("a replayed request", () => {
  it("runs once: the identical copy gets 200 with nothing done", async () => {
    const before = await digests();
    const { input, name } = pulseCommand("digest add <#C0GUARD|guard> weekly mon 09:00");
    const first = await send(slack, input);
    expect(first.status).toBe(200);
    await slack.fake.waitForResponse(1, 5000, name);
    const copy = await send(slack, input);
    expect([copy.status, copy.body]).toEqual([200, ""]);
    await endRefusalMinute(slack);
    expect(refusalLines(slack)).toContainEqual({ reason: "replay", count: 1 });
    expect(await digests()).toBe(before + 1);
    expect(slack.fake.responses(name)).toHaveLength(1);
  });

  it("runs once when its copies reach two replicas of one database at the same time", async () => {
    const before = await digests();
    const { input, name } = pulseCommand("digest add <#C0GUARD|guard> monthly 1 09:00");
    const answers = await Promise.all([send(slack, input), send(replica, input)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await slack.fake.waitForResponse(1, 5000, name);
    await Promise.all([endRefusalMinute(slack), endRefusalMinute(replica)]);
    const replays = [...refusalLines(slack), ...refusalLines(replica)].filter((l) => l.reason === "replay");
    // The earlier test's line, and this one on whichever replica lost.
    expect(replays.map((l) => l.count)).toEqual([1, 1]);
    expect(await digests()).toBe(before + 1);
    expect(slack.fake.responses(name)).toHaveLength(1);
  });

  it("lets Slack's retries of an event through: they are signed anew", async () => {
    const event = {
      team_id: TEAM,
      event_id: "EvGUARD1",
      event: { type: "app_home_opened", user: ADMIN, channel: `D${ADMIN}`, tab: "home", event_ts: "1.0" },
    };
    const before = slack.fake.callsTo("views.publish").length;
    expect((await sendEvent(slack.url, SIGNING_SECRET, event, { timestamp: seconds() })).status).toBe(200);
    expect((await sendEvent(slack.url, SIGNING_SECRET, event, { timestamp: seconds() + 1, retryNum: 1 })).status).toBe(200);
    await slack.fake.waitFor("views.publish", before + 2);
  });

  it("forgets a request's signature 10 minutes after its timestamp, when it can no longer be replayed", async () => {
    const stored = () => db.raw.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM slack_request_signatures").then((r) => Number(r[0]!.n));
    const { input, name } = pulseCommand("help");
    await send(slack, input);
    await slack.fake.waitForResponse(1, 5000, name);
    expect(await stored()).toBeGreaterThan(0);
    clock.at += 11 * 60_000;
    const later = pulseCommand("help");
    await send(slack, later.input);
    await slack.fake.waitForResponse(1, 5000, later.name);
    // Only the request just sent is left (the replica's earlier claims went too: one table).
    expect(await stored()).toBe(1);
    // The old one, replayed now, is refused for its age.
    expect((await send(slack, input, { timestamp: seconds() - 11 * 60 })).status).toBe(401);
  });
});

describe("refusals in the log", () => {
  it("writes one counted line per reason and minute, and no line per request", async () => {
    const app = await startSlackTestApp(db, {}, { now: clock.now });
    try {
      const { input } = pulseCommand("help");
      await sendSlashCommand(app.url, SIGNING_SECRET, input, { signature: false });
      await sendSlashCommand(app.url, SIGNING_SECRET, input, { signature: false });
      await sendSlashCommand(app.url, SIGNING_SECRET, input, { signature: `v0=${"0".repeat(64)}` });
      for (let i = 0; i < 57; i++) await sendSlashCommand(app.url, "not-the-secret", input, { timestamp: seconds() });
      await sendSlashCommand(app.url, SIGNING_SECRET, input, { timestamp: seconds() - 3600 });
      await sendSlashCommand(app.url, SIGNING_SECRET, input, { timestamp: seconds() + 3600 });
      expect(app.logs).toEqual([]);
      await endRefusalMinute(app);
      expect(refusalLines(app).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
        { reason: "bad_signature", count: 58 },
        { reason: "future_timestamp", count: 1 },
        { reason: "stale_timestamp", count: 1 },
        { reason: "unsigned", count: 2 },
      ]);
      // Every line is one of ours: JSON, never Bolt's plain text.
      for (const line of app.logs) expect(JSON.parse(line)).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
      // An unknown path: 404, no line.
      expect((await fetch(`${app.url}/wp-login.php`)).status).toBe(404);
      expect(app.logs.some((line) => line.includes("wp-login"))).toBe(false);
    } finally {
      await app.close();
    }
  });

  it("writes Bolt's own lines as ours, JSON at LOG_LEVEL", async () => {
    // Installed by OAuth, and a command from a workspace with no install: Bolt warns, answers 401.
    const fromNowhere = (app: SlackTestApp) => send(app, { ...pulseCommand("help").input, team_id: "T0NOINSTALL" });
    const app = await startSlackTestApp(db, {}, { oauth: true, now: clock.now });
    const quiet = await startSlackTestApp(db, { LOG_LEVEL: "error" }, { oauth: true, now: clock.now });
    try {
      expect((await fromNowhere(app)).status).toBe(401);
      const lines = app.logs.map((l) => JSON.parse(l));
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: "warn",
          component: "bolt",
          msg: expect.stringContaining("Authorization of incoming event did not succeed"),
        }),
      );
      expect((await fromNowhere(quiet)).status).toBe(401);
      expect(quiet.logs.map((l) => JSON.parse(l).level)).toEqual(["error"]);
    } finally {
      await app.close();
      await quiet.close();
    }
  });
});
