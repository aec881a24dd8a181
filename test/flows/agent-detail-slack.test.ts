// The /agent-performance drill-down end to end: Bolt's HTTP receiver, signed requests, the
// fake Slack Web API. The worked example of docs/definitions.md (Europe/Paris, Mon-Fri
// 09:00-17:00, Mon 16 - Fri 20 Nov 2026), with a hostile customer name on conversation A.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { assertModalWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { actionOf, SIGNING_SECRET, startSlackTestApp, type Block, type SlackTestApp } from "../support/slack-app.ts";
import { sendBlockAction } from "../support/slack-requests.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN03";
const MEMBER = "UMEMBER3";
const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };
const HOSTILE_CUSTOMER = "<!here> *Anna* <https://evil.example|x>";
const WEEK = "2026-11-16..2026-11-20";
let db: TestDatabase;
let slack: SlackTestApp;

const email = (type: string, id: string, customer: string, at: string, extra: object = {}) => ({
  type,
  id,
  occurredAt: at,
  threadId: `t-${customer}`,
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const outcome = await ingestEvents(db, TEAM, [
    // A: Mon 10:00, Fox replies 10:30 (30 min), Ann closes 12:00 (2 h).
    email("email.received", "a1", "a", "2026-11-16T09:00:00Z", { customer: { email: "a@example.com", name: HOSTILE_CUSTOMER } }),
    email("email.replied", "a2", "a", "2026-11-16T09:30:00Z", { agent: FOX }),
    email("email.closed", "a3", "a", "2026-11-16T11:00:00Z", { agent: ANN }),
    // B: Sat 12:00, Fox replies Mon 09:30 (45 h 30 min; 30 min of business time), closes Mon 18:00 (54 h; 8 h).
    email("email.received", "b1", "b", "2026-11-14T11:00:00Z", { customer: { email: "b@example.com", name: "Bea" } }),
    email("email.replied", "b2", "b", "2026-11-16T08:30:00Z", { agent: FOX }),
    email("email.closed", "b3", "b", "2026-11-16T17:00:00Z", { agent: FOX }),
    // C: Tue 08:00, Ann replies 08:45 (45 min; 0 of business time).
    email("email.received", "c1", "c", "2026-11-17T07:00:00Z", { customer: { email: "c@example.com", name: "Cem" } }),
    email("email.replied", "c3", "c", "2026-11-17T07:45:00Z", { agent: ANN }),
    // E: Thu 10:00, Fox replies 11:00 (1 h), closes 12:00, reopened 14:00, Ann closes 15:00 (5 h).
    email("email.received", "e1", "e", "2026-11-19T09:00:00Z", { customer: { email: "e@example.com", name: "Eve" } }),
    email("email.replied", "e2", "e", "2026-11-19T10:00:00Z", { agent: FOX }),
    email("email.closed", "e3", "e", "2026-11-19T11:00:00Z", { agent: FOX }),
    email("email.reopened", "e4", "e", "2026-11-19T13:00:00Z"),
    email("email.closed", "e5", "e", "2026-11-19T14:00:00Z", { agent: ANN }),
  ]);
  expect(outcome.rejected).toBe(0);
  slack = await startSlackTestApp(db);
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => {
  slack.fake.reset();
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
  slack.fake.setUser({ id: MEMBER, team_id: TEAM });
});

/** The "Details for…" menu of the week's report, as the admin got it. */
async function detailsMenu(): Promise<Block> {
  const { payload } = await slack.command("/agent-performance", WEEK, ADMIN, TEAM);
  return actionOf(payload, "agent_detail");
}

const optionValue = (menu: Block, label: string): string => menu.options.find((o: Block) => o.text.text === label).value;

/** Picks an option of the menu as `user`; Slack sends a trigger_id with it. */
async function pick(menu: Block, value: string, user: string, block_id: string = menu.block_id) {
  const result = await sendBlockAction(slack.url, SIGNING_SECRET, {
    team_id: TEAM,
    user_id: user,
    channel_id: "C0CHANNEL",
    response_url: slack.fake.responseUrl(`pick-${value}`),
    actions: [{ action_id: "agent_detail", block_id, selected_option: { value } }],
  });
  expect(result.status).toBe(200);
}

/** The view the app put in place of its "Gathering the figures…" modal. */
async function openedView(): Promise<Block> {
  const [opened] = await slack.fake.waitFor("views.open");
  expect(opened!.args.trigger_id).toBeTruthy();
  const [updated] = await slack.fake.waitFor("views.update");
  expect(updated!.args.view_id).toBeTruthy();
  const view = updated!.args.view as Block;
  assertModalWithinSlackLimits(view);
  return view;
}

const visible = (view: Block): string =>
  (view.blocks as Block[])
    .flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f: Block) => f.text), ...(b.elements ?? []).map((e: Block) => e.text)])
    .filter(Boolean)
    .join("\n");

describe("the agent drill-down", () => {
  it("offers the team and each agent in the report message", async () => {
    const menu = await detailsMenu();
    expect(menu.type).toBe("static_select");
    expect(menu.options.map((o: Block) => o.text.text)).toEqual(["Team", "Ann", "Fox"]);
  });

  it("opens an agent's figures and conversations for an admin", async () => {
    const menu = await detailsMenu();
    await pick(menu, optionValue(menu, "Fox"), ADMIN);
    const view = await openedView();
    expect(view.title.text).toBe("Agent details");
    // Fox's first responses A, B, E: 30 min, 30 min and 1 h of business time.
    expect(view.blocks[0].text.text).toBe("Fox: median first response 30 min in business hours (no data for the previous 5 days).");
    const text = visible(view);
    expect(text).toContain("*First responses, business hours*\n3");
    // Average 40 min; 90th percentile 1 h (nearest rank of 3).
    expect(text).toContain("*First response time, business hours*\naverage 40 min\n90th percentile 1 h");
    // Any time: 30 min, 45 h 30 min, 1 h: average 15 h 40 min, median 1 h.
    expect(text).toContain("average 15 h 40 min\nmedian 1 h\n90th percentile 1 d 22 h");
    // One resolution, B: 54 h on the clock, 8 h of business time, outside business hours.
    expect(text).toContain("*Resolutions, business hours*\n0");
    expect(text).toContain("*Resolutions, any time*\n1");
    expect(text).toContain("*Customers*\n3");
    // Slowest first: E (1 h), then B and A at 30 min, B slower on the clock.
    const rows = text.split("\n").filter((line) => line.includes(" · started "));
    expect(rows.map((r) => r.split(" · ")[0])).toEqual([
      "*Eve*",
      "*Bea*",
      "*&lt;!here&gt; \u2217Anna\u2217 &lt;https://evil.example|x&gt;*",
    ]);
    expect(rows[1]).toBe(
      "*Bea* · started Sat 14 Nov 12:00 · first response 30 min (any time 1 d 22 h) in hours · resolved 8 h (any time 2 d 6 h) outside hours",
    );
    expect(JSON.stringify(view)).not.toContain("<!here>");
    const chart = (view.blocks as Block[]).find((b) => b.type === "data_visualization")!;
    expect(chart.chart.series[0].data.map((p: Block) => p.value)).toEqual([0, 0, 2, 1, 0, 0]);
  });

  it("opens the team's, with every conversation behind its figures", async () => {
    const menu = await detailsMenu();
    await pick(menu, "team", ADMIN);
    const view = await openedView();
    expect(view.title.text).toBe("Team details");
    expect(view.blocks[0].text.text).toMatch(/^Team: median first response 30 min in business hours/);
    expect(visible(view)).toContain("(all 4)");
  });

  it("shows the distribution in words where Slack refuses the native chart in a modal", async () => {
    const menu = await detailsMenu();
    slack.fake.failNext("views.update", { error: "invalid_blocks" });
    await pick(menu, optionValue(menu, "Fox"), ADMIN);
    const [refused, shown] = await slack.fake.waitFor("views.update", 2);
    expect(JSON.stringify(refused!.args.view)).toContain("data_visualization");
    const view = shown!.args.view as Block;
    assertModalWithinSlackLimits(view);
    expect(JSON.stringify(view)).not.toContain("data_visualization");
    expect(visible(view)).toContain("< 15 min: 0 · 15-30 min: 0 · 30 min-1 h: 2 · 1-4 h: 1 · 4-8 h: 0 · > 8 h: 0");
  });

  it("refuses someone who may not run reports, and opens nothing", async () => {
    const menu = await detailsMenu();
    await pick(menu, optionValue(menu, "Fox"), MEMBER);
    const [reply] = await slack.fake.waitForResponse(1, 5000, `pick-${optionValue(menu, "Fox")}`);
    expect(reply!.response_type).toBe("ephemeral");
    expect(reply!.text).toContain("only workspace admins and the people they allow");
    expect(slack.fake.callsTo("views.open")).toEqual([]);
    expect(slack.fake.callsTo("views.update")).toEqual([]);
  });

  it("asks again on every pick: an admin demoted since the message was sent is refused", async () => {
    const menu = await detailsMenu();
    slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: false });
    await pick(menu, "team", ADMIN);
    const [reply] = await slack.fake.waitForResponse(1, 5000, "pick-team");
    expect(reply!.text).toContain("only workspace admins");
    expect(slack.fake.callsTo("views.open")).toEqual([]);
  });

  it("rejects a tampered state or choice with a clear message", async () => {
    const menu = await detailsMenu();
    await pick(menu, "team", ADMIN, '["assignments","last-7-days",[],[],[],[],[],[],0]');
    const [wrong] = await slack.fake.waitForResponse(1, 5000, "pick-team");
    expect(wrong!.text).toContain("not an agent-performance report");
    await pick(menu, "x:whoever", ADMIN);
    const [unreadable] = await slack.fake.waitForResponse(1, 5000, "pick-x:whoever");
    expect(unreadable!.text).toContain("named an agent I cannot read");
    expect(slack.fake.callsTo("views.open")).toEqual([]);
  });
});
