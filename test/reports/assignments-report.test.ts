import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { NO_DATA, NOT_APPLICABLE } from "../../src/domain/notices.ts";
import { SOURCES } from "../../src/domain/sources.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { writeAssignmentsCsv } from "../../src/render/csv/assignments-csv.ts";
import { LOG_ROW_CAP } from "../../src/domain/assignment-log.ts";
import {
  assigneeChoices,
  assignmentLogRows,
  buildAssignmentsReport,
  type AssignmentsContext,
} from "../../src/reports/assignments-report.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
const WS = "TREPORT";
const NOW = Date.parse("2026-11-23T12:00:00Z");
// Fox is also the default assignee of test/support/events.ts.
const PEOPLE = [
  { id: "u1", name: "Fox", email: "fox@example.com" },
  { id: "u2", name: "Ann", email: "ann@example.com" },
  { id: "u3", name: "Bob", email: "bob@example.com" },
];
let context: AssignmentsContext;

const ask = (text: string) => {
  const parsed = parseCommandText("assignments", text);
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  return buildAssignmentsReport(context, parsed.request);
};

beforeAll(async () => {
  db = await createTestDatabase();
  context = { sql: db.sql, workspaceId: WS, timeZone: "Europe/Paris", now: NOW };
  // One assignment per source on 20 Nov, a user one with an assigner, an unassignment,
  // more workflow ones for the shares, and one outside every preset but last-30-days.
  const events = SOURCES.map((source, i) =>
    assignment({
      id: `src-${source}`,
      source,
      occurredAt: `2026-11-20T${String(8 + i).padStart(2, "0")}:00:00Z`,
      contact: { id: `c-${i}`, name: i === 0 ? "<!channel> *x* & co" : `Contact ${i}` },
      conversationId: `conv-${i}`,
      assignee: PEOPLE[i % 3],
      ...(source === "user" ? { assignedBy: { name: "Lead", email: "lead@example.com" } } : {}),
    }),
  );
  events.push(
    assignment({
      id: "unassign",
      source: "close_conversation",
      assignee: null,
      occurredAt: "2026-11-21T09:00:00Z",
      contact: { id: "c-1" },
    }),
  );
  for (let i = 0; i < 9; i++)
    events.push(assignment({ id: `wf-${i}`, source: "workflow", occurredAt: `2026-11-22T0${i}:10:00Z`, contact: { id: `wf-${i}` } }));
  events.push(assignment({ id: "old", occurredAt: "2026-10-30T10:00:00Z", source: "bot" }));
  // Another workspace's data must never show.
  await ingestEvents(db.sql, "TOTHER", [assignment({ id: "other", occurredAt: "2026-11-20T10:00:00Z" })]);
  expect((await ingestEvents(db.sql, WS, events)).stored).toBe(events.length);
});
afterAll(async () => {
  await db.destroy();
});

describe("assignments report", () => {
  it("counts every source, unassignments included and on their own, with shares", async () => {
    const report = await ask("last-7-days");
    expect(report.total).toBe(20);
    expect(report.unassignments).toBe(1);
    expect(report.bySource.map((s) => s.source).sort()).toEqual([...SOURCES].sort());
    expect(report.bySource[0]).toMatchObject({ source: "workflow", count: 10, share: 50, label: "Workflow" });
    expect(report.bySource.find((s) => s.source === "close_conversation")).toMatchObject({ count: 2, share: 10 });
    expect(report.bySource.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(100);
    expect(report.notices).toEqual([]);
  });

  it("leaves sources with no assignment out", async () => {
    const report = await ask("source:bot source:zapier");
    expect(report.bySource.map((s) => s.source)).toEqual(["bot", "zapier"]);
    expect(report.total).toBe(2);
  });

  it.each([
    ["assignee:Ann", 3],
    ["assignee:ANN@example.com", 3],
    ["assignee:u2", 3],
    ["assignee:nobody", 0],
    ["by:lead@example.com", 1],
    ["by:Lead source:user", 1],
    ["contact:c-3", 1],
    ["contact:contact", 9],
    ["contact:*x*", 1],
    ["conversation:conv-4", 1],
    ["source:workflow assignee:Fox", 9],
    ["assignee:Ann assignee:Bob", 6],
  ])("filters %s", async (text, total) => {
    const report = await ask(text);
    expect(report.total).toBe(total);
    if (total === 0) expect(report.notices.map((n) => n.text)).toEqual([NO_DATA, 'No assignee matches "nobody" in this period.']);
  });

  it("says which filters are not applicable here, and ignores them", async () => {
    const report = await ask("agent:Fox by:Lead source:bot");
    expect(report.notices).toEqual([{ kind: "not_applicable", text: NOT_APPLICABLE, filters: ["agent:", "by:"] }]);
    expect(report.total).toBe(1);
  });

  it("says when the filters have no data", async () => {
    const report = await ask("yesterday source:zapier");
    expect(report.total).toBe(0);
    expect(report.log.rows).toEqual([]);
    expect(report.notices).toEqual([{ kind: "no_data", text: NO_DATA, filters: [] }]);
  });

  it("pages the log newest first, 20 rows a page, with every column", async () => {
    const first = await ask("last-30-days");
    expect(first.total).toBe(21);
    expect(first.log).toMatchObject({ page: 0, pageCount: 2, totalRows: 21, capped: false });
    expect(first.log.rows).toHaveLength(20);
    expect(first.log.rows[0]!.eventId).toBe("wf-8");
    const parsed = parseCommandText("assignments", "last-30-days");
    if (parsed.kind !== "request") throw new Error();
    const second = await buildAssignmentsReport(context, { ...parsed.request, page: 1 });
    expect(second.log.rows.map((r) => r.eventId)).toEqual(["old"]);
    const beyond = await buildAssignmentsReport(context, { ...parsed.request, page: 99 });
    expect(beyond.log.page).toBe(1);
    const user = first.log.rows.find((r) => r.source === "user")!;
    expect(user.assignedBy).toEqual({ id: null, name: "Lead", email: "lead@example.com" });
    const unassigned = first.log.rows.find((r) => r.eventId === "unassign")!;
    expect(unassigned).toMatchObject({ assignee: null, previousAssignee: { name: "Ann" } });
  });

  it("offers the period's assignees for the filter menu", async () => {
    const parsed = parseCommandText("assignments", "");
    if (parsed.kind !== "request") throw new Error();
    const choices = await assigneeChoices(context, parsed.request);
    expect(choices.map((c) => c.label).sort()).toEqual(["Ann", "Bob", "Fox"]);
    expect(choices[0]!.value).toMatch(/@example.com$/);
  });

  it("exports the filtered log as CSV that no spreadsheet runs as a formula", async () => {
    await ingestEvents(db.sql, WS, [
      assignment({ id: "formula", occurredAt: "2026-11-23T08:00:00Z", contact: { id: "=HYPERLINK(1)", name: "+cmd|' /C calc'!A0" } }),
    ]);
    const parsed = parseCommandText("assignments", "today");
    if (parsed.kind !== "request") throw new Error();
    let csv = "";
    const n = await writeAssignmentsCsv(assignmentLogRows(context, parsed.request), "Europe/Paris", (c) => void (csv += c));
    expect(n).toBe(1);
    expect(csv).toBe(
      "Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by\r\n" +
        "2026-11-23T09:00:00+01:00,conv-1,'=HYPERLINK(1),'+cmd|' /C calc'!A0,-,Fox,Workflow,-\r\n",
    );
  });
});

describe("the 10,000-row cap", () => {
  it("pages at most 10,000 rows and says there are more", async () => {
    const ws = "TCAP";
    const events = Array.from({ length: LOG_ROW_CAP + 5 }, (_, i) =>
      assignment({
        id: `cap-${i}`,
        occurredAt: new Date(Date.parse("2026-11-20T00:00:00Z") + i * 1000).toISOString(),
        contact: { id: `k${i % 50}` },
      }),
    );
    for (let i = 0; i < events.length; i += 1000) await ingestEvents(db.sql, ws, events.slice(i, i + 1000));
    const parsed = parseCommandText("assignments", "last-7-days");
    if (parsed.kind !== "request") throw new Error();
    const report = await buildAssignmentsReport({ ...context, workspaceId: ws }, { ...parsed.request, page: 10_000 });
    expect(report.log).toMatchObject({ totalRows: LOG_ROW_CAP + 5, capped: true, pageCount: 500, page: 499 });
    let rows = 0;
    for await (const _ of assignmentLogRows({ ...context, workspaceId: ws }, parsed.request, LOG_ROW_CAP)) rows++;
    expect(rows).toBe(LOG_ROW_CAP);
    rows = 0;
    for await (const _ of assignmentLogRows({ ...context, workspaceId: ws }, parsed.request)) rows++;
    expect(rows).toBe(LOG_ROW_CAP + 5);
  });
});
