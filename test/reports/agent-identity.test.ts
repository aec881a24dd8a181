// Who is who, through the real ingest path (HTTP API, ingestEvents) on both databases: one row
// per agent however their events name them, in any arrival order; labels told apart; the
// agent: and assignee: filters select whole people; the assignee menu lists each person once;
// migration 0016's backfill gives what ingest keeps.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/demo/random.ts";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { NO_DATA } from "../../src/domain/notices.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import type { AgentPerformanceReport } from "../../src/reports/agent-performance-report.ts";
import { writeAgentPerformanceCsv } from "../../src/render/csv/agent-performance-csv.ts";
import { assigneeChoices, type AssignmentsReport } from "../../src/reports/assignments-report.ts";
import { buildReport } from "../../src/reports/build-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { migrationsFolder } from "../../src/store/engine/migrate.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { agentPerformance } from "../support/agent-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { postJson, startIngestServer } from "../support/server.ts";
import { startSlackTestApp } from "../support/slack-app.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const WEEK = "2026-11-16..2026-11-20";
const TOM = { id: "u-7", name: "Tom", email: "tom@x.com" };

let conversations = 0;
/** A customer's email on `day` (Nov 2026) at 09:00 UTC, answered at 09:30 by `agent`, closed at 10:00 by `closer` if given. */
function conversation(day: number, agent: object, closer?: object): Record<string, unknown>[] {
  const tag = `c${++conversations}`;
  const at = (time: string) => `2026-11-${day}T${time}:00Z`;
  return [
    {
      type: "email.received",
      id: `${tag}-in`,
      occurredAt: at("09:00"),
      threadId: `t-${tag}`,
      customer: { email: `${tag}@customers.example` },
    },
    { type: "email.replied", id: `${tag}-re`, occurredAt: at("09:30"), threadId: `t-${tag}`, agent },
    ...(closer ? [{ type: "email.closed", id: `${tag}-cl`, occurredAt: at("10:00"), threadId: `t-${tag}`, agent: closer }] : []),
  ];
}

let workspaces = 0;
const workspace = () => `TWHO${++workspaces}`;

async function ingest(ws: string, events: readonly object[]): Promise<void> {
  const outcome = await ingestEvents(db, ws, events);
  expect(outcome.rejected).toBe(0);
}

/** Each agent row: label, key and figures. */
const rows = (r: AgentPerformanceReport) =>
  r.agents.map((a) => ({
    label: a.label,
    key: a.agentKey,
    responses: a.firstResponse.count,
    resolutions: a.resolution.count,
    customers: a.customers,
  }));

describe("agents are one person however they are sent", () => {
  it("{id, name, email} then {name} alone: one Tom, through the HTTP API", async () => {
    const ws = workspace();
    const server = await startIngestServer(db);
    try {
      const { token } = await createToken(db, ws);
      const events = [...conversation(16, TOM), ...conversation(17, { name: "Tom" })];
      const response = await postJson(`${server.url}/api/v1/events`, { events }, token);
      expect(await response.json()).toMatchObject({ stored: events.length });
    } finally {
      await server.close();
    }
    expect(rows(await agentPerformance(db, ws, WEEK))).toEqual([
      { label: "Tom", key: "id:u-7", responses: 2, resolutions: 0, customers: 2 },
    ]);
  });

  it("{id, name} and {email, name}: two Vals told apart, then one once an event links the id and the email", async () => {
    const ws = workspace();
    const val42 = conversation(16, { id: "42", name: "Val" });
    await ingest(ws, [...val42, ...conversation(17, { email: "val@x.com", name: "Val" })]);
    expect(rows(await agentPerformance(db, ws, WEEK))).toEqual([
      { label: "Val (id 42)", key: "id:42", responses: 1, resolutions: 0, customers: 1 },
      { label: "Val (val@x.com)", key: "email:val@x.com", responses: 1, resolutions: 0, customers: 1 },
    ]);
    // A close that names both (email in another case).
    await ingest(ws, [
      {
        type: "email.closed",
        id: "val-link",
        occurredAt: "2026-11-18T12:00:00Z",
        threadId: val42[0]!.threadId,
        agent: { id: "42", email: "VAL@x.com" },
      },
    ]);
    expect(rows(await agentPerformance(db, ws, WEEK))).toEqual([
      { label: "Val", key: "id:42", responses: 2, resolutions: 1, customers: 2 },
    ]);
  });

  it("a name alone shared by several agents stays apart; labels and the CSV tell the three apart", async () => {
    const ws = workspace();
    await ingest(ws, [
      ...conversation(16, { email: "tom.a@x.com", name: "Tom" }),
      ...conversation(17, { email: "tom.b@x.com", name: "Tóm" }),
      ...conversation(18, { name: "TOM" }),
      // Zoé is known by id; a name alone without the accent is her.
      ...conversation(18, { id: "z-1", name: "Zoé Dubois" }),
      ...conversation(19, { name: "zoe dubois" }, { id: "z-1" }),
    ]);
    const report = await agentPerformance(db, ws, WEEK);
    expect(rows(report)).toEqual([
      { label: "TOM (name only)", key: "name:tom", responses: 1, resolutions: 0, customers: 1 },
      { label: "Tom (tom.a@x.com)", key: "email:tom.a@x.com", responses: 1, resolutions: 0, customers: 1 },
      { label: "Tóm (tom.b@x.com)", key: "email:tom.b@x.com", responses: 1, resolutions: 0, customers: 1 },
      { label: "zoe dubois", key: "id:z-1", responses: 2, resolutions: 1, customers: 2 },
    ]);
    let csv = "";
    await writeAgentPerformanceCsv(report, (chunk) => void (csv += chunk));
    const lines = csv.split("\r\n").map((line) => line.split(",").slice(0, 5).join(","));
    expect(lines.slice(0, 6)).toEqual([
      "Agent,Agent email,Agent ID,Customers,First responses (business hours)",
      "TOM (name only),-,-,1,1",
      "Tom (tom.a@x.com),tom.a@x.com,-,1,1",
      "Tóm (tom.b@x.com),tom.b@x.com,-,1,1",
      "zoe dubois,-,z-1,2,2",
      "Team,-,-,5,5",
    ]);
  });

  it("gives the same rows whatever order and batches the events arrive in", async () => {
    const events = [
      ...conversation(16, TOM),
      ...conversation(16, { name: "tom" }, { email: "TOM@x.com" }),
      ...conversation(17, { id: "42", name: "Val" }),
      ...conversation(17, { email: "val@x.com", name: "Val" }, { id: "42", email: "val@x.com" }),
      ...conversation(18, { email: "ann.a@x.com", name: "Ann" }),
      ...conversation(18, { email: "ann.b@x.com", name: "Ann" }),
      ...conversation(19, { name: "Ann" }, { name: "Zed" }),
      ...conversation(20, { id: "u-9", name: "Ray" }),
      ...conversation(20, { name: "Ray" }, { id: "u-9", email: "ray@x.com", name: "Raymond" }),
    ];
    const inOrder = workspace();
    await ingest(inOrder, events);
    const expected = await agentPerformance(db, inOrder, WEEK);
    expect(rows(expected).map((r) => r.label)).toEqual([
      "Ann (ann.a@x.com)",
      "Ann (ann.b@x.com)",
      "Ann (name only)",
      "Raymond",
      "Tom",
      "Val",
      "Zed",
    ]);
    const random = mulberry32(14);
    for (let run = 0; run < 4; run++) {
      const ws = workspace();
      const shuffled = run === 0 ? [...events].reverse() : [...events].sort(() => random() - 0.5);
      const size = run === 0 ? 1 : 1 + Math.floor(random() * 5);
      for (let start = 0; start < shuffled.length; start += size) await ingest(ws, shuffled.slice(start, start + size));
      const report = await agentPerformance(db, ws, WEEK);
      expect(report.agents).toEqual(expected.agents);
      expect(report.team).toEqual(expected.team);
    }
  });

  it("stores an agent with three 500-character texts once (no unique key to outgrow PostgreSQL's index rows)", async () => {
    const ws = workspace();
    const random = mulberry32(3);
    const text = (base: number) => Array.from({ length: 500 }, () => String.fromCodePoint(base + Math.floor(random() * 0x500))).join("");
    const long = { id: text(0x1f300), name: text(0x4e00), email: `${"a".repeat(480)}@x.example` };
    await ingest(ws, [...conversation(16, long), ...conversation(17, long)]);
    await ingest(ws, conversation(18, long));
    const [row] = rows(await agentPerformance(db, ws, WEEK));
    expect(row).toMatchObject({ label: long.name, responses: 3 });
    const [stored] = await db.raw.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM person_identities WHERE workspace_id = ?", [ws]);
    expect(Number(stored!.n)).toBe(1);
  });

  it("agent: selects the whole agent, by any of their ids, emails or names", async () => {
    const ws = workspace();
    await ingest(ws, [
      ...conversation(16, TOM),
      ...conversation(17, { name: "Tom" }, { email: "tom@x.com" }),
      ...conversation(17, { name: "Ann", email: "ann@x.com" }),
    ]);
    for (const filter of ["agent:TOM@x.com", "agent:u-7", "agent:tom"]) {
      expect(rows(await agentPerformance(db, ws, `${WEEK} ${filter}`)), filter).toEqual([
        { label: "Tom", key: "id:u-7", responses: 2, resolutions: 1, customers: 2 },
      ]);
    }
    const both = await agentPerformance(db, ws, `${WEEK} agent:u-7 agent:ann@x.com`);
    expect(rows(both).map((r) => r.label)).toEqual(["Ann", "Tom"]);
    expect(both.team.firstResponse.count).toBe(3);
    const nobody = await agentPerformance(db, ws, `${WEEK} agent:nobody@x.com`);
    expect([nobody.agents, nobody.notices.map((n) => n.text)]).toEqual([[], [NO_DATA, 'No agent matches "nobody@x.com" in this period.']]);
  });

  it("agent:@user through a Slack agent link finds the merged agent", async () => {
    const team = FAKE_IDS.teamId;
    await ingest(team, [
      ...conversation(16, TOM),
      ...conversation(17, { name: "Tom" }),
      ...conversation(17, { name: "Ann", email: "ann@x.com" }),
    ]);
    const slack = await startSlackTestApp(db);
    try {
      slack.fake.setUser({ id: "UADMIN09", team_id: team, is_admin: true, profile: { email: "boss@example.com" } });
      slack.fake.setUser({ id: "UTOM", team_id: team, profile: { email: "tommy@slack.example" } });
      await slack.command("/pulse", "agent link <@UTOM> tom@x.com", "UADMIN09", team);
      const { payload } = await slack.command("/agent-performance", `${WEEK} agent:<@UTOM>`, "UADMIN09", team);
      // One agent: the section is theirs, with their first responses (2 on the 16th and 17th).
      const sections = (payload.blocks ?? []).filter((b) => b.type === "section");
      expect(sections[1]!.text.text).toBe("*Tom* · change vs the previous 5 days");
      expect(sections[1]!.fields[0].text).toBe("*First responses*\n2 (no previous data)");
    } finally {
      await slack.close();
    }
  });
});

async function assignments(ws: string, text: string): Promise<AssignmentsReport> {
  const parsed = parseCommandText("assignments", text);
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  return (await buildReport(await loadReportContext(db, ws, Date.parse("2026-11-23T12:00:00Z")), parsed.request)) as AssignmentsReport;
}

describe("assignees are one person however they are sent", () => {
  it("the menu lists each person once, told apart; assignee: counts every assignment of the person", async () => {
    const ws = workspace();
    const assigned = (contact: string, assignee: object) =>
      assignment({ occurredAt: "2026-11-18T10:00:00Z", contact: { id: contact }, assignee });
    await ingest(ws, [
      assigned("c1", TOM),
      assigned("c2", { name: "Tom" }),
      assigned("c3", { name: "tom" }),
      assigned("c4", { id: "42", name: "Val" }),
      assigned("c5", { email: "val@x.com", name: "Val" }),
    ]);
    const parsed = parseCommandText("assignments", WEEK);
    if (parsed.kind !== "request") throw new Error("unparsed");
    const context = await loadReportContext(db, ws, Date.parse("2026-11-23T12:00:00Z"));
    expect(await assigneeChoices(context, parsed.request)).toEqual([
      { label: "Tom", value: "tom@x.com" },
      { label: "Val (id 42)", value: "42" },
      { label: "Val (val@x.com)", value: "val@x.com" },
    ]);
    expect((await assignments(ws, `${WEEK} assignee:tom@x.com`)).total).toBe(3);
    expect((await assignments(ws, `${WEEK} assignee:u-7`)).log.rows.map((r) => r.contactId).sort()).toEqual(["c1", "c2", "c3"]);
    expect((await assignments(ws, `${WEEK} assignee:Val`)).total).toBe(2);
    expect((await assignments(ws, `${WEEK} assignee:val@x.com`)).total).toBe(1);
    expect((await assignments(ws, `${WEEK} assignee:nobody`)).total).toBe(0);
  });
});

describe("migration 0016", () => {
  it("its backfill gives the identities ingest keeps", async () => {
    const snapshot = () =>
      db.raw.sql.query(
        "SELECT workspace_id, stream, person_id, person_name, person_email FROM person_identities ORDER BY workspace_id, stream, person_id, person_name, person_email",
      );
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(20);
    const sql = readFileSync(join(migrationsFolder(db.raw.sql.dialect), "0016_person_identities", "migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("-- Backfill"));
    await db.raw.sql.transaction(async (tx) => {
      await tx.run("DELETE FROM person_identities");
      await tx.exec(backfill);
    });
    expect(await snapshot()).toEqual(kept);
  });
});
