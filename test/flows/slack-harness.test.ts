// Proves the Slack test harness against a real Bolt app: signed requests through Bolt's
// HTTPReceiver, Web API calls and response_url POSTs landing in the fake Slack.
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAKE_IDS, startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";
import { sendBlockAction, sendEvent, sendSlashCommand, sendViewSubmission, signRequest } from "../support/slack-requests.ts";

const SECRET = "harness-signing-secret";
const TEAM = FAKE_IDS.teamId;
const CSV = Buffer.from("agent,replies\nana,3\n");

let fake: FakeSlack;
let app: App;
let baseUrl: string;
const actionsSeen: { type: string; value: string | undefined; user: string }[] = [];

beforeAll(async () => {
  // Before the App: with a token, Bolt's constructor calls auth.test right away.
  fake = await startFakeSlack();
  app = new App({
    token: "xoxb-test",
    // With a custom receiver the signing secret belongs to the receiver; App ignores its own.
    receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
    logLevel: LogLevel.ERROR,
    // One quick retry instead of web-api's default ten retries over ~30 minutes.
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } },
  });

  app.command("/ping", async ({ command, ack, respond, client }) => {
    await ack();
    await respond({ response_type: "ephemeral", text: `pong ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: "pong",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*pong*" } }],
    });
    await client.files.uploadV2({ channel_id: command.channel_id, file: CSV, filename: "ping.csv", title: "Ping export" });
  });
  app.action(/^pick_/, async ({ ack, action, body, respond }) => {
    await ack();
    actionsSeen.push({
      type: action.type,
      value: action.type === "static_select" ? action.selected_option.value : action.type === "button" ? action.value : undefined,
      user: body.user.id,
    });
    await respond({ replace_original: true, text: "updated" });
  });
  app.view("report_modal", async ({ ack, view }) => {
    const period = view.state.values.period?.pick?.value;
    await ack(period ? undefined : { response_action: "errors", errors: { period: "Pick a period" } });
  });
  app.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [{ type: "header", text: { type: "plain_text", text: "Inbox Pulse" } }] },
    });
  });

  const server = await app.start({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => fake.reset());

afterAll(async () => {
  await app.stop();
  await fake.close();
});

function ping(responseUrl: string) {
  return { command: "/ping", text: "hello", user_id: "U0ANA", team_id: TEAM, channel_id: "C0REPORTS", response_url: responseUrl };
}

describe("Slack harness", () => {
  it("serves Bolt's start-up auth.test with the bot's identity", async () => {
    const [call] = await fake.waitFor("auth.test");
    expect(call?.token).toBe("xoxb-test");
  });

  it("runs a signed slash command end to end: ack, response_url, chat.postMessage, three-step upload", async () => {
    const result = await sendSlashCommand(baseUrl, SECRET, ping(fake.responseUrl("ping")));
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3000);

    await fake.waitFor("files.completeUploadExternal");
    expect(fake.responses("ping")).toEqual([{ response_type: "ephemeral", text: "pong hello" }]);

    const [post] = fake.callsTo("chat.postMessage");
    expect(post?.token).toBe("xoxb-test");
    expect(post?.args).toMatchObject({ channel: "C0REPORTS", text: "pong", team_id: TEAM });
    expect(post?.args.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "*pong*" } }]);

    const [getUrl] = fake.callsTo("files.getUploadURLExternal");
    expect(getUrl?.args).toMatchObject({ filename: "ping.csv", length: String(CSV.length) });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]).toMatchObject({ filename: "ping.csv", declaredLength: CSV.length });
    expect(fake.uploads[0]?.bytes.equals(CSV)).toBe(true);
    const [complete] = fake.callsTo("files.completeUploadExternal");
    expect(complete?.args).toMatchObject({ channel_id: "C0REPORTS", files: [{ id: fake.uploads[0]?.fileId, title: "Ping export" }] });
    expect(fake.calls.map((c) => c.method)).toEqual(["chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal"]);
  });

  it("gets refused (401) without a signature, with a wrong one, or with a stale timestamp", async () => {
    const unsigned = await sendSlashCommand(baseUrl, SECRET, ping(fake.responseUrl()), { signature: false });
    const forged = await sendSlashCommand(baseUrl, SECRET, ping(fake.responseUrl()), { signature: `v0=${"0".repeat(64)}` });
    const wrongSecret = await sendSlashCommand(baseUrl, "not-the-secret", ping(fake.responseUrl()));
    const stale = await sendSlashCommand(baseUrl, SECRET, ping(fake.responseUrl()), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect([unsigned.status, forged.status, wrongSecret.status, stale.status]).toEqual([401, 401, 401, 401]);
    expect(fake.calls).toEqual([]);
    expect(fake.responses()).toEqual([]);
  });

  it("signs exactly as Slack documents: v0= + HMAC-SHA256 of v0:timestamp:body", () => {
    // Slack's published example (docs.slack.dev, "Verifying requests from Slack").
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signRequest("8f742231b10e8888abcd99yyyzzz85a5", body, 1531420618)).toEqual({
      "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "X-Slack-Request-Timestamp": "1531420618",
    });
  });

  it("delivers signed block actions (button and static_select) to app.action", async () => {
    actionsSeen.length = 0;
    const common = { team_id: TEAM, user_id: "U0ANA", channel_id: "C0REPORTS", response_url: fake.responseUrl("action") };
    const button = await sendBlockAction(baseUrl, SECRET, { ...common, actions: [{ action_id: "pick_refresh", value: "refresh" }] });
    const select = await sendBlockAction(baseUrl, SECRET, {
      ...common,
      actions: [{ action_id: "pick_period", block_id: "filters", selected_option: { value: "last_7_days", text: "Last 7 days" } }],
    });
    expect([button.status, select.status]).toEqual([200, 200]);
    await fake.waitForResponse(2);
    expect(actionsSeen).toEqual([
      { type: "button", value: "refresh", user: "U0ANA" },
      { type: "static_select", value: "last_7_days", user: "U0ANA" },
    ]);
    expect(fake.responses("action")).toEqual([
      { replace_original: true, text: "updated" },
      { replace_original: true, text: "updated" },
    ]);
  });

  it("returns a view_submission ack body over HTTP", async () => {
    const result = await sendViewSubmission(baseUrl, SECRET, { team_id: TEAM, user_id: "U0ANA", callback_id: "report_modal", values: {} });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ response_action: "errors", errors: { period: "Pick a period" } });
  });

  it("answers the url_verification challenge and delivers event callbacks", async () => {
    const challenge = await sendEvent(baseUrl, SECRET, { type: "url_verification", challenge: "c-123" });
    expect(JSON.parse(challenge.body)).toEqual({ challenge: "c-123" });

    const event = await sendEvent(baseUrl, SECRET, {
      team_id: TEAM,
      event: { type: "app_home_opened", user: "U0ANA", channel: "D0ANA", tab: "home" },
    });
    expect(event.status).toBe(200);
    const [publish] = await fake.waitFor("views.publish");
    expect(publish?.args).toMatchObject({ user_id: "U0ANA", view: { type: "home", blocks: [{ type: "header" }] } });
  });

  it("answers the lookups the app relies on, including plan_upgrade_required", async () => {
    fake.setUser({ id: "U0ADMIN", is_admin: true, tz: "Europe/Paris", profile: { email: "admin@example.com" } });
    fake.setUsergroup("S0LEADS", ["U0ADMIN", "U0ANA"]);
    fake.setUsergroup("S0FREE", "plan_upgrade_required");

    const { user } = await app.client.users.info({ user: "U0ADMIN" });
    expect(user).toMatchObject({
      id: "U0ADMIN",
      team_id: TEAM,
      is_admin: true,
      is_owner: false,
      tz: "Europe/Paris",
      profile: { email: "admin@example.com" },
    });
    await expect(app.client.users.info({ user: "U0NOBODY" })).rejects.toMatchObject({ data: { error: "user_not_found" } });
    expect((await app.client.usergroups.users.list({ usergroup: "S0LEADS" })).users).toEqual(["U0ADMIN", "U0ANA"]);
    await expect(app.client.usergroups.users.list({ usergroup: "S0FREE" })).rejects.toMatchObject({
      data: { error: "plan_upgrade_required" },
    });

    const dm = await app.client.conversations.open({ users: "U0ADMIN" });
    expect(dm.channel?.id).toMatch(/^D/);
    expect((await app.client.conversations.open({ users: "U0ADMIN" })).channel?.id).toBe(dm.channel?.id);
    await expect(app.client.apiCall("reports.nonexistent")).rejects.toMatchObject({ data: { error: "unknown_method" } });
    expect(fake.callsTo("reports.nonexistent")).toHaveLength(1);
  });

  it("fails the next call as scripted, with the error in data.error", async () => {
    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    await expect(app.client.chat.postMessage({ channel: "C0GONE", text: "hi" })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: "channel_not_found" },
    });
    await expect(app.client.chat.postMessage({ channel: "C0GONE", text: "hi" })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo("chat.postMessage").map((c) => c.error)).toEqual(["channel_not_found", undefined]);
  });

  it("rate-limits with 429 + Retry-After, which web-api honours before retrying", async () => {
    const waits: number[] = [];
    app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    fake.rateLimitNext("chat.postMessage", 1);
    const started = performance.now();
    await expect(app.client.chat.postMessage({ channel: "C0REPORTS", text: "hi" })).resolves.toMatchObject({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(waits).toEqual([1]);
    expect(fake.callsTo("chat.postMessage").map((c) => c.error)).toEqual(["ratelimited", undefined]);

    // A client that refuses to wait surfaces the 429 at once.
    const impatient = new webApi.WebClient("xoxb-test", {
      slackApiUrl: fake.apiUrl,
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
    });
    fake.rateLimitNext("chat.postMessage", 30);
    await expect(impatient.chat.postMessage({ channel: "C0REPORTS", text: "hi" })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 30,
    });
  });

  it("honours a response_url 5 times only", async () => {
    const url = fake.responseUrl("limited");
    const post = (n: number) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: `#${n}` }) });
    const statuses = [];
    for (let n = 1; n <= 6; n += 1) statuses.push((await post(n)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(fake.responses("limited")).toHaveLength(5);
  });

  it("waitFor rejects with the calls it did see", async () => {
    await app.client.chat.postEphemeral({ channel: "C0REPORTS", user: "U0ANA", text: "hi" });
    await expect(fake.waitFor("views.open", 1, 50)).rejects.toThrow(/views\.open, got 0; calls seen: chat\.postEphemeral/);
  });
});
