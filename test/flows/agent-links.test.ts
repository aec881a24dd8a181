// /pulse agent link|unlink|list end to end, and how a mention resolves in a report filter:
// the workspace's agent link, else the Slack profile email, else the bare user id.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { listAgentLinks } from "../../src/store/workspace/agent-links.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { startSlackTestApp, type SlackTestApp } from "../support/slack-app.ts";

const TEAM: string = FAKE_IDS.teamId;
const TEAM_B = "T0OTHERWS";
const ADMIN = "UADMIN07";
/** Her Slack profile says fox@example.com; the inbox knows her as camille@inbox.example. */
const CAMILLE = "UCAMILLE";
let db: TestDatabase;
let slack: SlackTestApp;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const camille = { id: "agent-camille", name: "Camille", email: "camille@inbox.example" };
const fox = { id: "agent-fox", name: "Fox", email: "fox@example.com" };

beforeAll(async () => {
  db = await createTestDatabase();
  for (const ws of [TEAM, TEAM_B]) await applyScheduleChange(db, ws, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const seed = (ws: string, camilles: number, foxes: number) =>
    ingestEvents(db, ws, [
      ...Array.from({ length: camilles }, (_, i) =>
        assignment({ id: `cam-${i}`, occurredAt: minutesAgo(60 + i), contact: { id: `c${i}` }, assignee: camille }),
      ),
      ...Array.from({ length: foxes }, (_, i) =>
        assignment({ id: `fox-${i}`, occurredAt: minutesAgo(30 + i), contact: { id: `f${i}` }, assignee: fox }),
      ),
    ]);
  await seed(TEAM, 3, 2);
  await seed(TEAM_B, 1, 4);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true, profile: { email: "admin@example.com" } });
  slack.fake.setUser({ id: CAMILLE, team_id: TEAM, profile: { email: "fox@example.com" } });
  slack.fake.setUser({ id: "UNOBODY", team_id: TEAM });
  slack.fake.setUser({ id: "UGHOST", team_id: TEAM });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => slack.fake.reset());

const pulse = async (text: string, user = ADMIN, team = TEAM) => (await slack.command("/pulse", text, user, team)).payload.text;
/** The assignments count the report's fallback text gives. */
async function assignmentsFor(filter: string, team = TEAM): Promise<number> {
  const { payload } = await slack.command("/assignments", `last-7-days ${filter}`, ADMIN, team);
  if (payload.text.includes(": No assignments in this period")) return 0;
  const count = /: ([\d,]+) assignments?,/.exec(payload.text)?.[1];
  if (count === undefined) throw new Error(`no count in ${payload.text}`);
  return Number(count.replace(/,/g, ""));
}

describe("agent links", () => {
  it("a link wins over the profile email; unlinking falls back to it", async () => {
    expect(await assignmentsFor(`assignee:<@${CAMILLE}|camille>`)).toBe(2);

    const linked = await pulse(`agent link <@${CAMILLE}|camille> <mailto:Camille@Inbox.example|Camille@Inbox.example>`);
    expect(linked).toContain(`<@${CAMILLE}> is now the agent`);
    expect(await listAgentLinks(db, TEAM)).toMatchObject([{ slackUserId: CAMILLE, email: "camille@inbox.example" }]);

    slack.fake.reset();
    expect(await assignmentsFor(`assignee:<@${CAMILLE}|camille>`)).toBe(3);
    // Resolved by the link alone: users.info was asked about the caller (permissions), never about her.
    expect(slack.fake.callsTo("users.info").map((c) => c.args.user)).not.toContain(CAMILLE);
    expect(await pulse("agent list")).toContain(`<@${CAMILLE}> → \`camille@inbox.example\``);

    expect(await pulse(`agent unlink <@${CAMILLE}>`)).toContain("Link removed");
    expect(await assignmentsFor(`assignee:<@${CAMILLE}>`)).toBe(2);
    expect(await pulse(`agent unlink <@${CAMILLE}>`)).toContain("has no link here");
    expect(await pulse("agent list")).toContain("No agent links yet");
  });

  it("relinking replaces the email, and several mentions resolve in one request", async () => {
    await pulse(`agent link <@${CAMILLE}> fox@example.com`);
    await pulse(`agent link <@${CAMILLE}> camille@inbox.example`);
    await pulse(`agent link <@UGHOST> fox@example.com`);
    expect((await listAgentLinks(db, TEAM)).map((l) => [l.slackUserId, l.email])).toEqual(
      expect.arrayContaining([
        [CAMILLE, "camille@inbox.example"],
        ["UGHOST", "fox@example.com"],
      ]),
    );
    expect(await assignmentsFor(`assignee:<@${CAMILLE}> assignee:<@UGHOST>`)).toBe(5);
    await pulse(`agent unlink <@UGHOST>`);
    await pulse(`agent unlink <@${CAMILLE}>`);
  });

  it("a mention with neither a link nor a profile email stays the user id and matches nobody", async () => {
    expect(await assignmentsFor("assignee:<@UGHOST>")).toBe(0);
  });

  it("workspace A's links never affect workspace B", async () => {
    await pulse(`agent link <@${CAMILLE}> camille@inbox.example`);
    expect(await assignmentsFor(`assignee:<@${CAMILLE}>`)).toBe(3);
    // In B the same user resolves by her profile email (Fox's 4), not A's link (Camille's 1).
    expect(await assignmentsFor(`assignee:<@${CAMILLE}>`, TEAM_B)).toBe(4);
    expect(await pulse("agent list", ADMIN, TEAM_B)).toContain("No agent links yet");
    expect(await pulse(`agent unlink <@${CAMILLE}>`, ADMIN, TEAM_B)).toContain("has no link here");
    expect(await listAgentLinks(db, TEAM)).toHaveLength(1);
    await pulse(`agent unlink <@${CAMILLE}>`);
  });

  it("says which part of the input is wrong, escaped", async () => {
    expect(await pulse("agent link camille camille@inbox.example")).toContain("Which user? Expected a Slack mention");
    expect(await pulse("agent unlink")).toContain("after `unlink`, got nothing");
    expect(await pulse(`agent link <@${CAMILLE}>`)).toContain("Which agent? Expected one email address after the user");
    expect(await pulse(`agent link <@${CAMILLE}> not-an-email`)).toContain("got `not-an-email`");
    expect(await pulse(`agent link <@${CAMILLE}> a@b.example c@d.example`)).toContain("Which agent?");
    const hostile = await pulse(`agent link <@${CAMILLE}> <!channel>`);
    expect(hostile).toContain("Which agent?");
    expect(hostile).not.toContain("<!channel>");
    expect(await pulse("agent frob")).toContain("Unknown `frob`");
    expect(await pulse("agent")).toContain("/pulse agent link @user email");
    expect(await listAgentLinks(db, TEAM)).toEqual([]);
  });

  it("needs the same permission as reports", async () => {
    expect(await pulse(`agent link <@${CAMILLE}> camille@inbox.example`, "UNOBODY")).toContain("only workspace admins");
    expect(await pulse("agent list", "UNOBODY")).toContain("only workspace admins");
    expect(await listAgentLinks(db, TEAM)).toEqual([]);
  });
});
