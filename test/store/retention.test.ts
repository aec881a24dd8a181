// The retention job on both databases: exactly the rows past the cut-off go, in batches;
// what stays is still consistent (conversations rebuild to the same rows); one run at a time.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import { ConfigError, readConfig } from "../../src/config.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/log.ts";
import { DAY_MS, runRetention } from "../../src/ops/retention-job.ts";
import { insertContactConversationEvents, openConversationAt } from "../../src/store/events/contact-conversations.ts";
import { openDatabase } from "../../src/store/engine/database.ts";
import { rebuildConversations } from "../../src/store/events/conversations.ts";
import { updateWorkspaceSettings } from "../../src/store/workspace/workspaces.ts";
import { createTestDatabase, PG_ADMIN_URL, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";

const NOW = Date.UTC(2026, 10, 23, 15, 0);
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();

let db: TestDatabase;
const logs: string[] = [];
const log = createLogger("info", (line) => void logs.push(line));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

let seeded = 0;
/** The same history in every workspace seeded: what a 30-day retention keeps is named in the ids. */
async function seed(retentionDays: number | null): Promise<string> {
  const ws = `TRET${++seeded}`;
  await updateWorkspaceSettings(db, ws, { retentionDays });
  const a = (id: string, days: number, contact: string, assignee?: object) =>
    assignment({
      id,
      occurredAt: daysAgo(days),
      contact: { id: contact, name: `Name of ${contact}` },
      conversationId: undefined,
      ...(assignee ? { assignee } : {}),
    });
  const e = (type: string, id: string, days: number, threadId: string, customer?: string, agent?: object) =>
    emailEvent(type, {
      id,
      occurredAt: daysAgo(days),
      threadId,
      ...(customer ? { customer: { email: customer, name: customer } } : {}),
      ...(agent ? { agent } : {}),
    });
  const outcome = await ingestEvents(db, ws, [
    // An assignee and an agent who appear only in what goes: who is who forgets them.
    ...[100, 80, 60, 45, 31].map((d, i) => a(`old-${i}`, d, "c-old", i === 0 ? { id: "u-gone", name: "Gus Gone" } : undefined)),
    a("old-mix-1", 40, "c-mix"),
    a("old-mix-2", 35, "c-mix"),
    a("keep-mix-1", 10, "c-mix"),
    a("keep-mix-2", 5, "c-mix"),
    a("keep-new", 1, "c-new"),
    // x: a conversation closed 50 days ago goes; one that started 40 days ago and was reopened 20 days ago stays whole.
    e("email.received", "old-x1", 60, "t-x1", "x@example.com"),
    e("email.replied", "old-x2", 59, "t-x1"),
    e("email.closed", "old-x3", 50, "t-x1"),
    e("email.received", "keep-x4", 40, "t-x2", "x@example.com"),
    e("email.closed", "keep-x5", 35, "t-x2"),
    e("email.reopened", "keep-x6", 20, "t-x2"),
    // y: all of it past the cut-off, thread included.
    e("email.received", "old-y1", 45, "t-y", "y@example.com"),
    e("email.replied", "old-y2", 44, "t-y", undefined, { name: "Gwen Gone", email: "gwen@agents.example" }),
    e("email.closed", "old-y3", 43, "t-y"),
    e("email.received", "keep-z1", 5, "t-z", "z@example.com"),
    // A thread no customer email opened: its events age one by one.
    e("email.replied", "old-o1", 50, "t-o"),
    e("email.replied", "keep-o2", 10, "t-o"),
  ]);
  expect(outcome.rejected).toBe(0);
  await insertContactConversationEvents(db, ws, [
    { eventId: "old-cc1", kind: "opened", occurredAt: NOW - 90 * DAY_MS, contactId: "c-mix", conversationId: "conv-1" },
    { eventId: "old-cc2", kind: "closed", occurredAt: NOW - 80 * DAY_MS, contactId: "c-mix", conversationId: "conv-1" },
    // Still open: later assignments of c-mix belong to it, however old its opening.
    { eventId: "keep-cc3", kind: "opened", occurredAt: NOW - 60 * DAY_MS, contactId: "c-mix", conversationId: "conv-2" },
    { eventId: "old-cc4", kind: "opened", occurredAt: NOW - 50 * DAY_MS, contactId: "c-old", conversationId: "conv-9" },
    { eventId: "old-cc5", kind: "closed", occurredAt: NOW - 49 * DAY_MS, contactId: "c-old", conversationId: "conv-9" },
    { eventId: "keep-cc6", kind: "opened", occurredAt: NOW - DAY_MS, contactId: "c-new", conversationId: "conv-7" },
  ]);
  return ws;
}

const EVENT_TABLES = ["assignments", "contact_conversation_events", "email_events"];

async function eventIds(ws: string): Promise<string[]> {
  const ids: string[] = [];
  for (const table of EVENT_TABLES) {
    const rows = await db.raw.sql.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE workspace_id = ?`, [ws]);
    ids.push(...rows.map((r) => r.event_id));
  }
  return ids.sort();
}

async function derivedRows(ws: string) {
  return {
    threads: (
      await db.raw.sql.query<{ thread_id: string }>("SELECT thread_id FROM email_threads WHERE workspace_id = ? ORDER BY thread_id", [ws])
    ).map((r) => r.thread_id),
    conversations: await db.raw.sql.query("SELECT * FROM email_conversations WHERE workspace_id = ? ORDER BY id", [ws]),
    customers: (
      await db.raw.sql.query<{ email: string }>("SELECT email FROM email_customers WHERE workspace_id = ? ORDER BY email", [ws])
    ).map((r) => r.email),
  };
}

const identities = async (ws: string) =>
  (
    await db.raw.sql.query<{ stream: string; person_id: string; person_name: string; person_email: string }>(
      "SELECT stream, person_id, person_name, person_email FROM person_identities WHERE workspace_id = ? ORDER BY stream, person_id, person_name, person_email",
      [ws],
    )
  ).map((r) => [r.stream, r.person_id, r.person_name, r.person_email]);

describe("retention", () => {
  it("deletes exactly what is past the cut-off, in batches, and leaves a workspace without retention alone", async () => {
    const kept = await seed(null);
    const ws = await seed(30);
    const all = await eventIds(ws);
    const keptBefore = { ids: await eventIds(kept), derived: await derivedRows(kept) };

    const result = await runRetention(db, log, { now: NOW, batchSize: 2 });

    expect(result.status).toBe("ran");
    if (result.status !== "ran") return;
    const mine = result.workspaces.find((w) => w.workspaceId === ws)!;
    expect(result.workspaces.map((w) => w.workspaceId)).not.toContain(kept);
    expect(mine).toMatchObject({ retentionDays: 30, cutoff: NOW - 30 * DAY_MS });
    expect(mine.deleted).toEqual({
      assignments: 7,
      contact_conversation_events: 4,
      email_events: 7,
      email_threads: 2,
      email_conversations: 2,
      email_customers: 1,
      person_identities: 2,
    });
    // Who is who holds exactly the people the remaining events carry.
    expect(await identities(ws)).toEqual([
      ["assignments", "u1", "Fox", "fox@example.com"],
      ["email", "", "Fox", ""],
    ]);
    expect(await identities(kept)).toHaveLength(4);
    expect(await eventIds(ws)).toEqual(all.filter((id) => id.startsWith("keep-")));
    expect((await derivedRows(ws)).threads).toEqual(["t-x2", "t-z"]);
    expect((await derivedRows(ws)).customers).toEqual(["x@example.com", "z@example.com"]);
    expect(await openConversationAt(db, ws, "c-mix", NOW)).toBe("conv-2");
    expect(await eventIds(kept)).toEqual(keptBefore.ids);
    expect(await derivedRows(kept)).toEqual(keptBefore.derived);

    // What stays is what the remaining events give: rebuilding changes nothing.
    const stored = (await derivedRows(ws)).conversations;
    expect(stored).toHaveLength(2);
    await db.raw.sql.transaction((tx) =>
      rebuildConversations(
        tx,
        ws,
        new Map([
          ["x@example.com", null],
          ["z@example.com", null],
        ]),
      ),
    );
    expect((await derivedRows(ws)).conversations).toEqual(stored);

    const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === "retention" && l.workspaceId === ws);
    expect(line).toMatchObject({ retentionDays: 30, assignments: 7, email_events: 7 });
    expect(JSON.stringify(line)).not.toMatch(/example\.com|Name of/);

    // A second run finds nothing left to delete.
    const again = await runRetention(db, log, { now: NOW, batchSize: 2, workspaceId: ws });
    expect(again.status === "ran" && again.workspaces[0]!.deleted).toEqual({
      assignments: 0,
      contact_conversation_events: 0,
      email_events: 0,
      email_threads: 0,
      email_conversations: 0,
      email_customers: 0,
      person_identities: 0,
    });
  });

  it("runs once at a time in a process: an overlapping call skips", async () => {
    await seed(30);
    const [first, second] = await Promise.all([runRetention(db, log, { now: NOW }), runRetention(db, log, { now: NOW })]);
    expect([first.status, second.status]).toEqual(["ran", "skipped"]);
    expect(logs.some((l) => l.includes("retention skipped: another run holds the lock"))).toBe(true);
  });

  it("stops between batches when asked", async () => {
    const ws = await seed(30);
    const before = await eventIds(ws);
    const stop = new AbortController();
    stop.abort();
    const result = await runRetention(db, log, { now: NOW, batchSize: 2, workspaceId: ws, signal: stop.signal });
    expect(result).toEqual({ status: "ran", workspaces: [] });
    expect(await eventIds(ws)).toEqual(before);
  });

  it.runIf(TEST_PROVIDER === "postgresql")(
    "runs on one replica at a time: a second replica skips while the first holds the lock",
    async () => {
      const ws = await seed(30);
      if (db.target.provider !== "postgresql") return;
      const schema = db.target.schema;
      const replica = await openDatabase(db.url);
      // Another session holds a row of the workspace: the first replica's delete waits on it, holding the job's lock.
      const blocker = new pg.Client({ connectionString: PG_ADMIN_URL, options: `-c search_path=${schema}` });
      await blocker.connect();
      try {
        await blocker.query("BEGIN");
        await blocker.query("SELECT 1 FROM assignments WHERE workspace_id = $1 AND event_id = 'old-0' FOR UPDATE", [ws]);
        const first = runRetention(db, log, { now: NOW, workspaceId: ws });
        const held = async () =>
          (
            await blocker.query(
              `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND classid = hashtext('inbox-pulse retention')::oid AND objid = hashtext($1)::oid`,
              [schema],
            )
          ).rows[0].n > 0;
        await waitFor(held);
        expect(await runRetention(replica, log, { now: NOW, workspaceId: ws })).toEqual({ status: "skipped" });
        await blocker.query("COMMIT");
        expect((await first).status).toBe("ran");
        // Released with the run: the other replica may run now.
        expect((await runRetention(replica, log, { now: NOW, workspaceId: ws })).status).toBe("ran");
      } finally {
        await blocker.end();
        await replica.close();
      }
    },
  );
});

describe("retention schedule", () => {
  it("runs on RETENTION_CRON in the server, and stops with it", async () => {
    const ws = await seed(30);
    // Every second, so that the test sees a tick; the default is daily at 03:17 UTC.
    const app = await startApp(readConfig({ DATABASE_URL: db.url, PORT: "0", RETENTION_CRON: "* * * * * *" }), log);
    try {
      // old-0 is 100 days before NOW: past 30 days whatever the date today.
      await waitFor(async () => !(await eventIds(ws)).includes("old-0"), 5000);
    } finally {
      await app.stop();
    }
  });

  it("rejects a RETENTION_CRON that is not a cron expression, naming it", () => {
    expect(() => readConfig({ RETENTION_CRON: "daily" })).toThrow(ConfigError);
    expect(() => readConfig({ RETENTION_CRON: "daily" })).toThrow(/RETENTION_CRON must be a cron expression/);
    expect(readConfig({ RETENTION_CRON: "off" }).RETENTION_CRON).toBe("off");
    expect(readConfig({}).RETENTION_CRON).toBe("17 3 * * *");
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
