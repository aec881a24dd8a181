// The App Home tab end to end: app_home_opened through Bolt's receiver -> views.publish with
// the last 7 days at a glance, the digests, and buttons that post the full report to the DM.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseWeeklyHours } from "../../src/domain/business-hours/hours-text.ts";
import { parseDigestSchedule } from "../../src/domain/digest-schedule.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { assertHomeWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { createSubscription, pauseSubscription } from "../../src/store/workspace/digests.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { actionsOf, SIGNING_SECRET, startSlackTestApp, type Block, type Payload, type SlackTestApp } from "../support/slack-app.ts";
import { sendBlockAction, sendEvent } from "../support/slack-requests.ts";

const TEAM: string = FAKE_IDS.teamId;
const TEAM_B = "T0OTHERWS";
const ADMIN = "UADMIN08";
const MEMBER = "UMEMBER8";
const ZONE = "Europe/Paris";
let db: TestDatabase;
let slack: SlackTestApp;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const hours = (n: number) => ago(n * 60);

async function addDigest(ws: string, channelId: string, words: string[]) {
  const parsed = parseDigestSchedule(words, ZONE);
  if (!parsed.ok) throw new Error(parsed.error);
  return createSubscription(db, {
    workspaceId: ws,
    channelId,
    report: "assignments",
    schedule: JSON.stringify(parsed.schedule),
    createdBy: ADMIN,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  for (const ws of [TEAM, TEAM_B]) await applyScheduleChange(db, ws, { kind: "time-zone", timeZone: ZONE, from: null });
  // Open around the clock since long ago: business-hours figures equal the any-time ones, whenever the test runs.
  const always = parseWeeklyHours("mon-sun 00:00-24:00");
  if (!always.ok) throw new Error(always.error);
  await applyScheduleChange(db, TEAM, {
    kind: "hours",
    schedule: { timeZone: ZONE, intervals: always.intervals, holidays: [] },
    from: "start",
  });
  await ingestEvents(db, TEAM, [
    ...Array.from({ length: 3 }, (_, i) =>
      assignment({ id: `wf-${i}`, source: "workflow", occurredAt: ago(50 - i), contact: { id: `c${i}` } }),
    ),
    assignment({ id: "bot-1", source: "bot", occurredAt: ago(20), contact: { id: "c-bot", name: "<!channel> *x*" } }),
    // First responses 1 h and 2 h; resolutions 2 h and 4 h.
    { type: "email.received", id: "r1", occurredAt: hours(5), threadId: "t1", customer: { email: "one@example.com" } },
    { type: "email.replied", id: "p1", occurredAt: hours(4), threadId: "t1", agent: { name: "Fox" } },
    { type: "email.closed", id: "x1", occurredAt: hours(3), threadId: "t1", agent: { name: "Fox" } },
    { type: "email.received", id: "r2", occurredAt: hours(5), threadId: "t2", customer: { email: "two@example.com" } },
    { type: "email.replied", id: "p2", occurredAt: hours(3), threadId: "t2", agent: { name: "Ann" } },
    { type: "email.closed", id: "x2", occurredAt: hours(1), threadId: "t2", agent: { name: "Ann" } },
  ]);
  await ingestEvents(db, TEAM_B, [assignment({ id: "b-1", source: "zapier", occurredAt: ago(30), contact: { id: "secret-b" } })]);
  await addDigest(TEAM, "C0SUPPORT", ["weekly", "mon", "09:00"]);
  const paused = await addDigest(TEAM, "C0GONE", ["daily", "08:30"]);
  await pauseSubscription(db, paused.id, "channel_not_found <!channel>");
  for (let i = 0; i < 30; i++) await addDigest(TEAM_B, `C0B${i}`, ["daily", "07:00"]);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
  slack.fake.setUser({ id: MEMBER, team_id: TEAM });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => slack.fake.reset());

/** Opens the Home tab as `user` and returns the view the app published for them. */
async function openHome(user: string, team = TEAM, tab = "home"): Promise<{ type: string; blocks: Block[] }> {
  const before = slack.fake.callsTo("views.publish").length;
  const result = await sendEvent(slack.url, SIGNING_SECRET, {
    team_id: team,
    event: { type: "app_home_opened", user, channel: `D${user}`, tab, event_ts: "1.0" },
  });
  expect(result.status).toBe(200);
  const calls = await slack.fake.waitFor("views.publish", before + 1);
  const call = calls.at(-1)!;
  expect(call.error).toBeUndefined();
  expect(call.args.user_id).toBe(user);
  return call.args.view as { type: string; blocks: Block[] };
}

const clickInHome = (actionId: string, value: string | undefined, user = ADMIN, team = TEAM) =>
  sendBlockAction(slack.url, SIGNING_SECRET, {
    team_id: team,
    user_id: user,
    channel_id: "",
    response_url: "",
    view: { id: "V0HOME", type: "home", team_id: team },
    actions: [{ action_id: actionId, ...(value === undefined ? {} : { value }) }],
  });

/** Every mrkdwn text in the blocks, to check what Slack would parse. */
function mrkdwnTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => mrkdwnTexts(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "mrkdwn" && typeof o.text === "string") out.push(o.text);
    Object.values(o).forEach((v) => mrkdwnTexts(v, out));
  }
  return out;
}

describe("App Home", () => {
  it("shows the last 7 days at a glance to someone who may run reports", async () => {
    const view = await openHome(ADMIN);
    expect(view.type).toBe("home");
    assertHomeWithinSlackLimits(view);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Inbox Pulse · Last 7 days");
    expect(json).toContain(`times in ${ZONE}`);
    // The same opening as the reports: each headline, then the figures beside their change.
    const texts = view.blocks.flatMap((b) => [b.text?.text as string, ...(b.fields ?? []).map((f: Block) => f.text as string)]);
    expect(texts).toEqual(
      expect.arrayContaining([
        "*4 assignments, no data for the previous 7 days; top source: Workflow (75.0%).*",
        "*Team median first response 1 h 30 min in business hours (no data for the previous 7 days); slowest: Ann.*",
        "*First responses*\n2 (no previous data)",
        "*Avg first response, business hours*\n1 h 30 min (no previous data)",
        "*Resolutions*\n2 (no previous data)",
        "*Resolution, business hours*\navg 3 h (no previous data) · median 3 h (no previous data)",
        "*Customers*\n2 (no previous data)",
      ]),
    );
    expect(json).not.toContain("secret-b");
    expect(actionsOf({ text: "home", ...view }).map((a) => a.action_id)).toEqual([
      "home_open_assignments",
      "home_open_agent-performance",
      "home_refresh",
    ]);
  });

  it("lists the workspace's digests as /pulse digest list does, escaped", async () => {
    const view = await openHome(ADMIN);
    const texts = mrkdwnTexts(view.blocks);
    const listed = await slack.command("/pulse", "digest list", ADMIN, TEAM);
    const digestLines = texts.filter((t) => t.startsWith("• `dg"));
    expect(digestLines).toHaveLength(2);
    expect(listed.payload.text.split("\n")).toEqual(digestLines);
    expect(digestLines[0]).toMatch(/every Monday at 09:00 \(Europe\/Paris\) in <#C0SUPPORT> — next Mon \d+ \w+ 09:00 — not run yet/);
    expect(digestLines[1]).toContain("paused (channel\u02cdnot\u02cdfound &lt;!channel&gt;)");
    expect(texts.join("\n")).not.toContain("<!channel>");
  });

  it("shows what the app does and whom to ask to someone who may not run reports", async () => {
    const view = await openHome(MEMBER);
    assertHomeWithinSlackLimits(view);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("/assignments");
    expect(json).toContain("only workspace admins");
    expect(json).toContain(MEMBER);
    expect(json).not.toContain("Workflow");
    expect(json).not.toContain("C0SUPPORT");
  });

  it("publishes nothing for the Messages tab, and again on Refresh", async () => {
    await sendEvent(slack.url, SIGNING_SECRET, {
      team_id: TEAM,
      event: { type: "app_home_opened", user: ADMIN, channel: "DADMIN", tab: "messages", event_ts: "1.0" },
    });
    await clickInHome("home_refresh", undefined);
    const [publish] = await slack.fake.waitFor("views.publish");
    expect(slack.fake.callsTo("views.publish")).toHaveLength(1);
    expect(publish!.args.user_id).toBe(ADMIN);
  });

  it("posts the full report to the user's DM, whose own menus then keep working there", async () => {
    await clickInHome("home_open_assignments", "assignments");
    const [post] = await slack.fake.waitFor("chat.postMessage");
    const [open] = slack.fake.callsTo("conversations.open");
    expect(open!.args.users).toBe(ADMIN);
    const dm = post!.args.channel as string;
    expect(dm).toMatch(/^D/);
    const report = post!.args as unknown as Payload;
    expect(report.text).toContain(": 4 assignments");
    expect(report.blocks.some((b) => b.type === "data_table")).toBe(true);
    const source = actionsOf(report).find((a) => a.action_id === "report_source")!;

    // A click in that DM message: Slack gives it a response_url, and the report replaces itself.
    const responseUrl = slack.fake.responseUrl("dm");
    await sendBlockAction(slack.url, SIGNING_SECRET, {
      team_id: TEAM,
      user_id: ADMIN,
      channel_id: dm,
      response_url: responseUrl,
      container: { type: "message", message_ts: "1700000000.000100", channel_id: dm, is_ephemeral: false },
      message: {
        type: "message",
        subtype: "bot_message",
        ts: "1700000000.000100",
        bot_id: FAKE_IDS.botId,
        text: report.text,
        blocks: report.blocks,
      },
      actions: [{ action_id: "report_source", block_id: source.block_id, selected_option: { value: "bot" } }],
    });
    const [updated] = (await slack.fake.waitForResponse(1, 5000, "dm")) as unknown as Payload[];
    expect(updated!.replace_original).toBe(true);
    expect(updated!.text).toContain(": 1 assignment,");

    await clickInHome("home_open_agent-performance", "agent-performance");
    const posts = await slack.fake.waitFor("chat.postMessage", 2);
    expect(posts[1]!.args.text).toContain("Team median first response 1 h 30 min in business hours");
  });

  it("refuses the report to someone who may not run reports, in the DM", async () => {
    await clickInHome("home_open_assignments", "assignments", MEMBER);
    const [post] = await slack.fake.waitFor("chat.postMessage");
    expect(post!.args.text).toContain("only workspace admins");
    expect(JSON.stringify(post!.args)).not.toContain("Workflow");
  });

  it("ignores a tampered report name", async () => {
    await clickInHome("home_open_assignments", "everything");
    await clickInHome("home_refresh", undefined);
    await slack.fake.waitFor("views.publish");
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(slack.logs.join("\n")).toContain("rejected app home action");
  });

  it("shows each workspace its own figures and digests, and stays within the limits with many digests", async () => {
    const view = await openHome(ADMIN, TEAM_B);
    assertHomeWithinSlackLimits(view);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("*1 assignment, no data for the previous 7 days; top source: Zapier (100.0%).*");
    expect(json).not.toContain("Workflow");
    expect(json).not.toContain("C0SUPPORT");
    expect(mrkdwnTexts(view.blocks).filter((t) => t.startsWith("• `dg"))).toHaveLength(25);
    expect(json).toContain("…and 5 more");
  });
});
