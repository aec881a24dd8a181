// Erasure on both databases. Every check reads the whole schema generically (every table,
// every text column), so a table added later that keeps a copy of a name fails here.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultSchedule } from "../../src/domain/business-hours/schedule.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { eraseContact, eraseCustomer, eraseWorkspaceData } from "../../src/store/deletion/erasure.ts";
import { linkAgent } from "../../src/store/workspace/agent-links.ts";
import { insertContactConversationEvents } from "../../src/store/events/contact-conversations.ts";
import { claimAlertStep, createAlertRule, openEpisode } from "../../src/store/workspace/alerts.ts";
import { claimRun, createSubscription } from "../../src/store/workspace/digests.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { setWebhookSecret } from "../../src/store/workspace/webhook-secrets.ts";
import { grantReportAccess } from "../../src/store/workspace/workspaces.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

interface Table {
  name: string;
  textColumns: string[];
  hasWorkspaceId: boolean;
}

async function schemaTables(): Promise<Table[]> {
  const columns =
    db.raw.sql.dialect === "sqlite"
      ? await db.raw.sql.query<{ table_name: string; column_name: string; data_type: string }>(
          `SELECT m.name AS table_name, c.name AS column_name, lower(c.type) AS data_type
           FROM sqlite_master m JOIN pragma_table_info(m.name) c
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations'`,
        )
      : await db.raw.sql.query<{ table_name: string; column_name: string; data_type: string }>(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
        );
  const tables = new Map<string, Table>();
  for (const c of columns) {
    const table = tables.get(c.table_name) ?? { name: c.table_name, textColumns: [], hasWorkspaceId: false };
    if (/text|char/.test(c.data_type)) table.textColumns.push(c.column_name);
    if (c.column_name === "workspace_id") table.hasWorkspaceId = true;
    tables.set(c.table_name, table);
  }
  return [...tables.values()];
}

/** `table.column` for every text value anywhere in the database that contains `needle` (any case). */
async function whereFound(needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const table of await schemaTables()) {
    for (const column of table.textColumns) {
      const [row] = await db.raw.sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table.name} WHERE lower(${column}) LIKE ?`, [
        `%${needle.toLowerCase()}%`,
      ]);
      if (Number(row!.n) > 0) hits.push(`${table.name}.${column}`);
    }
  }
  return hits;
}

/** Rows per table that belong to the workspace (workspace_id, or the id of workspaces / installations). */
async function rowsOf(workspaceId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await schemaTables()) {
    const column = table.hasWorkspaceId
      ? "workspace_id"
      : table.name === "workspaces" || table.name === "slack_installations"
        ? "id"
        : null;
    if (column === null) continue;
    const [row] = await db.raw.sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table.name} WHERE ${column} = ?`, [workspaceId]);
    counts[table.name] = Number(row!.n);
  }
  return counts;
}

let seeded = 0;
interface Seeded {
  ws: string;
  contactId: string;
  contactName: string;
  customer: string;
  customerName: string;
  otherCustomer: string;
  /** Named only on the contact's assignments, and on the customer's thread's reply. */
  contactAssignee: string;
  customerAgent: string;
}

/** A row in every table for one workspace, with a contact and a customer to erase and others to keep. */
async function seedWorkspace(): Promise<Seeded> {
  const n = ++seeded;
  const s: Seeded = {
    ws: `TERASE${n}`,
    contactId: `contact-erase-${n}-end`,
    contactName: `Zed Erasable${n}x`,
    customer: `erase.me.${n}x@example.com`,
    customerName: `Erin Forgettable${n}x`,
    otherCustomer: `keep${n}@example.com`,
    contactAssignee: `Ray Onlyhere${n}x`,
    customerAgent: `Una Onlyhere${n}x`,
  };
  const at = (hour: number) => `2026-11-20T${String(hour).padStart(2, "0")}:00:00Z`;
  const outcome = await ingestEvents(db, s.ws, [
    assignment({ occurredAt: at(9), contact: { id: s.contactId, name: s.contactName }, assignee: { id: "u1", name: "Fox" } }),
    // Derived previous assignee: from the erased contact's own history only.
    assignment({ occurredAt: at(10), contact: { id: s.contactId, name: s.contactName }, assignee: { id: "u2", name: s.contactAssignee } }),
    assignment({ occurredAt: at(11), contact: { id: "contact-keep", name: "Kim Keeper" }, assignee: { id: "u1", name: "Fox" } }),
    emailEvent("email.received", {
      occurredAt: at(9),
      threadId: `t-erase-${n}`,
      customer: { email: s.customer.toUpperCase(), name: s.customerName },
    }),
    // Una answers only in the erased customer's thread.
    emailEvent("email.replied", {
      occurredAt: at(10),
      threadId: `t-erase-${n}`,
      agent: { name: s.customerAgent, email: `una${n}@agents.example` },
    }),
    emailEvent("email.received", { occurredAt: at(9), threadId: `t-keep-${n}`, customer: { email: s.otherCustomer, name: "Kay Kept" } }),
    // The erased customer writes in the other customer's thread, which is closed and then reopened by it.
    emailEvent("email.closed", { occurredAt: at(10), threadId: `t-keep-${n}` }),
    emailEvent("email.received", { occurredAt: at(11), threadId: `t-keep-${n}`, customer: { email: s.customer, name: s.customerName } }),
    emailEvent("email.replied", { occurredAt: at(12), threadId: `t-keep-${n}` }),
  ]);
  expect(outcome.stored).toBe(9);
  await insertContactConversationEvents(db, s.ws, [
    { eventId: `cc-${n}-1`, kind: "opened", occurredAt: Date.parse(at(8)), contactId: s.contactId, conversationId: "conv-1" },
    { eventId: `cc-${n}-2`, kind: "opened", occurredAt: Date.parse(at(8)), contactId: "contact-keep", conversationId: "conv-2" },
  ]);
  await createToken(db, s.ws, "erp");
  await setWebhookSecret(db, s.ws, "respond-key");
  await applyScheduleChange(db, s.ws, { kind: "hours", schedule: defaultSchedule("Europe/Paris"), from: { date: "2026-01-01" } });
  const subscription = await createSubscription(db, {
    workspaceId: s.ws,
    channelId: "C1",
    report: "assignments",
    schedule: "{}",
    createdBy: "U1",
  });
  await claimRun(
    db,
    { subscriptionId: subscription.id, periodKey: "2026-11-20" },
    { workspaceId: s.ws, dueAt: Date.now(), now: Date.now(), instance: "test", leaseMs: 1000, maxAttempts: 3 },
  );
  const rule = await createAlertRule(db, {
    workspaceId: s.ws,
    channelId: "C2",
    spec: { condition: { kind: "waiting", thresholdSeconds: 7200, clock: "business" }, cooldownSeconds: 3600 },
    createdBy: "U1",
    now: Date.now(),
  });
  await openEpisode(db, rule, { episode: 1, now: Date.now(), value: 7300, detail: { count: 1 }, messageTs: "1.2" });
  await claimAlertStep(db, rule, 1, "open", { now: Date.now(), instance: "test", leaseMs: 1000, maxAttempts: 3 });
  await grantReportAccess(db, s.ws, { subjectId: "U2", kind: "user" });
  await linkAgent(db, s.ws, "U3", "fox@example.com");
  await db.raw.prisma.slackInstallation.create({ data: { id: s.ws, teamId: s.ws, installation: "sealed" } });
  return s;
}

let a: Seeded;
let b: Seeded;
beforeEach(async () => {
  a = await seedWorkspace();
  b = await seedWorkspace();
});

describe("erase a contact", () => {
  it("leaves no copy of its id or name anywhere; other contacts and workspaces keep theirs", async () => {
    const before = await rowsOf(a.ws);
    const bBefore = await rowsOf(b.ws);
    // Ray is assigned only on the erased contact's assignments: who is who forgets him.
    expect(await eraseContact(db, a.ws, a.contactId, { dryRun: true })).toEqual({
      person_identities: 1,
      assignments: 2,
      contact_conversation_events: 1,
    });
    expect(await rowsOf(a.ws)).toEqual(before);

    expect(await eraseContact(db, a.ws, a.contactId)).toEqual({ person_identities: 1, assignments: 2, contact_conversation_events: 1 });
    expect(await whereFound(a.contactAssignee)).toEqual([]);
    expect(await whereFound(a.contactName)).toEqual([]);
    expect(await whereFound(a.contactId)).toEqual([]);
    // assignment_counts follows the rows (checked below), the rest is as it was.
    const withoutCounts = ({ assignment_counts: _, ...rest }: Record<string, number>) => rest;
    const after = await rowsOf(a.ws);
    expect(withoutCounts(after)).toEqual(
      withoutCounts({
        ...before,
        assignments: before.assignments! - 2,
        contact_conversation_events: before.contact_conversation_events! - 1,
        person_identities: before.person_identities! - 1,
      }),
    );
    // The hourly counts follow the rows (migration 0010's triggers).
    const [counted] = await db.raw.sql.query<{ n: number }>("SELECT SUM(n) AS n FROM assignment_counts WHERE workspace_id = ?", [a.ws]);
    expect(Number(counted!.n)).toBe(after.assignments);
    expect((await whereFound("Kim Keeper")).sort()).toEqual(["assignments.contact_name", "assignments.contact_name_folded"]);
    expect((await whereFound(b.contactName)).sort()).toEqual(["assignments.contact_name", "assignments.contact_name_folded"]);
    expect(await rowsOf(b.ws)).toEqual(bBefore);
  });

  it("erases nothing in another workspace even with the same contact id", async () => {
    const bBefore = await rowsOf(b.ws);
    expect(await eraseContact(db, a.ws, b.contactId)).toEqual({ person_identities: 0, assignments: 0, contact_conversation_events: 0 });
    expect(await rowsOf(b.ws)).toEqual(bBefore);
  });
});

describe("erase an email customer", () => {
  it("leaves no copy of the address or name; the other customer's conversations are rebuilt without its emails", async () => {
    const conversationsOf = (ws: string, customer: string) =>
      db.raw.sql.query<{ id: string; customer_name: string | null; reopen_count: number }>(
        "SELECT id, customer_name, reopen_count FROM email_conversations WHERE workspace_id = ? AND customer_email = ? ORDER BY started_at",
        [ws, customer],
      );
    // Its email in the other customer's closed thread opened a second conversation there.
    expect(await conversationsOf(a.ws, a.otherCustomer)).toHaveLength(2);
    const bBefore = await rowsOf(b.ws);

    expect(await eraseCustomer(db, a.ws, a.customer, { dryRun: true })).toEqual({
      person_identities: 1,
      email_events: 3,
      email_threads: 1,
      email_conversations: 1,
      email_customers: 1,
    });
    const counts = await eraseCustomer(db, a.ws, ` ${a.customer.toUpperCase()} `);
    expect(counts).toEqual({ person_identities: 1, email_events: 3, email_threads: 1, email_conversations: 1, email_customers: 1 });
    for (const needle of [a.customer, a.customerName, a.customerAgent]) expect(await whereFound(needle)).toEqual([]);
    // Fox still answers in the kept thread.
    expect(await whereFound("Fox")).toContain("person_identities.person_name");
    expect(await conversationsOf(a.ws, a.otherCustomer)).toEqual([expect.objectContaining({ customer_name: "Kay Kept" })]);
    expect(await whereFound(b.customerName)).not.toEqual([]);
    expect(await rowsOf(b.ws)).toEqual(bBefore);
  });
});

describe("erase a workspace", () => {
  it("leaves no row of it in any table; the other workspace keeps all of its rows", async () => {
    const before = await rowsOf(a.ws);
    // Every table that holds workspace data was seeded: a new table must be seeded (and erased) too.
    // (assignment_writers is PostgreSQL's alone: SQLite leaves it empty.)
    for (const [table, n] of Object.entries(before)) {
      if (table !== "assignment_writers" || db.raw.sql.dialect === "postgresql") expect(n, `no seed row in ${table}`).toBeGreaterThan(0);
    }
    const bBefore = await rowsOf(b.ws);

    expect(await eraseWorkspaceData(db, a.ws, { dryRun: true })).toEqual(before);
    expect(await eraseWorkspaceData(db, a.ws)).toEqual(before);
    expect(Object.values(await rowsOf(a.ws)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(b.ws)).toEqual(bBefore);
  });

  it("is all or nothing: a failure at the last delete keeps every row", async () => {
    const before = await rowsOf(a.ws);
    // The database itself refuses to delete the workspace row, after every other delete ran.
    await db.raw.sql.exec(
      db.raw.sql.dialect === "sqlite"
        ? "CREATE TRIGGER refuse BEFORE DELETE ON workspaces BEGIN SELECT RAISE(ABORT, 'refused'); END"
        : `CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
           CREATE TRIGGER refuse BEFORE DELETE ON workspaces FOR EACH ROW EXECUTE FUNCTION refuse()`,
    );
    try {
      await expect(eraseWorkspaceData(db, a.ws)).rejects.toThrow("refused");
    } finally {
      await db.raw.sql.exec(
        db.raw.sql.dialect === "sqlite" ? "DROP TRIGGER refuse" : "DROP TRIGGER refuse ON workspaces; DROP FUNCTION refuse()",
      );
    }
    expect(await rowsOf(a.ws)).toEqual(before);
  });
});
