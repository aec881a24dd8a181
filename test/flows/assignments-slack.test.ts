// /assignments end to end: signed requests through Bolt's HTTP receiver, the fake Slack
// Web API, the fake response_url.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeState } from "../../src/render/block-kit/action-state.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { grantReportAccess } from "../../src/store/workspace/workspaces.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import {
  actionOf,
  actionsOf,
  cellsOf,
  SIGNING_SECRET,
  startSlackTestApp,
  tableOf,
  type Block,
  type ClickedAction,
  type Payload,
  type SlackTestApp,
} from "../support/slack-app.ts";
import { sendSlashCommand } from "../support/slack-requests.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN01";
const MEMBER = "UMEMBER1";
let db: TestDatabase;
let slack: SlackTestApp;

// Recent events: always inside "last-7-days", whatever the time of day the test runs.
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const events = [
    ...Array.from({ length: 25 }, (_, i) =>
      assignment({ id: `wf-${i}`, source: "workflow", occurredAt: minutesAgo(60 - i), contact: { id: `c${i}` } }),
    ),
    assignment({ id: "bot-1", source: "bot", occurredAt: minutesAgo(30), assignee: { name: "Ann", email: "ann@example.com" } }),
    assignment({
      id: "esc",
      source: "user",
      occurredAt: minutesAgo(20),
      contact: { id: "evil", name: "<!channel> *x* & co" },
      assignedBy: { name: "Lead" },
    }),
    assignment({ id: "formula", source: "bot", occurredAt: minutesAgo(10), contact: { id: "=1+2", name: '=HYPERLINK("http://x")' } }),
  ];
  await ingestEvents(db, TEAM, events);
  await ingestEvents(db, "TOTHERWS", [
    assignment({ id: "other-ws", source: "zapier", occurredAt: minutesAgo(30), contact: { id: "secret-contact" } }),
  ]);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true, profile: { email: "admin@example.com" } });
  slack.fake.setUser({ id: MEMBER, team_id: TEAM, profile: { email: "ann@example.com" } });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => slack.fake.reset());

async function command(text: string, user = ADMIN, teamId: string = TEAM) {
  const result = await slack.command("/assignments", text, user, teamId);
  expect(result.status).toBe(200);
  expect(result.elapsedMs).toBeLessThan(3000);
  return result;
}

const click = (action: ClickedAction, user = ADMIN, teamId: string = TEAM) => slack.click(action, user, teamId);
const action = actionOf;

describe("/assignments", () => {
  it("answers a signed command privately with the summary, charts and the log", async () => {
    const { payload } = await command("");
    expect(payload.response_type).toBe("ephemeral");
    expect(payload.text).toContain("28");
    const json = JSON.stringify(payload.blocks);
    expect(json).toContain("Workflow");
    expect(json).toContain("Last 7 days");
    expect(payload.blocks.filter((b) => b.type === "data_visualization")).toHaveLength(2);
    // The log as a data_table (TABLES=native, the default): Slack pages it; 28 rows fit in one.
    expect(tableOf(payload)).toMatchObject({ type: "data_table", caption: "All 28 assignments, newest first" });
    const rows = cellsOf(payload);
    expect(rows[0]).toEqual(["Time", "Contact", "Assigned to", "Source", "By"]);
    expect(rows).toHaveLength(29);
    expect(json).not.toContain("secret-contact");
  });

  it("never lets a customer's text ping or format in mrkdwn", async () => {
    const { payload } = await command("source:user");
    const mrkdwn: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (node && typeof node === "object") {
        const o = node as Record<string, unknown>;
        if (o.type === "mrkdwn" && typeof o.text === "string") mrkdwn.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(payload.blocks);
    expect(mrkdwn.join("\n")).not.toContain("<!channel>");
    // As typed in its raw_text cell, where Slack parses nothing.
    expect(cellsOf(payload)[1]![1]).toBe("<!channel> *x* & co");
  });

  it("filters by source, person (Slack mention resolved by email) and reports no data", async () => {
    expect(cellsOf((await command("source:bot")).payload)).toHaveLength(3);
    const mention = await command(`assignee:<@${MEMBER}|ann>`);
    expect(
      cellsOf(mention.payload)
        .slice(1)
        .map((r: string[]) => r[2]),
    ).toEqual(["Ann"]);
    const none = await command("yesterday source:zapier");
    expect(JSON.stringify(none.payload.blocks)).toContain("The selected filter(s) have no applicable data.");
    const na = await command("agent:Fox");
    expect(JSON.stringify(na.payload.blocks)).toContain("The selected filter(s) are not applicable here.");
  });

  it("names a word it does not understand, with a suggestion", async () => {
    const { payload } = await command("lst-7-days");
    expect(payload.text).toContain("lst-7-days");
    expect(payload.text).toContain("last-7-days");
    expect(tableOf(payload)).toBeUndefined();
    expect((await command("help")).payload.text).toContain("source:");
  });

  it("refuses politely who is neither admin nor allowed, and accepts the allowlist", async () => {
    const stranger = "USTRANGER";
    slack.fake.setUser({ id: stranger, team_id: TEAM });
    expect((await command("", stranger)).payload.text).toContain("only workspace admins");
    await grantReportAccess(db, TEAM, { subjectId: stranger, kind: "user" });
    expect(tableOf((await command("", stranger)).payload)).toBeDefined();
    const grouped = "UGROUPED1";
    slack.fake.setUser({ id: grouped, team_id: TEAM });
    slack.fake.setUsergroup("S0LEADS", [grouped]);
    expect((await command("", grouped)).payload.text).toContain("only workspace admins");
    await grantReportAccess(db, TEAM, { subjectId: "S0LEADS", kind: "usergroup" });
    expect(tableOf((await command("", grouped)).payload)).toBeDefined();
  });

  it("turns an internal error into a message with an error id that is also in the log", async () => {
    await db.raw.sql.run("UPDATE workspaces SET time_zone = ? WHERE id = ?", ["Mars/Olympus", TEAM]);
    try {
      const { payload } = await command("");
      const id = /`(E[A-Z0-9]+)`/.exec(payload.text)?.[1];
      expect(id).toBeDefined();
      expect(slack.logs.some((line) => line.includes(id!) && line.includes('"level":"error"'))).toBe(true);
    } finally {
      await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
    }
  });
});

describe("buttons and menus", () => {
  it("TABLES=table: a table block paged with Next and Previous, replacing the message", async () => {
    const classic = await startSlackTestApp(db, { TABLES: "table" });
    classic.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true, profile: { email: "admin@example.com" } });
    try {
      const { payload: first } = await classic.command("/assignments", "", ADMIN, TEAM);
      expect(tableOf(first)!.type).toBe("table");
      expect(cellsOf(first)).toHaveLength(21);
      const next = await classic.click({ action_id: "report_page_next", value: action(first, "report_page_next").value }, ADMIN, TEAM);
      expect(next.replace_original).toBe(true);
      expect(cellsOf(next)).toHaveLength(9);
      expect(JSON.stringify(next.blocks)).toContain("Page 2 of 2");
      const back = await classic.click({ action_id: "report_page_prev", value: action(next, "report_page_prev").value }, ADMIN, TEAM);
      expect(cellsOf(back)).toHaveLength(21);
    } finally {
      await classic.close();
    }
  });

  it("changes the period and the source from the menus, keeping the other filters, and clears them", async () => {
    const first = (await command("assignee:fox@example.com")).payload;
    const period = action(first, "report_period");
    const week = await click({ action_id: "report_period", block_id: period.block_id, selected_option: { value: "last-30-days" } });
    expect(JSON.stringify(week.blocks)).toContain("Last 30 days");
    const source = action(week, "report_source");
    const bots = await click({ action_id: "report_source", block_id: source.block_id, selected_option: { value: "bot" } });
    const botRows = cellsOf(bots).slice(1);
    expect(botRows.length).toBe(1);
    expect(botRows.every((r: string[]) => r[3] === "Bot" && r[2] === "Fox")).toBe(true);
    const cleared = await click({ action_id: "report_clear", value: action(bots, "report_clear").value });
    expect(cellsOf(cleared)).toHaveLength(29);
    expect(JSON.stringify(cleared.blocks)).toContain("Last 30 days");
  });

  it("refuses a tampered value, and a state from another workspace shows only the clicker's data", async () => {
    const bad = await click({ action_id: "report_page_next", value: '["assignments","last-7-days",["telepathy"],[],[],[],[],[],0]' });
    expect(bad.text).toContain("cannot accept");
    expect(tableOf(bad)).toBeUndefined();
    const junk = await click({ action_id: "report_period", block_id: "not json", selected_option: { value: "today" } });
    expect(junk.text).toContain("cannot accept");
    // The state never names a workspace: the same state clicked in TOTHERWS shows TOTHERWS only.
    slack.fake.setUser({ id: "UOTHERADM", team_id: "TOTHERWS", is_admin: true });
    const state = encodeState({
      report: "assignments",
      period: { preset: "last-7-days" },
      filters: { sources: [], assignees: [], assignedBy: [], contacts: [], conversations: [], agents: [] },
      page: 0,
    });
    const other = await click({ action_id: "report_page_next", value: state }, "UOTHERADM", "TOTHERWS");
    expect(
      cellsOf(other)
        .slice(1)
        .map((r: string[]) => r[1]),
    ).toEqual(["secret-contact"]);
  });

  it("exports the filtered log as a CSV file in the user's DM, formulas neutralised", async () => {
    const first = (await command("source:bot")).payload;
    const reply = await click({ action_id: "report_export", value: action(first, "report_export").value });
    expect(reply.text).toContain("2 rows");
    await slack.fake.waitFor("files.completeUploadExternal");
    expect(slack.fake.callsTo("conversations.open")[0]!.args.users).toBe(ADMIN);
    const csv = slack.fake.uploads.at(-1)!.bytes.toString("utf8");
    expect(csv.split("\r\n")[0]).toBe("Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by");
    expect(csv).toContain(`'=1+2,"'=HYPERLINK(""http://x"")"`);
  });

  it("shares the report in the channel for everyone, without controls", async () => {
    const first = (await command("")).payload;
    const shared = await click({ action_id: "report_share", value: action(first, "report_share").value });
    expect(shared.response_type).toBe("in_channel");
    expect(shared.replace_original).toBe(false);
    expect(actionsOf(shared)).toEqual([]);
    expect(tableOf(shared)).toBeDefined();
  });
});

describe("request authenticity", () => {
  const send = (options: { timestamp?: number; signature?: string | false }) =>
    sendSlashCommand(
      slack.url,
      SIGNING_SECRET,
      { command: "/assignments", text: "", user_id: ADMIN, team_id: TEAM, channel_id: "C1", response_url: slack.fake.responseUrl() },
      options,
    );

  it("refuses unsigned, badly signed and stale requests", async () => {
    expect((await send({ signature: false })).status).toBe(401);
    expect((await send({ signature: "v0=deadbeef" })).status).toBe(401);
    expect((await send({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(slack.fake.responses()).toEqual([]);
  });

  it("serves the ingest API on the same server", async () => {
    const response = await fetch(`${slack.url}/api/v1/events`, { method: "POST" });
    expect(response.status).toBe(401);
  });
});

describe("chart modes", () => {
  it.each([
    ["upload", (blocks: Block[]) => blocks.filter((b) => b.type === "image" && b.slack_file?.id)],
    [
      "quickchart",
      (blocks: Block[]) => blocks.filter((b) => b.type === "image" && String(b.image_url).startsWith("https://charts.example.com/")),
    ],
  ] as const)("CHARTS=%s shows both charts as images with alt text", async (mode, images) => {
    const app = await startSlackTestApp(db, { CHARTS: mode, QUICKCHART_HOST: "https://charts.example.com" });
    try {
      app.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
      await sendSlashCommand(app.url, SIGNING_SECRET, {
        command: "/assignments",
        text: "",
        user_id: ADMIN,
        team_id: TEAM,
        channel_id: "C1",
        response_url: app.fake.responseUrl("charts"),
      });
      const [payload] = (await app.fake.waitForResponse(1, 5000, "charts")) as unknown as Payload[];
      const found = images(payload!.blocks);
      expect(found).toHaveLength(2);
      expect(found.every((b) => typeof b.alt_text === "string" && b.alt_text.length > 10)).toBe(true);
      if (mode === "upload") {
        expect(app.fake.uploads.map((u) => u.bytes.subarray(1, 4).toString())).toEqual(["PNG", "PNG"]);
        expect(app.fake.callsTo("files.completeUploadExternal")).toHaveLength(2);
      }
    } finally {
      await app.close();
    }
  });
});
