import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
// /pulse settings end to end: the modal (open, prefill, field errors, save), ingest tokens
// from the modal, chart mode per workspace, and two workspaces side by side.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { drainRecomputes } from "../../src/store/events/schedule-recompute.ts";
import { versionInForce } from "../../src/domain/schedule-versions.ts";
import { scheduleTimeline } from "../../src/store/workspace/schedules.ts";
import { hashToken, listTokens } from "../../src/store/workspace/tokens.ts";
import { grantReportAccess, listReportAccess, updateWorkspaceSettings, workspaceSettings } from "../../src/store/workspace/workspaces.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { SIGNING_SECRET, startSlackTestApp, type Block, type SlackTestApp } from "../support/slack-app.ts";
import { sendBlockAction, sendSlashCommand, sendViewSubmission, viewState } from "../support/slack-requests.ts";

const TEAM = FAKE_IDS.teamId;
const OTHER = "T0OTHERWS";
const ADMIN = "UADMIN01";
const OTHER_ADMIN = "UADMIN02";
const MEMBER = "UMEMBER1";
let db: TestDatabase;
let slack: SlackTestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  slack = await startSlackTestApp(db, { CHARTS: "native" });
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
  slack.fake.setUser({ id: OTHER_ADMIN, team_id: OTHER, is_owner: true });
  slack.fake.setUser({ id: MEMBER, team_id: TEAM });
  slack.fake.setUsergroup("S0SUPPORT", [MEMBER]);
  slack.fake.setUsergroup("S0SALES", []);
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => slack.fake.reset());

type View = Block & { blocks: Block[] };

/** `/pulse settings`; resolves with the view the app opened. */
async function openSettings(user = ADMIN, team: string = TEAM): Promise<View> {
  const opened = slack.fake.callsTo("views.open").length;
  await sendSlashCommand(slack.url, SIGNING_SECRET, {
    command: "/pulse",
    text: "settings",
    user_id: user,
    team_id: team,
    channel_id: "C0CHANNEL",
    response_url: slack.fake.responseUrl("settings"),
  });
  const calls = await slack.fake.waitFor("views.open", opened + 1);
  expect(calls.at(-1)!.args.trigger_id).toBeTruthy();
  return calls.at(-1)!.args.view as View;
}

/** Submits the view as shown, with some fields changed; resolves with Bolt's ack body. */
async function submit(view: View, changes: Record<string, Record<string, unknown>> = {}, user = ADMIN, team: string = TEAM) {
  const values = viewState(view);
  for (const [blockId, state] of Object.entries(changes)) values[blockId] = { input: { ...values[blockId]?.input, ...state } };
  const result = await sendViewSubmission(slack.url, SIGNING_SECRET, { team_id: team, user_id: user, callback_id: "settings", values });
  expect(result.status).toBe(200);
  return result.body === "" ? {} : (JSON.parse(result.body) as { response_action?: string; errors?: Record<string, string> });
}

/** A click on a button of the open modal (Slack sends the view with it). */
async function click(view: View, action_id: string, value?: string, user = ADMIN, team: string = TEAM) {
  const result = await sendBlockAction(slack.url, SIGNING_SECRET, {
    team_id: team,
    user_id: user,
    channel_id: "",
    response_url: "",
    view: {
      id: "V0SETTINGS",
      type: "modal",
      callback_id: "settings",
      hash: "1.abc",
      blocks: view.blocks,
      state: { values: viewState(view) },
    },
    actions: [{ action_id, ...(value === undefined ? {} : { value }) }],
  });
  expect(result.status).toBe(200);
}

const block = (view: View, id: string) => view.blocks.find((b) => b.block_id === id);
const text = (value: string) => ({ value });
/** One event posted to the ingest API with a bearer token. */
const events = (token: string) =>
  fetch(`${slack.url}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(assignment({ id: `tok-${Math.random()}` })),
  });

describe("/pulse settings: who", () => {
  it("refuses a non-admin without opening anything", async () => {
    const { payload } = await slack.command("/pulse", "settings", MEMBER, TEAM);
    expect(payload.text).toContain("only workspace admins and owners");
    expect(slack.fake.callsTo("views.open")).toEqual([]);
  });

  it("refuses a submission from a non-admin and writes nothing", async () => {
    const view = await openSettings();
    const ack = await submit(view, { settings_time_zone: text("Asia/Tokyo") }, MEMBER);
    expect(ack.response_action).toBe("errors");
    expect(ack.errors?.settings_time_zone).toContain("only workspace admins and owners");
    expect((await workspaceSettings(db, TEAM)).timeZone).toBe("UTC");
  });
});

describe("/pulse settings: the form", () => {
  it("opens prefilled with the current settings", async () => {
    await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
    await updateWorkspaceSettings(db, TEAM, { retentionDays: 30 });
    await grantReportAccess(db, TEAM, { kind: "usergroup", subjectId: "S0SUPPORT" });
    const view = await openSettings();
    expect(block(view, "settings_time_zone")!.element.initial_value).toBe("Europe/Paris");
    expect(block(view, "settings_hours")!.element.initial_value).toBe("Mon-Fri 09:00-17:00");
    expect(block(view, "settings_holidays")!.element.initial_value).toBeUndefined();
    expect(block(view, "settings_retention")!.element.initial_value).toBe("30");
    expect(block(view, "settings_chart_mode")!.element.initial_option.value).toBe("default");
    expect(block(view, "settings_access_usergroups")!.element.initial_options.map((o: Block) => o.value)).toEqual(["S0SUPPORT"]);
    expect(block(view, "settings_erase")!.element.initial_options).toBeUndefined();
  });

  it("answers every bad field under that field and writes nothing", async () => {
    const before = await workspaceSettings(db, TEAM);
    const versionsBefore = await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } });
    const view = await openSettings();
    const ack = await submit(view, {
      settings_time_zone: text("Europe/Pariss"),
      settings_hours: text("mon-fri 09:00-25:00"),
      settings_holidays: text("2026-12-25, 2026-13-01"),
      settings_retention: text("0"),
    });
    expect(ack.response_action).toBe("errors");
    expect(ack.errors).toEqual({
      settings_time_zone: 'Unknown time zone "Europe/Pariss" — use an IANA name such as Europe/Paris',
      settings_hours: '"25:00" in "mon-fri 09:00-25:00" is not a closing time: expected HH:MM from 00:00 to 24:00',
      settings_holidays: '"2026-13-01" is not a date: expected YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD',
      settings_retention: 'Expected a whole number of days from 1 to 3650, got "0"; leave it empty to keep everything',
    });
    const overlap = await submit(view, { settings_hours: text("mon 09:00-17:00; mon 16:00-18:00") });
    expect(overlap.errors).toEqual({ settings_hours: "Mon 16:00-18:00 overlaps Mon 09:00-17:00" });
    expect(await workspaceSettings(db, TEAM)).toEqual(before);
    expect(await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } })).toBe(versionsBefore);
  });

  it("saves every field at once, confirms by DM, and the next report uses the new zone", async () => {
    const view = await openSettings();
    const ack = await submit(view, {
      settings_time_zone: text("America/New_York"),
      settings_hours: text("mon-fri 08:00-16:00\nsat 10:00-12:00"),
      settings_holidays: text("2026-12-24..2026-12-26, 2027-01-01"),
      settings_access_users: { selected_users: [MEMBER] },
      settings_access_usergroups: { selected_options: [{ value: "S0SALES", text: { type: "plain_text", text: "Group S0SALES" } }] },
      settings_chart_mode: { selected_option: { value: "none", text: { type: "plain_text", text: "No charts" } } },
      settings_retention: text("90"),
      settings_erase: { selected_options: [{ value: "erase", text: { type: "plain_text", text: "Erase" } }] },
    });
    expect(ack).toEqual({ response_action: "clear" });
    expect(await workspaceSettings(db, TEAM)).toEqual({
      timeZone: "America/New_York",
      chartMode: "none",
      retentionDays: 90,
      eraseOnUninstall: true,
    });
    const timeline = await scheduleTimeline(db, TEAM, "America/New_York");
    const { schedule } = versionInForce(timeline.versions, timeline.fallback, Date.now());
    expect(schedule.timeZone).toBe("America/New_York");
    expect(schedule.intervals).toHaveLength(6);
    expect(schedule.holidays).toEqual(["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"]);
    expect((await listReportAccess(db, TEAM)).map((e) => e.subjectId).sort()).toEqual(["S0SALES", MEMBER]);
    const [dm] = await slack.fake.waitFor("chat.postMessage");
    expect(dm!.args.text).toContain("saved Inbox Pulse's settings");
    expect(dm!.args.text).toContain("Mon-Fri 08:00-16:00; Sat 10:00-12:00 (America/New_York), 4 holidays");

    // The same form again, untouched: prefilled with what was saved, and no new schedule version.
    const saved = await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } });
    const again = await openSettings();
    expect(block(again, "settings_hours")!.element.initial_value).toBe("Mon-Fri 08:00-16:00; Sat 10:00-12:00");
    expect(block(again, "settings_holidays")!.element.initial_value).toBe("2026-12-24..2026-12-26, 2027-01-01");
    expect(block(again, "settings_access_users")!.element.initial_users).toEqual([MEMBER]);
    expect(await submit(again)).toEqual({ response_action: "clear" });
    expect(await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } })).toBe(saved);

    const { payload } = await slack.command("/assignments", "", ADMIN, TEAM);
    expect(JSON.stringify(payload.blocks)).toContain("times in America/New_York");
  });

  it("a failure while saving leaves every setting as it was", async () => {
    const before = await workspaceSettings(db, TEAM);
    const versions = await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } });
    const view = await openSettings();
    // The allowlist is written last: without its table the transaction fails after the rest.
    await db.raw.sql.exec("ALTER TABLE report_access RENAME TO report_access_away");
    try {
      const ack = await submit(view, { settings_time_zone: text("Asia/Tokyo"), settings_hours: text("mon-sun 00:00-24:00") });
      expect(ack.errors?.settings_time_zone).toMatch(/^Could not save the settings \(error id E[0-9A-Z]+\); nothing was changed/);
    } finally {
      await db.raw.sql.exec("ALTER TABLE report_access_away RENAME TO report_access");
    }
    expect(await workspaceSettings(db, TEAM)).toEqual(before);
    expect(await db.raw.prisma.businessSchedule.count({ where: { workspaceId: TEAM } })).toBe(versions);
    expect(slack.logs.some((line) => line.includes("settings submission failed"))).toBe(true);
  });

  it("leaves user groups out on a free plan and keeps the allowed ones", async () => {
    await grantReportAccess(db, TEAM, { kind: "usergroup", subjectId: "S0LEGACY" });
    slack.fake.failNext("usergroups.list", { error: "plan_upgrade_required" });
    const view = await openSettings();
    expect(block(view, "settings_access_usergroups")).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("User groups need a paid Slack plan");
    expect(await submit(view, { settings_access_users: { selected_users: [] } })).toEqual({ response_action: "clear" });
    expect(await listReportAccess(db, TEAM)).toEqual(expect.arrayContaining([{ kind: "usergroup", subjectId: "S0LEGACY" }]));
    expect((await listReportAccess(db, TEAM)).filter((e) => e.kind === "user")).toEqual([]);
  });
});

describe("/pulse settings: ingest tokens", () => {
  it("creates a token shown once that works, and revokes it after a confirm", async () => {
    const view = await openSettings();
    await click(view, "settings_token_create");
    const [pushed] = await slack.fake.waitFor("views.push");
    const shown = JSON.stringify((pushed!.args.view as View).blocks);
    expect(shown).toContain("will not be shown again");
    const token = /```(ipt_[A-Za-z0-9_-]+)```/.exec(shown)?.[1];
    expect(token).toBeDefined();
    expect((await events(token!)).status).toBe(201);

    // Only the hash is stored; the settings now list the token with a confirmed Revoke.
    const [stored] = (await listTokens(db, TEAM)).filter((t) => t.revokedAt === null);
    expect(await db.raw.prisma.ingestToken.findUnique({ where: { id: stored!.id } })).toMatchObject({ tokenHash: hashToken(token!) });
    const [updated] = await slack.fake.waitFor("views.update");
    expect(updated!.args.view_id).toBe("V0SETTINGS");
    const listed = block(updated!.args.view as View, `settings_token_${stored!.id}`)!;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.accessory.confirm.title.text).toBe("Revoke this token?");
    // The rebuilt view keeps every input's ids, so Slack keeps unsaved input.
    expect((updated!.args.view as View).blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(
      view.blocks.filter((b) => b.type === "input").map((b) => b.block_id),
    );

    await click(updated!.args.view as View, "settings_token_revoke", stored!.id);
    await slack.fake.waitFor("views.update", 2);
    expect((await events(token!)).status).toBe(401);
  });

  it("a non-admin's click creates nothing", async () => {
    const view = await openSettings();
    const before = (await listTokens(db, TEAM)).length;
    await click(view, "settings_token_create", undefined, MEMBER);
    const [pushed] = await slack.fake.waitFor("views.push");
    expect(JSON.stringify(pushed!.args.view)).toContain("only workspace admins and owners");
    expect(await listTokens(db, TEAM)).toHaveLength(before);
  });
});

describe("/pulse settings: Applies from", () => {
  it("opens empty before any hours are set (all history), at today after; a dated save measures the conversations it covers anew", async () => {
    const ws = "T0APPLIES";
    slack.fake.setUser({ id: "UADMIN03", team_id: ws, is_admin: true });
    await ingestEvents(db, ws, [
      { type: "email.received", id: "ap1", occurredAt: "2026-10-05T09:00:00Z", threadId: "tap1", customer: { email: "a@example.com" } },
      { type: "email.replied", id: "ap2", occurredAt: "2026-10-05T12:00:00Z", threadId: "tap1", agent: { name: "Ada" } },
      { type: "email.received", id: "ap3", occurredAt: "2026-11-02T09:00:00Z", threadId: "tap2", customer: { email: "b@example.com" } },
      { type: "email.replied", id: "ap4", occurredAt: "2026-11-02T12:00:00Z", threadId: "tap2", agent: { name: "Ada" } },
    ]);
    const first = await openSettings("UADMIN03", ws);
    expect(block(first, "settings_applies_from")!.element.initial_date).toBeUndefined();
    expect(await submit(first, { settings_hours: text("mon-fri 10:00-11:00") }, "UADMIN03", ws)).toEqual({ response_action: "clear" });
    const [dm] = await slack.fake.waitFor("chat.postMessage");
    expect(dm!.args.text).toContain(
      "Mon-Fri 10:00-11:00 (UTC), for conversations started from the start (all history); their figures are being recomputed",
    );
    await drainRecomputes(db);
    const business = async () =>
      (
        await db.raw.sql.query<{ s: number }>(
          "SELECT first_response_business_s AS s FROM email_conversations WHERE workspace_id = ? ORDER BY started_at",
          [ws],
        )
      ).map((r) => Number(r.s));
    expect(await business()).toEqual([3600, 3600]);

    const later = await openSettings("UADMIN03", ws);
    expect(block(later, "settings_applies_from")!.element.initial_date).toBe(new Date().toISOString().slice(0, 10));
    const bad = await submit(later, { settings_applies_from: { selected_date: "2026-02-30" } }, "UADMIN03", ws);
    expect(bad.errors).toEqual({ settings_applies_from: '"2026-02-30" is not a date from 1970 to 2100: pick one in the calendar' });
    const dated = await submit(
      later,
      { settings_hours: text("mon-sun 00:00-24:00"), settings_applies_from: { selected_date: "2026-11-01" } },
      "UADMIN03",
      ws,
    );
    expect(dated).toEqual({ response_action: "clear" });
    await drainRecomputes(db);
    // October keeps 10:00-11:00; November is open around the clock.
    expect(await business()).toEqual([3600, 3 * 3600]);
  });
});

describe("/pulse settings: two workspaces", () => {
  it("keep their own settings, tokens and chart mode", async () => {
    const occurredAt = new Date(Date.now() - 86_400_000).toISOString();
    await ingestEvents(db, TEAM, [assignment({ occurredAt })]);
    await ingestEvents(db, OTHER, [assignment({ occurredAt })]);
    await updateWorkspaceSettings(db, TEAM, { chartMode: "none" });

    const otherView = await openSettings(OTHER_ADMIN, OTHER);
    expect(block(otherView, "settings_time_zone")!.element.initial_value).toBe("UTC");
    expect(JSON.stringify(otherView.blocks)).toContain("No active tokens.");
    expect(await submit(otherView, { settings_time_zone: text("Asia/Tokyo") }, OTHER_ADMIN, OTHER)).toEqual({ response_action: "clear" });
    expect((await workspaceSettings(db, OTHER)).timeZone).toBe("Asia/Tokyo");
    expect((await workspaceSettings(db, TEAM)).timeZone).toBe("America/New_York");

    // A token of OTHER: not listed in TEAM's settings, not revocable from TEAM.
    await click(otherView, "settings_token_create", undefined, OTHER_ADMIN, OTHER);
    const [pushed] = await slack.fake.waitFor("views.push");
    const token = /```(ipt_[A-Za-z0-9_-]+)```/.exec(JSON.stringify(pushed!.args.view))![1]!;
    const [otherToken] = await listTokens(db, OTHER);
    const teamView = await openSettings();
    expect(JSON.stringify(teamView.blocks)).not.toContain(otherToken!.id);
    await click(teamView, "settings_token_revoke", otherToken!.id);
    await slack.fake.waitFor("views.update", 2);
    expect((await listTokens(db, OTHER))[0]!.revokedAt).toBeNull();
    expect((await events(token)).status).toBe(201);

    // Chart mode: TEAM chose none, OTHER follows the server's native charts.
    const kinds = (payload: { blocks: Block[] }) => payload.blocks.map((b) => b.type);
    const teamReport = await slack.command("/assignments", "last-7-days", ADMIN, TEAM);
    const otherReport = await slack.command("/assignments", "last-7-days", OTHER_ADMIN, OTHER);
    expect(kinds(teamReport.payload)).not.toContain("data_visualization");
    expect(kinds(teamReport.payload)).not.toContain("image");
    expect(kinds(otherReport.payload)).toContain("data_visualization");
    // Digests too (the preview shows the digest as it would be posted).
    const preview = async (user: string, team: string) => {
      const added = await slack.command("/pulse", "digest add <#C0DIGEST|digest> daily 08:30 assignments", user, team);
      const id = /`(dg[0-9a-f]+)`/.exec(added.payload.text)![1]!;
      return (await slack.command("/pulse", `digest preview ${id}`, user, team)).payload;
    };
    expect(kinds(await preview(ADMIN, TEAM))).not.toContain("data_visualization");
    expect(kinds(await preview(OTHER_ADMIN, OTHER))).toContain("data_visualization");
  });
});
