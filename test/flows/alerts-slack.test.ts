// /pulse alert add|list|test|pause|resume|remove end to end through Bolt's receiver, and the
// buttons of an alert's message (Acknowledge, Snooze, Open report, Mute rule), against the
// fake Slack Web API.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/alert-runner.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/log.ts";
import { slackAlertPoster } from "../../src/slack/alert-poster.ts";
import { latestEpisodes, listAlertRules } from "../../src/store/workspace/alerts.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { grantReportAccess } from "../../src/store/workspace/workspaces.ts";
import { REFUSAL } from "../../src/render/block-kit/refusals.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { received } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { sendSlashCommand, sendViewSubmission } from "../support/slack-requests.ts";
import { assertModalWithinSlackLimits } from "../../src/render/block-kit/limits.ts";
import { actionOf, SIGNING_SECRET, startSlackTestApp, tableOf, type Block, type SlackTestApp } from "../support/slack-app.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN05";
const MEMBER = "UMEMBER5";
const H = 3_600_000;
let db: TestDatabase;
let slack: SlackTestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  // A customer waiting for 3 hours, whose name tries markup.
  await ingestEvents(db, TEAM, [received("w1", "zoe", new Date(Date.now() - 3 * H).toISOString(), "Zoé <!here> _x_")]);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
  slack.fake.setUser({ id: MEMBER, team_id: TEAM });
  slack.fake.setUser({ id: "UNOBODY", team_id: TEAM });
  await grantReportAccess(db, TEAM, { subjectId: MEMBER, kind: "user" });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});

const pulse = async (text: string, user = ADMIN) => (await slack.command("/pulse", text, user, TEAM)).payload;
const texts = (blocks: Block[]) => JSON.stringify(blocks);

/** One alert tick now, posting through the fake Slack as the app would. */
async function tick() {
  const client = new webApi.WebClient("xoxb-test", { slackApiUrl: slack.fake.apiUrl, retryConfig: { retries: 0 } });
  return runAlerts(db, slackAlertPoster(client, createLogger("error")), createLogger("error"), Date.now(), {
    leaseMs: 60_000,
    maxAttempts: 3,
    instance: "test",
  });
}

describe("/pulse alert", () => {
  it("adds a rule, says what it watches, and explains bad input", async () => {
    const added = await pulse("alert add <#C0ALERTS|alerts> waiting > 2h any-time");
    expect(added.text).toMatch(
      /^:rotating_light: Alert `al[0-9a-f]+` Customers waiting &gt; 2 h for a first reply \(any time\) in <#C0ALERTS> — quiet\.$/,
    );
    expect((await listAlertRules(db, TEAM))[0]).toMatchObject({ channelId: "C0ALERTS", createdBy: ADMIN });

    expect((await pulse("alert add #nowhere waiting > 2h")).text).toContain("Which channel?");
    expect((await pulse("alert add <#C0ALERTS|alerts>")).text).toContain("Which rule?");
    expect((await pulse("alert add <#C0ALERTS|alerts> waitng > 2h")).text).toContain("waiting");
    expect((await pulse("alert add <#C0ALERTS|alerts> source:bot change > 100% over 1d")).text).toContain("only a spike of at least 20");
    expect((await pulse("alert remove alnope")).text).toContain("No alert `alnope` here");
    expect((await pulse("alert list", "UNOBODY")).text).toBe(REFUSAL);
    expect(await listAlertRules(db, TEAM)).toHaveLength(2);
  });

  it("tests a rule privately, then fires it in its channel with its buttons", async () => {
    const [rule] = await listAlertRules(db, TEAM);
    const tried = await pulse(`alert test ${rule!.id}`);
    expect(tried.text).toBe("It holds now: this is what its channel gets (only you see it here).");
    expect(texts(tried.blocks)).toContain("Zoé &lt;!here&gt; ˍxˍ");
    expect(texts(tried.blocks)).not.toContain('"actions"');

    const outcomes = await tick();
    expect(outcomes.find((o) => o.ruleId === rule!.id)).toMatchObject({ status: "posted", step: "open" });
    const [post] = slack.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0ALERTS");
    const message = { text: String(post!.args.text), blocks: post!.args.blocks as Block[] };
    expect(message.text).toMatch(/^1 customer has waited more than 2 h for a first reply; longest 3 h/);
    expect(texts(message.blocks)).not.toContain("<!here>");

    // Acknowledge: who, in place.
    const ack = actionOf(message, "alert-acknowledge");
    const acked = await slack.click({ action_id: "alert-acknowledge", value: ack.value }, MEMBER, TEAM);
    expect(acked.replace_original, JSON.stringify(acked).slice(0, 300)).toBe(true);
    expect(texts(acked.blocks)).toContain(`acknowledged by <@${MEMBER}>`);
    expect(texts(acked.blocks)).not.toContain("alert-acknowledge");
    expect((await latestEpisodes(db, TEAM)).get(rule!.id)).toMatchObject({ acknowledgedBy: MEMBER });

    // Snooze until the next business day: after now, at the opening of a later day.
    const snooze = actionOf(message, "alert-snooze");
    const nextDay = snooze.options.find((o: Block) => o.text.text === "Until the next business day");
    const snoozed = await slack.click({ action_id: "alert-snooze", selected_option: { value: nextDay.value } }, MEMBER, TEAM);
    expect(texts(snoozed.blocks)).toMatch(/snoozed until \w{3} \d+ \w{3} 0[89]:00/);
    expect((await latestEpisodes(db, TEAM)).get(rule!.id)!.snoozedUntil).toBeGreaterThan(Date.now());

    // Open report: the reports' own action, privately.
    const open = actionOf(message, "report_open");
    const report = await slack.click({ action_id: "report_open", value: open.value }, MEMBER, TEAM);
    expect(report.replace_original).toBe(false);
    expect(tableOf(report) ?? report.text).toBeDefined();

    // Mute: admins only.
    const mute = actionOf(message, "alert-mute");
    expect(mute.confirm).toBeDefined();
    expect((await slack.click({ action_id: "alert-mute", value: mute.value }, MEMBER, TEAM)).text).toContain("Only workspace admins");
    const muted = await slack.click({ action_id: "alert-mute", value: mute.value }, ADMIN, TEAM);
    expect(texts(muted.blocks)).toContain(`rule paused (muted by ${ADMIN})`);
    expect((await listAlertRules(db, TEAM))[0]).toMatchObject({ pausedReason: `muted by ${ADMIN}` });

    const list = await pulse("alert list");
    expect(list.text).toContain(`:double_vertical_bar: paused (muted by ${ADMIN}), firing since`);
    expect(list.text).toContain(`acknowledged by <@${MEMBER}>`);
  });

  it("pauses, resumes and removes", async () => {
    const [rule] = await listAlertRules(db, TEAM);
    expect((await pulse(`alert resume ${rule!.id}`)).text).toContain("resumed");
    expect((await pulse(`alert pause ${rule!.id}`)).text).toContain(`/pulse alert resume ${rule!.id}`);
    expect((await listAlertRules(db, TEAM))[0]).toMatchObject({ pausedReason: `paused by ${ADMIN}` });
    expect((await pulse(`alert remove ${rule!.id}`)).text).toContain("removed");
    expect((await listAlertRules(db, TEAM)).map((r) => r.id)).not.toContain(rule!.id);
    // A click on a removed rule's message says so.
    const gone = await slack.click({ action_id: "alert-acknowledge", value: `${rule!.id}:1` }, ADMIN, TEAM);
    expect(gone.text).toContain("no longer exists");
  });

  it("adds a rule through its modal: errors under their field, the confirmation in a direct message", async () => {
    const opened = slack.fake.callsTo("views.open").length;
    await sendSlashCommand(slack.url, SIGNING_SECRET, {
      command: "/pulse",
      text: "alert add",
      user_id: MEMBER,
      team_id: TEAM,
      channel_id: "C0CHANNEL",
      response_url: slack.fake.responseUrl("alert-modal"),
    });
    const [call] = (await slack.fake.waitFor("views.open", opened + 1)).slice(-1);
    const view = call!.args.view as Block;
    expect(view.callback_id).toBe("alert-add");
    assertModalWithinSlackLimits(view);
    const submit = async (values: Record<string, Record<string, unknown>>) => {
      const result = await sendViewSubmission(slack.url, SIGNING_SECRET, {
        team_id: TEAM,
        user_id: MEMBER,
        callback_id: "alert-add",
        values,
      });
      expect(result.status).toBe(200);
      return result.body === "" ? {} : JSON.parse(result.body);
    };
    const channel = (id: string | null) => ({ alert_add_channel: { input: { type: "conversations_select", selected_conversation: id } } });
    const rule = (text: string) => ({ alert_add_rule: { input: { type: "plain_text_input", value: text } } });
    expect(await submit({ ...channel(null), ...rule("waiting > 2h") })).toEqual({
      response_action: "errors",
      errors: { alert_add_channel: "Pick the channel the alert posts in." },
    });
    const bad = await submit({ ...channel("C0MODAL"), ...rule("resolution > 8h") });
    expect(bad.errors.alert_add_rule).toContain("over");
    const before = (await listAlertRules(db, TEAM)).length;
    const posted = slack.fake.callsTo("chat.postMessage").length;
    expect(await submit({ ...channel("C0MODAL"), ...rule("resolution > 8h over 1d avg") })).toEqual({});
    const rules = await listAlertRules(db, TEAM);
    expect(rules).toHaveLength(before + 1);
    expect(rules.at(-1)).toMatchObject({
      channelId: "C0MODAL",
      createdBy: MEMBER,
      spec: { condition: { kind: "response-time", statistic: "average" } },
    });
    const dm = (await slack.fake.waitFor("chat.postMessage", posted + 1)).at(-1)!;
    expect(String(dm.args.text)).toMatch(
      /^:rotating_light: Alert `al[0-9a-f]+` Average resolution &gt; 8 h over the last 24 h \(business hours, team, min 5\) in <#C0MODAL> — quiet\.$/,
    );
  });
});
