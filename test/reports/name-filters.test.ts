// Name filters (contact:, assignee:, by:, agent:) forgive case and accents and match part of a
// name, with the same answer on both databases; a value that matches no one gets suggestions
// (in the report, the terminal and Slack); databases from before migrations 0015 and 0019 get
// their folded names written by the migrations. assignee: and agent: select people through
// person_identities (its folded names), contact: and by: the rows' folded names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { terminalReport } from "../../src/cli/report-command.ts";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { foldName } from "../../src/domain/name-matching.ts";
import { NO_DATA } from "../../src/domain/notices.ts";
import type { ReportName } from "../../src/domain/report-request.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import type { AgentPerformanceReport } from "../../src/reports/agent-performance-report.ts";
import type { AssignmentsReport } from "../../src/reports/assignments-report.ts";
import { buildReport } from "../../src/reports/build-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { applyMigrations } from "../../src/store/engine/migrate.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { startSlackTestApp, type Block, type SlackTestApp } from "../support/slack-app.ts";

let db: TestDatabase;
const WS = FAKE_IDS.teamId;
const DAY = "2026-11-20..2026-11-20";
// Fri 20 Nov 2026, 13:30 in Paris: "today" ends inside an hour, whose rows are read one by one.
const NOW = Date.parse("2026-11-20T12:30:00Z");

const ZOE = { id: "u-zoe", name: "Zoé Dubois", email: "Zoe.Dubois@Example.com" };
const CAMILLE_MARTIN = { id: "u-cm", name: "Camille Martin", email: "camille.martin@example.com" };
const CAMILLE_ROUX = { name: "Camille Roux" };

async function ask(report: "assignments", text: string): Promise<AssignmentsReport>;
async function ask(report: "agent-performance", text: string): Promise<AgentPerformanceReport>;
async function ask(report: ReportName, text: string) {
  const parsed = parseCommandText(report, text);
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  return buildReport(await loadReportContext(db, WS, NOW), parsed.request);
}
const assignments = (text: string) => ask("assignments", text);
const agents = (text: string) => ask("agent-performance", text);
const eventIds = async (text: string) => (await assignments(text)).log.rows.map((r) => r.eventId).sort();
const noMatch = (r: { notices: readonly { kind: string; text: string }[] }) =>
  r.notices.filter((n) => n.kind === "no_match").map((n) => n.text);

const email = (type: string, id: string, at: string, thread: string, rest: object) => ({
  type: `email.${type}`,
  id,
  occurredAt: at,
  threadId: thread,
  ...rest,
});

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db.sql, WS, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  const outcome = await ingestEvents(db.sql, WS, [
    assignment({
      id: "elodie",
      occurredAt: "2026-11-20T08:00:00Z",
      source: "user",
      contact: { id: "c-elodie", name: "Élodie Brun" },
      assignee: ZOE,
      assignedBy: CAMILLE_MARTIN,
    }),
    // Stored decomposed (E + combining acute), as some senders write it.
    assignment({
      id: "nunez",
      occurredAt: "2026-11-20T08:10:00Z",
      source: "bot",
      contact: { id: "c-nunez", name: "José Núñez" },
      assignee: CAMILLE_MARTIN,
    }),
    assignment({
      id: "nfd",
      occurredAt: "2026-11-20T08:20:00Z",
      source: "bot",
      contact: { id: "c-nfd", name: "E\u0301milie Roy" },
      assignee: CAMILLE_ROUX,
    }),
    assignment({ id: "percent", occurredAt: "2026-11-20T08:30:00Z", contact: { id: "c-50", name: "50% off" }, assignee: null }),
    assignment({
      id: "thousands",
      occurredAt: "2026-11-20T08:40:00Z",
      contact: { id: "c-5000", name: "5000 offers" },
      assignee: { name: "Fox" },
    }),
    assignment({ id: "underscore", occurredAt: "2026-11-20T08:50:00Z", contact: { id: "c-mrx", name: "Mr_X" }, assignee: { name: "Fox" } }),
    assignment({ id: "dash", occurredAt: "2026-11-20T09:00:00Z", contact: { id: "c-mr-x", name: "Mr-X" }, assignee: { name: "Fox" } }),
    // In today's last, partial hour: read from the rows, not from the hourly counts.
    assignment({ id: "late", occurredAt: "2026-11-20T12:10:00Z", contact: { id: "c-late", name: "Late" }, assignee: ZOE }),
    // Outside the period: never suggested.
    assignment({
      id: "old",
      occurredAt: "2026-10-01T09:00:00Z",
      contact: { id: "c-old", name: "Camilla Old" },
      assignee: { name: "Camilla Old" },
    }),
    email("received", "m1", "2026-11-20T08:00:00Z", "t1", { customer: { email: "joe@example.com" } }),
    email("replied", "m2", "2026-11-20T08:30:00Z", "t1", { agent: { name: "Zoé Dubois", email: "zoe.dubois@example.com" } }),
    email("closed", "m3", "2026-11-20T09:00:00Z", "t1", { agent: { id: "agent-cm", name: "Camille Martin" } }),
    email("received", "m4", "2026-11-20T08:00:00Z", "t2", { customer: { email: "ann@example.com" } }),
    email("replied", "m5", "2026-11-20T08:45:00Z", "t2", { agent: { name: "Łukasz Straße" } }),
  ]);
  expect(outcome.rejected).toBe(0);
});
afterAll(async () => {
  await db.destroy();
});

describe(`name filters forgive case and accents (${TEST_PROVIDER})`, () => {
  it.each([
    ['contact:"Élodie Brun"', ["elodie"]],
    ["contact:Elodie", ["elodie"]],
    ["contact:ÉLODIE", ["elodie"]],
    ["contact:Nunez", ["nunez"]],
    ["contact:núñez", ["nunez"]],
    ["contact:emilie", ["nfd"]],
    ["contact:Émilie", ["nfd"]],
    ['assignee:"Zoe Dubois"', ["elodie", "late"]],
    ['assignee:"ZOÉ DUBOIS"', ["elodie", "late"]],
    ["by:ZOE", []],
    ['by:"Camille Martin"', ["elodie"]],
  ])("%s", async (text, ids) => {
    expect(await eventIds(`${DAY} ${text}`)).toEqual(ids);
  });

  it('agent:"Zoe Dubois" and other spellings find Zoé', async () => {
    for (const text of ['agent:"Zoe Dubois"', "agent:ZOÉ", 'agent:"zoe  dubois"']) {
      const r = await agents(`${DAY} ${text}`);
      expect(r.agents.map((a) => a.label)).toEqual(["Zoé Dubois"]);
    }
    expect((await agents(`${DAY} agent:lukasz`)).agents.map((a) => a.label)).toEqual(["Łukasz Straße"]);
    expect((await agents(`${DAY} agent:strasse`)).agents.map((a) => a.label)).toEqual(["Łukasz Straße"]);
  });

  it("reads the hourly counts and the rows of a partial hour alike", async () => {
    const today = await assignments("today assignee:zoe");
    expect(today.total).toBe(2);
    expect(today.log.rows.map((r) => r.eventId).sort()).toEqual(["elodie", "late"]);
  });
});

describe("assignee:, by: and agent: match part of a name, as contact: does", () => {
  it.each([
    ["assignee:camille", ["nfd", "nunez"]],
    ["assignee:roux", ["nfd"]],
    ['assignee:"zoe dub"', ["elodie", "late"]],
    ["by:camille", ["elodie"]],
    ["by:martin source:user", ["elodie"]],
    ["contact:brun", ["elodie"]],
    ["contact:RoY", ["nfd"]],
  ])("%s", async (text, ids) => {
    expect(await eventIds(`${DAY} ${text}`)).toEqual(ids);
  });

  it("agent:camille finds Camille Martin", async () => {
    const r = await agents(`${DAY} agent:camille`);
    expect(r.agents.map((a) => a.label)).toEqual(["Camille Martin"]);
    expect(r.team.resolution.count).toBe(1);
  });

  it("ids match exactly, emails ignoring case", async () => {
    expect(await eventIds(`${DAY} assignee:u-zoe`)).toEqual(["elodie", "late"]);
    expect(await eventIds(`${DAY} assignee:U-ZOE`)).toEqual([]);
    expect(await eventIds(`${DAY} assignee:zoe.dubois@example.com`)).toEqual(["elodie", "late"]);
    expect(await eventIds(`${DAY} assignee:ZOE.DUBOIS@EXAMPLE.COM`)).toEqual(["elodie", "late"]);
    expect(await eventIds(`${DAY} by:CAMILLE.MARTIN@example.com`)).toEqual(["elodie"]);
    expect(await eventIds(`${DAY} contact:c-nunez`)).toEqual(["nunez"]);
    expect(await eventIds(`${DAY} contact:C-NUNEZ`)).toEqual([]);
    expect((await agents(`${DAY} agent:ZOE.Dubois@example.com`)).agents.map((a) => a.label)).toEqual(["Zoé Dubois"]);
    expect((await agents(`${DAY} agent:agent-cm`)).agents.map((a) => a.label)).toEqual(["Camille Martin"]);
  });

  it("takes LIKE's wildcards in a value literally", async () => {
    expect(await eventIds(`${DAY} contact:50%`)).toEqual(["percent"]);
    expect(await eventIds(`${DAY} contact:mr_x`)).toEqual(["underscore"]);
    expect(await eventIds(`${DAY} contact:%`)).toEqual(["percent"]);
    expect(await eventIds(`${DAY} assignee:_`)).toEqual([]);
  });

  it("a value that folds to nothing matches no name", async () => {
    expect(await eventIds(`${DAY} contact:\u0301`)).toEqual([]);
    expect((await agents(`${DAY} agent:\u0301`)).agents).toEqual([]);
  });
});

describe("assignee: and agent: select the whole person their folded name matches (person_identities)", () => {
  const WS2 = "T-WHOLE";
  const inWs2 = async (report: ReportName, text: string) => {
    const parsed = parseCommandText(report, `${DAY} ${text}`);
    if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
    return buildReport(await loadReportContext(db, WS2, NOW), parsed.request);
  };
  beforeAll(async () => {
    const outcome = await ingestEvents(db.sql, WS2, [
      assignment({ id: "w1", occurredAt: "2026-11-20T08:00:00Z", contact: { id: "k1" }, assignee: { id: "u-lea", name: "Léa Petit" } }),
      // Name only, and spelled otherwise: the one person known by id who carries the name.
      assignment({ id: "w2", occurredAt: "2026-11-20T08:10:00Z", contact: { id: "k2" }, assignee: { name: "LEA  PETIT" } }),
      assignment({ id: "w3", occurredAt: "2026-11-20T08:20:00Z", contact: { id: "k3" }, assignee: { name: "Léon" } }),
      email("received", "w-m1", "2026-11-20T08:00:00Z", "w-t1", { customer: { email: "a@example.com" } }),
      email("replied", "w-m2", "2026-11-20T08:30:00Z", "w-t1", { agent: { id: "ag-lea", name: "Léa Petit" } }),
      email("received", "w-m3", "2026-11-20T08:00:00Z", "w-t2", { customer: { email: "b@example.com" } }),
      email("replied", "w-m4", "2026-11-20T08:40:00Z", "w-t2", { agent: { name: "lea petit" } }),
    ]);
    expect(outcome.rejected).toBe(0);
  });

  it("assignee:lea is all of Léa's assignments, whichever way she was sent", async () => {
    const r = (await inWs2("assignments", "assignee:lea")) as AssignmentsReport;
    expect(r.log.rows.map((row) => row.eventId).sort()).toEqual(["w1", "w2"]);
    expect(noMatch(r)).toEqual([]);
  });

  it("agent:petit is one agent with both first responses", async () => {
    const r = (await inWs2("agent-performance", "agent:PETIT")) as AgentPerformanceReport;
    // Shown as on her latest credited conversation.
    expect(r.agents.map((a) => [a.label, a.firstResponse.count])).toEqual([["lea petit", 2]]);
  });

  it("suggests the names the period's people were sent with", async () => {
    const r = (await inWs2("assignments", "assignee:leonn")) as AssignmentsReport;
    expect(noMatch(r)).toEqual(['No assignee matches "leonn". Did you mean Léon?']);
  });
});

describe("a value that matches no one gets the closest names of the period", () => {
  it("assignee:camile", async () => {
    const r = await assignments(`${DAY} assignee:camile`);
    expect(r.total).toBe(0);
    expect(r.notices.map((n) => n.text)).toEqual([NO_DATA, 'No assignee matches "camile". Did you mean Camille Martin, Camille Roux?']);
  });

  it.each([
    ["assignments", "by:camile", 'No assigner matches "camile". Did you mean Camille Martin?'],
    ["assignments", "contact:elodei", 'No contact matches "elodei". Did you mean Élodie Brun?'],
    ["assignments", "contact:nunes", 'No contact matches "nunes". Did you mean José Núñez?'],
    ["assignments", "assignee:xyzzy", 'No assignee matches "xyzzy" in this period.'],
    // Camilla Old was assigned, but not in the period.
    ["assignments", "assignee:camilla", 'No assignee matches "camilla". Did you mean Camille Martin, Camille Roux?'],
    ["agent-performance", "agent:zoey", 'No agent matches "zoey". Did you mean Zoé Dubois?'],
    ["agent-performance", 'agent:"camile martin"', 'No agent matches "camile martin". Did you mean Camille Martin?'],
  ] as const)("%s %s", async (report, text, notice) => {
    const r = await (report === "assignments" ? assignments(`${DAY} ${text}`) : agents(`${DAY} ${text}`));
    expect(noMatch(r)).toEqual([notice]);
  });

  it("names each value that matches no one, even when another one matched", async () => {
    const r = await assignments(`${DAY} assignee:camille assignee:zoee contact:nunez contact:brum`);
    expect(r.total).toBe(1);
    const mixed = await assignments(`${DAY} assignee:camille assignee:zoee`);
    expect(mixed.total).toBe(2);
    expect(noMatch(mixed)).toEqual(['No assignee matches "zoee". Did you mean Zoé Dubois?']);
    expect(noMatch(r)).toEqual([
      'No assignee matches "zoee". Did you mean Zoé Dubois?',
      'No contact matches "brum". Did you mean Élodie Brun?',
    ]);
    const agentsMixed = await agents(`${DAY} agent:zoe agent:camile`);
    expect(agentsMixed.agents.map((a) => a.label)).toEqual(["Zoé Dubois"]);
    expect(noMatch(agentsMixed)).toEqual(['No agent matches "camile". Did you mean Camille Martin?']);
  });

  it("says nothing more when each value matches someone, only not together", async () => {
    const r = await assignments(`${DAY} assignee:camille source:zapier`);
    expect(r.total).toBe(0);
    expect(r.notices.map((n) => n.kind)).toEqual(["no_data"]);
  });

  it("prints the suggestion in the terminal report", async () => {
    const text = await terminalReport(db, WS, `/assignments ${DAY} assignee:camile`);
    expect(text).toContain('! No assignee matches "camile". Did you mean Camille Martin, Camille Roux?');
    const agentText = await terminalReport(db, WS, `/agent-performance ${DAY} agent:zoey`);
    expect(agentText).toContain('! No agent matches "zoey". Did you mean Zoé Dubois?');
  });
});

describe("suggestions in Slack", () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(db);
    slack.fake.setUser({ id: "UADMIN01", team_id: WS, is_admin: true, profile: { email: "admin@example.com" } });
  });
  afterAll(async () => {
    await slack.close();
  });
  beforeEach(() => slack.fake.reset());

  const contextTexts = (blocks: Block[]): string[] =>
    blocks.filter((b) => b.type === "context").flatMap((b) => b.elements.map((e: Block) => e.text));

  it("/assignments and /agent-performance name the value and the closest names, escaped", async () => {
    const { payload } = await slack.command("/assignments", `${DAY} assignee:camile`, "UADMIN01", WS);
    expect(contextTexts(payload.blocks)).toContain(':warning: No assignee matches "camile". Did you mean Camille Martin, Camille Roux?');
    const agent = await slack.command("/agent-performance", `${DAY} agent:"<zoey>"`, "UADMIN01", WS);
    expect(contextTexts(agent.payload.blocks)).toContain(':warning: No agent matches "&lt;zoey&gt;" in this period.');
  });
});

describe("migrations 0015 and 0019 write the folded names of a database that had none", () => {
  const FOLDED: [migration: string, table: string, name: string, folded: string][] = [
    ["0015_folded_names", "assignments", "contact_name", "contact_name_folded"],
    ["0015_folded_names", "assignments", "assigned_by_name", "assigned_by_name_folded"],
    ["0019_person_name_folded", "person_identities", "person_name", "person_name_folded"],
  ];

  it("folds every stored name as ingest does, and the filters find them", async () => {
    // The tables as the other migrations left them: no folded columns.
    for (const [, table, , folded] of FOLDED) await db.sql.exec(`ALTER TABLE ${table} DROP COLUMN ${folded}`);
    await db.sql.run(`DELETE FROM "_prisma_migrations" WHERE migration_name IN (?, ?)`, ["0015_folded_names", "0019_person_name_folded"]);

    expect(await applyMigrations(db.sql)).toEqual(["0015_folded_names", "0019_person_name_folded"]);
    for (const [, table, name, folded] of FOLDED) {
      const rows = await db.sql.query<{ name: string | null; folded: string | null }>(
        `SELECT ${name} AS name, ${folded} AS folded FROM ${table}`,
      );
      expect(rows.filter((r) => r.name !== null && r.name !== "").length).toBeGreaterThan(0);
      for (const row of rows) expect(row.folded).toBe(row.name === null ? null : foldName(row.name));
    }
    expect(await eventIds(`${DAY} contact:elodie`)).toEqual(["elodie"]);
    expect(await eventIds(`${DAY} by:"camille martin"`)).toEqual(["elodie"]);
    expect(await eventIds(`${DAY} assignee:"zoe dubois"`)).toEqual(["elodie", "late"]);
    expect((await agents(`${DAY} agent:zoe`)).agents.map((a) => a.label)).toEqual(["Zoé Dubois"]);
  });
});
