// The assignment log the app exports imports back to the same log (docs/usage.md, "CSV export":
// the quoting rule), with hostile names, while no exported cell runs as a formula.
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { importCsv } from "../../src/ingest/csv-import.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { writeAssignmentsCsv } from "../../src/render/csv/assignments-csv.ts";
import { assignmentLogRows } from "../../src/reports/assignments-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const HOSTILE = [
  "=1+1",
  "'=already",
  "-",
  "@SUM(1+1)",
  "+x",
  "-x",
  "\tTabbed",
  'Joe "JJ" Lee',
  "Lee, Joe",
  "two\nlines",
  "''x",
  "'t Hooft",
  "<!channel>",
  "@jane",
  "Support @ Paris",
  'a,"b"\r\nc',
];

async function exportLog(workspaceId: string): Promise<string> {
  const parsed = parseCommandText("assignments", "2026-11-01..2026-11-30");
  if (parsed.kind !== "request") throw new Error("bad period");
  let csv = "";
  const context = { db: db, workspaceId, timeZone: "Europe/Paris", now: Date.parse("2026-12-01T00:00:00Z") };
  await writeAssignmentsCsv(assignmentLogRows(context, parsed.request), context.timeZone, (chunk) => void (csv += chunk));
  return csv;
}

describe("export then import", () => {
  it("gives back the same log for hostile names, ids and people, and nobody stays nobody", async () => {
    const at = (i: number) => new Date(Date.parse("2026-11-10T08:00:00Z") + i * 60_000).toISOString();
    let i = 0;
    const events = HOSTILE.flatMap((text) => [
      // The text as each kind of cell: contact id and name, conversation, assignee (previous derived).
      assignment({ id: `rt-${i}`, occurredAt: at(i++), conversationId: text, contact: { id: text, name: text }, assignee: { name: text } }),
      // As the assigner, and as a stated previous assignee; then an unassignment of the same contact.
      assignment({
        id: `rt-${i}`,
        occurredAt: at(i++),
        contact: { id: text },
        source: "user",
        assignedBy: { name: text },
        previousAssignee: { name: text },
        assignee: { email: "fox@example.com" },
      }),
      assignment({ id: `rt-${i}`, occurredAt: at(i++), contact: { id: text }, conversationId: null, assignee: null }),
    ]);
    // People known by one field only, and a name that is an address's look-alike.
    events.push(
      assignment({ id: "rt-id", occurredAt: at(i++), contact: { id: "k-id" }, assignee: { id: "u-42" } }),
      assignment({ id: "rt-both", occurredAt: at(i++), contact: { id: "k-both" }, assignee: { name: "Ann", email: "ann@example.com" } }),
    );
    const ingested = await ingestEvents(db, "TRTA", events);
    expect(ingested).toMatchObject({ stored: events.length, rejected: 0 });

    const exported = await exportLog("TRTA");
    const imported = await importCsv({
      db,
      workspaceId: "TRTB",
      kind: "assignments",
      input: Readable.from([Buffer.from(exported)]),
    });
    expect(imported).toMatchObject({ rows: events.length, imported: events.length, duplicates: 0, rejected: 0 });
    expect(await exportLog("TRTB")).toBe(exported);

    // "-" the person and nobody stay apart: the contact named "-" was assigned to "-", then unassigned.
    const dash = await db.raw.sql.query(
      `SELECT assignee_name, assignee_email, previous_assignee_name, previous_assignee_email, assigned_by_name
       FROM assignments WHERE workspace_id = ? AND contact_id = ? ORDER BY occurred_at`,
      ["TRTB", "-"],
    );
    const fox = "fox@example.com";
    expect(dash).toEqual([
      { assignee_name: "-", assignee_email: null, previous_assignee_name: null, previous_assignee_email: null, assigned_by_name: null },
      { assignee_name: null, assignee_email: fox, previous_assignee_name: "-", previous_assignee_email: null, assigned_by_name: "-" },
      { assignee_name: null, assignee_email: null, previous_assignee_name: null, previous_assignee_email: fox, assigned_by_name: null },
    ]);
    const names = await db.raw.sql.query<{ contact_name: string }>(
      "SELECT DISTINCT contact_name FROM assignments WHERE workspace_id = ? AND contact_name IS NOT NULL",
      ["TRTB"],
    );
    // The contract trims texts: the tab was never stored.
    expect(names.map((n) => n.contact_name).sort()).toEqual(HOSTILE.map((t) => t.trim()).sort());

    // No cell starts with what a spreadsheet runs; a bare `-` is none.
    const cells = (parse(exported, { relax_column_count: true }) as string[][]).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && cell !== "-")).toEqual([]);
    expect(cells).toContain("'-");
    expect(cells).toContain("''=already");
  });
});

describe("a rejects file", () => {
  it("keeps each cell's meaning: once corrected it imports what the original meant", async () => {
    const header = "Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by\r\n";
    // A protected formula, a person named "-" and nobody; the time lacks its offset.
    const original = `${header}2026-11-20T10:00:00,-,'=k1,'-,-,'-,Bot,\r\n`;
    const written: string[] = [];
    const first = await importCsv({
      db,
      workspaceId: "TRTREJ",
      kind: "assignments",
      input: Readable.from([Buffer.from(original)]),
      rejects: { write: (l) => void written.push(l) },
    });
    expect(first).toMatchObject({ imported: 0, rejected: 1 });
    expect(written[1]!.startsWith("2026-11-20T10:00:00,-,'=k1,'-,-,'-,Bot,,")).toBe(true);
    const corrected = written.join("").replace("2026-11-20T10:00:00,", "2026-11-20T10:00:00Z,");
    expect(
      await importCsv({ db: db, workspaceId: "TRTREJ", kind: "assignments", input: Readable.from([Buffer.from(corrected)]) }),
    ).toMatchObject({ imported: 1 });
    expect(
      await db.raw.sql.query(
        "SELECT conversation_id, contact_id, contact_name, previous_assignee_name, assignee_name FROM assignments WHERE workspace_id = ?",
        ["TRTREJ"],
      ),
    ).toEqual([{ conversation_id: null, contact_id: "=k1", contact_name: "-", previous_assignee_name: null, assignee_name: "-" }]);
  });
});
