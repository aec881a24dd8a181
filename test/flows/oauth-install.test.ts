// Installs into many workspaces (OAuth): the install flow through Bolt's real receiver
// against the fake oauth.v2.access, tokens sealed at rest, org-wide installs keyed by the
// enterprise, workspaces side by side, uninstall, and digests posted with each one's token.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import { readConfig } from "../../src/config.ts";
import { parseDigestSchedule } from "../../src/domain/digest-schedule.ts";
import { runDueDigests } from "../../src/digests/digest-runner.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { silentLogger } from "../../src/log.ts";
import { TokenCipher } from "../../src/secrets/token-cipher.ts";
import { BOT_SCOPES } from "../../src/slack/bot-scopes.ts";
import { installedClients, slackDigestPoster } from "../../src/slack/digest-poster.ts";
import { createSubscription, listSubscriptions, NOT_INSTALLED } from "../../src/store/workspace/digests.ts";
import { updateWorkspaceSettings } from "../../src/store/workspace/workspaces.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import type { FakeInstall } from "../support/fake-slack.ts";
import { OAUTH_ENV, SIGNING_SECRET, startSlackTestApp, type SlackTestApp } from "../support/slack-app.ts";
import { sendEvent, sendSlashCommand, signRequest } from "../support/slack-requests.ts";

let db: TestDatabase;
let slack: SlackTestApp;
const cipher = new TokenCipher(Buffer.from(OAUTH_ENV.ENCRYPTION_KEY, "hex"));
let codes = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  slack = await startSlackTestApp(db, {}, { oauth: true });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});

/** The browser's side of an install: /slack/install, Slack's consent page (faked), /slack/oauth_redirect. */
async function install(base: string, grant: Omit<FakeInstall, "scopes" | "installerId">): Promise<{ status: number; body: string }> {
  const start = await fetch(`${base}/slack/install`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const consent = new URL(start.headers.get("location")!);
  const cookie = start.headers
    .getSetCookie()
    .find((c) => c.startsWith("slack-app-oauth-state="))!
    .split(";")[0]!;
  const code = `code-${++codes}`;
  slack.fake.addInstallCode(code, { ...grant, scopes: consent.searchParams.get("scope")!.split(","), installerId: "UINSTALLER" });
  const state = consent.searchParams.get("state")!;
  const done = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: "manual",
  });
  return { status: done.status, body: await done.text() };
}

const row = (id: string) => db.prisma.slackInstallation.findUnique({ where: { id } });
const uninstalledAt = async (id: string) => (await db.prisma.workspace.findUnique({ where: { id } }))?.uninstalledAt ?? null;
const recentAssignment = (contact: string) =>
  assignment({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), contact: { id: contact, name: contact } });

/** Polls until `check` holds: events are acknowledged before their listener runs. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting for the event to be handled");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("OAuth install", () => {
  it("sends the installer to Slack's consent page with the manifest's scopes and a state cookie", async () => {
    const start = await fetch(`${slack.url}/slack/install`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get("location")!);
    expect(`${consent.origin}${consent.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(consent.searchParams.get("client_id")).toBe(OAUTH_ENV.SLACK_CLIENT_ID);
    expect(consent.searchParams.get("scope")!.split(",")).toEqual([...BOT_SCOPES]);
    expect(start.headers.getSetCookie().join()).toContain(`slack-app-oauth-state=${consent.searchParams.get("state")}`);
  });

  it("exchanges the code, stores the installation sealed, and serves the workspace with its own token", async () => {
    const result = await install(slack.url, { teamId: "T0INSTALLA", botToken: "xoxb-team-a-secret" });
    expect(result.status).toBe(200);

    const stored = await row("T0INSTALLA");
    expect(stored).toMatchObject({ teamId: "T0INSTALLA", enterpriseId: null, isEnterpriseInstall: false, installedBy: "UINSTALLER" });
    expect(stored!.installation).toMatch(/^v1:/);
    expect(stored!.installation).not.toContain("xoxb-team-a-secret");
    expect(JSON.parse(cipher.open(stored!.installation, "T0INSTALLA")).bot.token).toBe("xoxb-team-a-secret");
    // Sealed for its own row: the same value does not open as another workspace's.
    expect(() => cipher.open(stored!.installation, "T0INSTALLB")).toThrow("does not open");
    expect(await db.prisma.workspace.findUnique({ where: { id: "T0INSTALLA" } })).toMatchObject({
      name: "Team T0INSTALLA",
      uninstalledAt: null,
    });

    slack.fake.setUser({ id: "UADMINA", team_id: "T0INSTALLA", is_admin: true });
    await ingestEvents(db.sql, "T0INSTALLA", [recentAssignment("Alpha Contact")]);
    const { payload } = await slack.command("/assignments", "today", "UADMINA", "T0INSTALLA");
    expect(JSON.stringify(payload)).toContain("Alpha Contact");
    expect(slack.fake.callsTo("users.info").at(-1)?.token).toBe("xoxb-team-a-secret");
  });

  it("replaces the token when the app is installed again", async () => {
    expect((await install(slack.url, { teamId: "T0REINSTAL", botToken: "xoxb-first" })).status).toBe(200);
    expect((await install(slack.url, { teamId: "T0REINSTAL", botToken: "xoxb-second" })).status).toBe(200);
    expect(await db.prisma.slackInstallation.count({ where: { id: "T0REINSTAL" } })).toBe(1);
    expect((await slack.installations!.installationFor("T0REINSTAL"))?.bot?.token).toBe("xoxb-second");
  });

  it("refuses a redirect that did not start in this browser (no state cookie)", async () => {
    const start = await fetch(`${slack.url}/slack/install`, { redirect: "manual" });
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    slack.fake.addInstallCode("stolen-code", { teamId: "T0FORGED", botToken: "xoxb-forged", scopes: ["commands"], installerId: "UX" });
    const done = await fetch(`${slack.url}/slack/oauth_redirect?code=stolen-code&state=${encodeURIComponent(state)}`, {
      redirect: "manual",
    });
    expect(done.status).toBe(400);
    expect(await row("T0FORGED")).toBeNull();
  });

  it("keys an org-wide install by the enterprise id and serves every team of the org with its token", async () => {
    expect((await install(slack.url, { enterpriseId: "E0GRID", botToken: "xoxb-org-wide" })).status).toBe(200);
    expect(await row("E0GRID")).toMatchObject({ enterpriseId: "E0GRID", teamId: null, isEnterpriseInstall: true });

    slack.fake.setUser({ id: "UGRIDADMIN", team_id: "T0INGRID", is_admin: true });
    await ingestEvents(db.sql, "E0GRID", [recentAssignment("Grid Contact")]);
    const { payload } = await slack.command("/assignments", "today", "UGRIDADMIN", "T0INGRID", {
      enterprise_id: "E0GRID",
      is_enterprise_install: true,
    });
    expect(JSON.stringify(payload)).toContain("Grid Contact");
    expect(slack.fake.callsTo("users.info").at(-1)?.token).toBe("xoxb-org-wide");
  });

  it("keeps two workspaces apart: each is answered with its own token and sees only its own data", async () => {
    await install(slack.url, { teamId: "T0SIDEA", botToken: "xoxb-side-a" });
    await install(slack.url, { teamId: "T0SIDEB", botToken: "xoxb-side-b" });
    slack.fake.setUser({ id: "USIDEA", team_id: "T0SIDEA", is_admin: true });
    slack.fake.setUser({ id: "USIDEB", team_id: "T0SIDEB", is_admin: true });
    await ingestEvents(db.sql, "T0SIDEA", [recentAssignment("Side A Contact")]);
    await ingestEvents(db.sql, "T0SIDEB", [recentAssignment("Side B Contact")]);

    for (const [team, user, token, mine, theirs] of [
      ["T0SIDEA", "USIDEA", "xoxb-side-a", "Side A Contact", "Side B Contact"],
      ["T0SIDEB", "USIDEB", "xoxb-side-b", "Side B Contact", "Side A Contact"],
    ] as const) {
      const text = JSON.stringify((await slack.command("/assignments", "today", user, team)).payload);
      expect(text).toContain(mine);
      expect(text).not.toContain(theirs);
      expect(slack.fake.callsTo("users.info").at(-1)?.token).toBe(token);
    }
  });

  it("refuses a workspace where the app is not installed", async () => {
    slack.fake.setUser({ id: "USTRANGER", team_id: "T0NOTHERE", is_admin: true });
    const usersInfoBefore = slack.fake.callsTo("users.info").length;
    const result = await sendSlashCommand(slack.url, SIGNING_SECRET, {
      command: "/assignments",
      text: "today",
      user_id: "USTRANGER",
      team_id: "T0NOTHERE",
      channel_id: "C0X",
      response_url: slack.fake.responseUrl("nowhere"),
    });
    // Bolt answers 401 when authorize finds no installation; no listener runs.
    expect(result.status).toBe(401);
    expect(slack.fake.callsTo("users.info").length).toBe(usersInfoBefore);
  });
});

async function subscribe(workspaceId: string, channelId: string) {
  const parsed = parseDigestSchedule(["daily", "08:30"], "UTC");
  if (!parsed.ok) throw new Error(parsed.error);
  return createSubscription(db.prisma, {
    workspaceId,
    channelId,
    report: "assignments",
    schedule: JSON.stringify(parsed.schedule),
    createdBy: "UCREATOR",
    createdAt: new Date("2026-11-01T00:00:00Z"),
  });
}

describe("uninstall", () => {
  it("app_uninstalled deletes the tokens and pauses the digests; the data stays unless the workspace chose erasure", async () => {
    await install(slack.url, { teamId: "T0KEEPDATA", botToken: "xoxb-keep" });
    await install(slack.url, { teamId: "T0ERASEME", botToken: "xoxb-erase" });
    for (const team of ["T0KEEPDATA", "T0ERASEME"]) {
      await ingestEvents(db.sql, team, [recentAssignment(`${team} Contact`)]);
      await subscribe(team, `C0${team}`);
    }
    await updateWorkspaceSettings(db.prisma, "T0ERASEME", { eraseOnUninstall: true });

    for (const team of ["T0KEEPDATA", "T0ERASEME"]) {
      expect((await sendEvent(slack.url, SIGNING_SECRET, { team_id: team, event: { type: "app_uninstalled" } })).status).toBe(200);
    }
    await eventually(async () => (await db.prisma.workspace.findUnique({ where: { id: "T0ERASEME" } })) === null);
    // Marking the workspace uninstalled is the handler's last step.
    await eventually(async () => (await uninstalledAt("T0KEEPDATA")) !== null);
    expect(await row("T0KEEPDATA")).toBeNull();
    expect(await listSubscriptions(db.prisma, "T0KEEPDATA")).toMatchObject([{ pausedReason: NOT_INSTALLED }]);
    expect(await db.prisma.assignment.count({ where: { workspaceId: "T0KEEPDATA" } })).toBe(1);

    expect(await row("T0ERASEME")).toBeNull();
    expect(await listSubscriptions(db.prisma, "T0ERASEME")).toEqual([]);
    expect(await db.prisma.assignment.count({ where: { workspaceId: "T0ERASEME" } })).toBe(0);
    const logged = slack.logs.map((line) => JSON.parse(line)).filter((l) => l.msg === "app left the workspace");
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          workspaceId: "T0KEEPDATA",
          event: "app_uninstalled",
          installationsDeleted: 1,
          digestsPaused: 1,
          erased: false,
          rowsErased: 0,
        }),
        expect.objectContaining({ workspaceId: "T0ERASEME", installationsDeleted: 1, digestsPaused: 1, erased: true }),
      ]),
    );

    // Installed again: the digests stopped by the uninstall resume.
    await install(slack.url, { teamId: "T0KEEPDATA", botToken: "xoxb-keep-again" });
    expect(await listSubscriptions(db.prisma, "T0KEEPDATA")).toMatchObject([{ pausedAt: null, pausedReason: null }]);
    expect(await uninstalledAt("T0KEEPDATA")).toBeNull();
  });

  it("an org-wide uninstall deletes the enterprise's installation, not a team's", async () => {
    await install(slack.url, { enterpriseId: "E0LEAVING", botToken: "xoxb-org-leaving" });
    await install(slack.url, { teamId: "T0INLEAVING", botToken: "xoxb-team-staying" });
    // As Slack sends it for an org-wide app: the authorization names the enterprise, not a team.
    const body = JSON.stringify({
      token: "fake-verification-token",
      team_id: "T0INLEAVING",
      enterprise_id: "E0LEAVING",
      api_app_id: "A0FAKEAPP",
      type: "event_callback",
      event: { type: "app_uninstalled" },
      event_id: "Ev0ORGLEAVE",
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: "E0LEAVING", team_id: null, user_id: "U0FAKEBOT", is_bot: true, is_enterprise_install: true }],
    });
    const sent = await fetch(`${slack.url}/slack/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...signRequest(SIGNING_SECRET, body) },
      body,
    });
    expect(sent.status).toBe(200);
    await eventually(async () => (await row("E0LEAVING")) === null);
    expect(await row("T0INLEAVING")).not.toBeNull();
  });

  it("tokens_revoked for the bot's token deletes it and pauses the digests", async () => {
    await install(slack.url, { teamId: "T0REVOKED", botToken: "xoxb-revoked" });
    await subscribe("T0REVOKED", "C0REVOKED");
    await sendEvent(slack.url, SIGNING_SECRET, { team_id: "T0REVOKED", event: { type: "tokens_revoked", tokens: { bot: ["U0FAKEBOT"] } } });
    await eventually(async () => (await uninstalledAt("T0REVOKED")) !== null);
    expect(await row("T0REVOKED")).toBeNull();
    expect(await listSubscriptions(db.prisma, "T0REVOKED")).toMatchObject([{ pausedReason: NOT_INSTALLED }]);
  });
});

describe("digests with OAuth", () => {
  it("post with their own workspace's token; a workspace without an install has its digests paused", async () => {
    await install(slack.url, { teamId: "T0DIGESTA", botToken: "xoxb-digest-a" });
    await install(slack.url, { teamId: "T0DIGESTB", botToken: "xoxb-digest-b" });
    const a = await subscribe("T0DIGESTA", "C0DIGESTA");
    const b = await subscribe("T0DIGESTB", "C0DIGESTB");
    const orphan = await subscribe("T0NEVERINSTALLED", "C0ORPHAN");

    const config = readConfig({ SLACK_SIGNING_SECRET: SIGNING_SECRET, ...OAUTH_ENV });
    const clients = installedClients(db, slack.installations!, { slackApiUrl: slack.fake.apiUrl, retryConfig: { retries: 0 } });
    const options = { graceMs: 24 * 3_600_000, leaseMs: 15 * 60_000, maxAttempts: 3, instance: "oauth-test" };
    const outcomes = await runDueDigests(
      db,
      slackDigestPoster(clients, config, silentLogger),
      silentLogger,
      Date.parse("2026-11-24T08:31:00Z"),
      options,
    );

    const status = (id: string) => outcomes.find((o) => o.subscriptionId === id)?.status;
    expect([status(a.id), status(b.id), status(orphan.id)]).toEqual(["posted", "posted", "failed"]);
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts.find((c) => c.args.channel === "C0DIGESTA")?.token).toBe("xoxb-digest-a");
    expect(posts.find((c) => c.args.channel === "C0DIGESTB")?.token).toBe("xoxb-digest-b");
    expect(posts.some((c) => c.args.channel === "C0ORPHAN")).toBe(false);
    expect(await listSubscriptions(db.prisma, "T0NEVERINSTALLED")).toMatchObject([{ pausedReason: NOT_INSTALLED }]);
  });
});

describe("start-up with OAuth", () => {
  it("serves the install pages beside the ingest API, and stops when ENCRYPTION_KEY does not open the stored installations", async () => {
    const env = { DATABASE_URL: db.url, PORT: "0", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.fake.apiUrl, ...OAUTH_ENV };
    const app = await startApp(readConfig(env), silentLogger);
    try {
      expect(app.slack).toBe("http");
      const base = `http://127.0.0.1:${app.port}`;
      expect((await fetch(`${base}/slack/install`, { redirect: "manual" })).status).toBe(302);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
    const otherKey = Buffer.alloc(32, 7).toString("base64");
    await expect(startApp(readConfig({ ...env, ENCRYPTION_KEY: otherKey }), silentLogger)).rejects.toThrow(
      "ENCRYPTION_KEY does not decrypt the stored Slack installations (was it changed?)",
    );
  });
});

describe("manifest.yml", () => {
  it("asks for the bot scopes the install asks for", () => {
    const manifest = readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8");
    const bot = /^ {4}bot:\n((?: {6}- .*\n)+)/m.exec(manifest)?.[1] ?? "";
    const scopes = [...bot.matchAll(/- ([\w:.]+)/g)].map((m) => m[1]);
    expect(scopes).toEqual([...BOT_SCOPES]);
  });
});
