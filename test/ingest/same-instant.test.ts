// Events at the same instant (docs/definitions.md, "Same instant: tie rules"): a contact's assignments keep the
// order they were received in (a file's rows their file order, whatever their derived ids,
// across batches, re-imports and late batches); email events follow their type.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/csv-import.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { writeAssignmentsCsv } from "../../src/render/csv/assignments-csv.ts";
import { assignmentLogRows } from "../../src/reports/assignments-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

let workspaces = 0;
const newWorkspace = () => `TTIE${++workspaces}`;

type Row = { event_id: string; assignee_name: string | null; previous_assignee_name: string | null; tie_rank: number };
/** The contact's assignments in their order, as the ingest reads them. */
const history = (ws: string, contactId = "k1") =>
  db.raw.sql.query<Row>(
    `SELECT event_id, assignee_name, previous_assignee_name, tie_rank FROM assignments
     WHERE workspace_id = ? AND contact_id = ? ORDER BY occurred_at, tie_rank, event_id`,
    [ws, contactId],
  );
const chain = (rows: Row[]) => rows.map((r) => `${r.previous_assignee_name ?? "-"}>${r.assignee_name ?? "-"}`);

const T = "2026-11-20T10:00:00Z";
const LATER = "2026-11-20T10:05:00Z";
const HEADER = "Timestamp,Contact ID,Assigned to,Source";
/** Three assignments of k1 at the same instant, in the order they happened. */
const TIED = ["Fox", "Ann", "Zed"].map((name) => `${T},k1,${name},bot`);
const EXPECTED = ["->Fox", "Fox>Ann", "Ann>Zed"];

async function importLines(ws: string, lines: string[], batchSize?: number) {
  const csv = [HEADER, ...lines].join("\n");
  return importCsv({ db: db, workspaceId: ws, kind: "assignments", input: Readable.from([csv]), ...(batchSize ? { batchSize } : {}) });
}

describe("a contact's assignments at the same instant", () => {
  it("CSV keeps file order, not the order of the rows' derived ids, across batches and re-imports", async () => {
    const ws = newWorkspace();
    expect(await importLines(ws, TIED, 2)).toMatchObject({ imported: 3, rejected: 0 });
    const rows = await history(ws);
    // The rows' derived ids sort otherwise: the old tie rule (event id) would give another chain.
    expect([...rows].sort((a, b) => (a.event_id < b.event_id ? -1 : 1)).map((r) => r.assignee_name)).not.toEqual(["Fox", "Ann", "Zed"]);
    expect(chain(rows)).toEqual(EXPECTED);
    expect(rows.map((r) => r.tie_rank)).toEqual([0, 1, 2]);
    // Re-importing stores nothing and changes nothing.
    expect(await importLines(ws, TIED)).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await history(ws)).toEqual(rows);
    // The contact's latest assignee is the last row: the next event's previous.
    await ingestEvents(db, ws, [assignment({ id: "next", contact: { id: "k1" }, occurredAt: LATER, assignee: { name: "Bob" } })]);
    expect(chain(await history(ws)).at(-1)).toBe("Zed>Bob");
  });

  it("CSV listed newest first (as exports are) is read in that order, even when a run of ties spans two batches", async () => {
    const ws = newWorkspace();
    const newestFirst = [`${LATER},k1,Bob,bot`, ...[...TIED].reverse(), `2026-11-20T09:00:00Z,k1,Eve,bot`];
    for (const batchSize of [2, 3, 100]) {
      const fresh = `${ws}-${batchSize}`;
      expect(await importLines(fresh, newestFirst, batchSize)).toMatchObject({ imported: 5, rejected: 0 });
      expect(chain(await history(fresh))).toEqual(["->Eve", "Eve>Fox", "Fox>Ann", "Ann>Zed", "Zed>Bob"]);
    }
  });

  it("a late batch of ties is merged in file order, and the next stored row's derived previous is rewritten", async () => {
    const ws = newWorkspace();
    await importLines(ws, [`${LATER},k1,Bob,bot`]);
    expect(chain(await history(ws))).toEqual(["->Bob"]);
    await importLines(ws, TIED, 1);
    expect(chain(await history(ws))).toEqual([...EXPECTED, "Zed>Bob"]);
    // One more row at the same instant, received later: after those stored, whatever its id.
    await ingestEvents(db, ws, [assignment({ id: "0-first-by-id", contact: { id: "k1" }, occurredAt: T, assignee: { name: "Kim" } })]);
    expect(chain(await history(ws))).toEqual([...EXPECTED, "Zed>Kim", "Kim>Bob"]);
    expect((await history(ws)).map((r) => r.tie_rank)).toEqual([0, 1, 2, 3, 0]);
  });

  it("API: a batch's events in batch order, then later requests after them", async () => {
    const ws = newWorkspace();
    const at = (id: string, name: string) => assignment({ id, contact: { id: "k1" }, occurredAt: T, assignee: { name } });
    await ingestEvents(db, ws, [at("z", "Fox"), at("y", "Ann")]);
    await ingestEvents(db, ws, [at("a", "Zed")]);
    expect(chain(await history(ws))).toEqual(EXPECTED);
    // Other contacts at the same instant do not share the ranks.
    await ingestEvents(db, ws, [assignment({ id: "other", contact: { id: "k2" }, occurredAt: T })]);
    expect((await history(ws, "k2")).map((r) => r.tie_rank)).toEqual([0]);
  });

  it("the log lists them newest first, and its CSV export imports back in the same order", async () => {
    const ws = newWorkspace();
    await importLines(ws, [...TIED, `${LATER},k1,Bob,bot`]);
    const context = await loadReportContext(db, ws);
    const request = {
      report: "assignments" as const,
      period: { from: "2026-11-20", to: "2026-11-20" },
      filters: { sources: [], assignees: [], assignedBy: [], contacts: [], conversations: [], agents: [] },
      page: 0,
    };
    const logged: string[] = [];
    for await (const row of assignmentLogRows(context, request)) logged.push(row.assignee!.name!);
    expect(logged).toEqual(["Bob", "Zed", "Ann", "Fox"]);
    let csv = "";
    await writeAssignmentsCsv(assignmentLogRows(context, request), "UTC", (chunk) => void (csv += chunk));
    const copy = newWorkspace();
    expect(await importCsv({ db: db, workspaceId: copy, kind: "assignments", input: Readable.from([csv]), batchSize: 2 })).toMatchObject({
      imported: 4,
    });
    expect(chain(await history(copy))).toEqual(chain(await history(ws)));
  });
});

describe("email events at the same instant", () => {
  it("a customer's email comes before a reply, a reply before a close, a close before a reopen, whatever the arrival order", async () => {
    const ws = newWorkspace();
    const events = [
      emailEvent("email.reopened", { id: "e4", threadId: "t", occurredAt: LATER }),
      emailEvent("email.closed", { id: "e3", threadId: "t", occurredAt: LATER, agent: { name: "Ann" } }),
      emailEvent("email.replied", { id: "e2", threadId: "t", occurredAt: T, agent: { name: "Fox" } }),
      emailEvent("email.received", { id: "e1", threadId: "t", occurredAt: T }),
    ];
    for (const event of events) await ingestEvents(db, ws, [event]);
    const [conversation] = await db.raw.sql.query<Record<string, unknown>>(
      "SELECT first_responder_name, first_response_s, closed_at, reopen_count FROM email_conversations WHERE workspace_id = ?",
      [ws],
    );
    // Replied at the very instant: a first response of 0 s; closed then reopened: open again.
    expect(conversation).toMatchObject({ first_responder_name: "Fox", first_response_s: 0, closed_at: null, reopen_count: 1 });
  });
});
