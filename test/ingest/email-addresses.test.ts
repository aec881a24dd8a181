// An email address is trimmed like every other text and compared ignoring case, whichever
// way it comes in (API contract, CSV): " Ann@Example.COM " and "Ann@example.com" are one
// customer, owning both threads, in one conversation.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/csv-import.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const at = (hhmm: string) => `2026-11-20T${hhmm}:00Z`;

async function customerState(ws: string) {
  const threads = await db.raw.sql.query<{ thread_id: string; customer_email: string }>(
    "SELECT thread_id, customer_email FROM email_threads WHERE workspace_id = ? ORDER BY thread_id",
    [ws],
  );
  const customers = await db.raw.sql.query<{ email: string }>("SELECT email FROM email_customers WHERE workspace_id = ?", [ws]);
  const conversations = await db.raw.sql.query<{ id: string; customer_email: string; first_responder_name: string | null }>(
    "SELECT id, customer_email, first_responder_name FROM email_conversations WHERE workspace_id = ? ORDER BY id",
    [ws],
  );
  return { threads, customers, conversations };
}

const ONE_CUSTOMER = {
  threads: [
    { thread_id: "t1", customer_email: "ann@example.com" },
    { thread_id: "t2", customer_email: "ann@example.com" },
  ],
  customers: [{ email: "ann@example.com" }],
  conversations: [{ id: "r1", customer_email: "ann@example.com", first_responder_name: "Fox" }],
};

describe("email addresses", () => {
  it("API: a customer email with surrounding spaces is accepted, and is the same customer in any case", async () => {
    const ws = "TEMAIL1";
    const outcome = await ingestEvents(db, ws, [
      emailEvent("email.received", { id: "r1", threadId: "t1", occurredAt: at("09:00"), customer: { email: " Ann@Example.COM " } }),
      emailEvent("email.received", { id: "r2", threadId: "t2", occurredAt: at("09:10"), customer: { email: "Ann@example.com" } }),
      emailEvent("email.replied", {
        id: "p1",
        threadId: "t2",
        occurredAt: at("09:30"),
        agent: { name: "Fox", email: " Fox@Example.com\t" },
      }),
    ]);
    expect(outcome).toMatchObject({ stored: 3, rejected: 0 });
    expect(await customerState(ws)).toEqual(ONE_CUSTOMER);
    const [agent] = await db.raw.sql.query<{ agent_email: string }>(
      "SELECT agent_email FROM email_events WHERE workspace_id = ? AND event_id = 'p1'",
      [ws],
    );
    expect(agent!.agent_email).toBe("fox@example.com");
  });

  it("API: an agent's email in an assignment is trimmed and lower-cased too; a blank one is still rejected", async () => {
    const ws = "TEMAIL2";
    const outcome = await ingestEvents(db, ws, [
      assignment({ id: "a1", assignee: { name: "Fox", email: "  Fox@Example.COM " } }),
      assignment({ id: "a2", assignee: { email: "   " } }),
    ]);
    expect(outcome.results[1]).toMatchObject({
      status: "rejected",
      errors: [{ path: "assignee.email", message: "expected an email address" }],
    });
    const rows = await db.raw.sql.query<{ assignee_email: string }>("SELECT assignee_email FROM assignments WHERE workspace_id = ?", [ws]);
    expect(rows).toEqual([{ assignee_email: "fox@example.com" }]);
  });

  it("CSV: the same customer whatever the spacing and case of the cell", async () => {
    const ws = "TEMAIL3";
    const csv = [
      "Event ID,Timestamp,Type,Thread ID,Customer email,Customer name,Agent ID,Agent name,Agent email,Automatic",
      `r1,${at("09:00")},received,t1," Ann@Example.COM ",Ann,,,,`,
      `r2,${at("09:10")},received,t2,Ann@example.com,Ann,,,,`,
      `p1,${at("09:30")},replied,t2,,,,Fox,,`,
    ].join("\n");
    const result = await importCsv({ db: db, workspaceId: ws, kind: "email", input: Readable.from([csv]) });
    expect(result).toMatchObject({ imported: 3, rejected: 0 });
    expect(await customerState(ws)).toEqual(ONE_CUSTOMER);
  });
});
