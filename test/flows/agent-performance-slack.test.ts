// /agent-performance end to end through Bolt's HTTP receiver and the fake Slack.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { actionOf, cellsOf, startSlackTestApp, tableOf, type SlackTestApp } from "../support/slack-app.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN02";
let db: TestDatabase;
let slack: SlackTestApp;
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "America/New_York", from: null });
  const agents = [
    { name: "Fox", email: "fox@example.com" },
    { name: "<!channel> *Ann*", email: "ann@example.com" },
  ];
  const events = agents.flatMap((agent, i) => [
    { type: "email.received", id: `r${i}`, occurredAt: ago(30 + i), threadId: `t${i}`, customer: { email: `c${i}@example.com` } },
    { type: "email.replied", id: `p${i}`, occurredAt: ago(29), threadId: `t${i}`, agent },
    { type: "email.closed", id: `x${i}`, occurredAt: ago(28), threadId: `t${i}`, agent },
  ]);
  expect((await ingestEvents(db, TEAM, events)).stored).toBe(6);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true, profile: { email: "boss@example.com" } });
  slack.fake.setUser({ id: "UFOX", team_id: TEAM, profile: { email: "fox@example.com" } });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});
beforeEach(() => slack.fake.reset());

const command = async (text: string) => {
  const result = await slack.command("/agent-performance", text, ADMIN, TEAM);
  expect(result.status).toBe(200);
  expect(result.elapsedMs).toBeLessThan(3000);
  return result.payload;
};

describe("/agent-performance", () => {
  it("answers with the schedule in words, the team line, one row per agent and a chart", async () => {
    const payload = await command("last-7-days");
    expect(payload.response_type).toBe("ephemeral");
    const json = JSON.stringify(payload.blocks);
    expect(json).toContain("Mon-Fri 09:00-17:00");
    expect(json).toContain("America/New_York");
    expect(json).toContain("Customer satisfaction: not yet available for email.");
    const rows = cellsOf(payload);
    expect(rows).toHaveLength(3);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["<!channel> *Ann*", "Fox"]);
    expect(payload.blocks.some((b) => b.type === "data_visualization")).toBe(true);
  });

  it("filters by agent, resolving a Slack mention by email: the section names the agent", async () => {
    const payload = await command("last-7-days agent:<@UFOX|fox>");
    expect(cellsOf(payload)).toEqual([]);
    const sections = payload.blocks.filter((b) => b.type === "section");
    expect(sections[0]!.text.text).toMatch(/^\*Fox: median first response /);
    expect(sections[1]!.text.text).toBe("*Fox* · change vs the previous 7 days");
  });

  it("gives the seed's notices for a filter that does not apply and for no data", async () => {
    expect(JSON.stringify((await command("source:bot")).blocks)).toContain("The selected filter(s) are not applicable here.");
    expect(JSON.stringify((await command("2020-01-01..2020-01-31")).blocks)).toContain("The selected filter(s) have no applicable data.");
  });

  it("answers help and unknown words like /assignments", async () => {
    expect((await command("help")).text).toContain("agent:");
    const error = await command("lastmnth");
    expect(error.text).toContain("lastmnth");
    expect(error.text).toContain("last-month");
  });

  it("changes the period from the menu and exports every figure as CSV in the user's DM", async () => {
    const first = await command("today");
    const period = actionOf(first, "report_period");
    const week = await slack.click(
      { action_id: "report_period", block_id: period.block_id, selected_option: { value: "last-7-days" } },
      ADMIN,
      TEAM,
    );
    expect(week.replace_original).toBe(true);
    expect(tableOf(week)).toBeDefined();
    const reply = await slack.click({ action_id: "report_export", value: actionOf(week, "report_export").value }, ADMIN, TEAM);
    expect(reply.text).toContain("direct messages");
    await slack.fake.waitFor("files.completeUploadExternal");
    const csv = slack.fake.uploads.at(-1)!.bytes.toString("utf8");
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header).toContain("(s)");
    expect(lines.some((l) => l.startsWith("Team,"))).toBe(true);
    expect(lines).toHaveLength(3);
  });
});
