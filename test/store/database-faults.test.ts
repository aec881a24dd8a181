// The database going away or refusing writes in the middle of a batch: the request fails
// cleanly (503, or 500 for a non-transient error), nothing of the batch is stored, and
// the retry stores everything exactly once.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, PG_ADMIN_URL, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";
import { postJson, startIngestServer } from "../support/server.ts";

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startIngestServer>>;
let token: string;
const WS = "TFAULT";

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startIngestServer(db);
  token = (await createToken(db.prisma, WS)).token;
});
afterAll(async () => {
  await server.close();
  await db.destroy();
});

const count = async (table: string) =>
  Number((await db.sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`, [WS]))[0]!.n);

// Assignments are written first, then the email events: a failure on the email table
// happens after part of the batch is already written inside the transaction.
function mixedBatch(tag: string) {
  return {
    events: [
      ...Array.from({ length: 200 }, (_, i) => assignment({ id: `${tag}-a${i}`, contact: { id: `${tag}-c${i % 20}` } })),
      ...Array.from({ length: 20 }, (_, i) => emailEvent("email.received", { id: `${tag}-e${i}`, threadId: `${tag}-t${i}` })),
    ],
  };
}

async function expectAllStoredOnce(batch: ReturnType<typeof mixedBatch>, before: { a: number; e: number }) {
  const retry = await postJson(`${server.url}/api/v1/events`, batch, token);
  expect(retry.status).toBe(200);
  expect(await retry.json()).toMatchObject({ stored: 220, duplicates: 0, rejected: 0 });
  expect(await count("assignments")).toBe(before.a + 200);
  expect(await count("email_events")).toBe(before.e + 20);
  expect(await (await postJson(`${server.url}/api/v1/events`, batch, token)).json()).toMatchObject({ stored: 0, duplicates: 220 });
}

describe.runIf(TEST_PROVIDER === "postgresql")("PostgreSQL connection killed mid-batch", () => {
  it("answers 503 with Retry-After, stores nothing, and the retry stores everything once", async () => {
    const schema = new URL(db.url).searchParams.get("schema")!;
    const before = { a: await count("assignments"), e: await count("email_events") };
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      // Hold the email table so the batch blocks after writing its assignments...
      await admin.query("BEGIN");
      await admin.query(`LOCK TABLE ${schema}.email_events IN ACCESS EXCLUSIVE MODE`);
      const batch = mixedBatch("pgkill");
      const pending = postJson(`${server.url}/api/v1/events`, batch, token);
      // ...then kill that backend, as a crash or failover would.
      let killed = 0;
      for (let attempt = 0; attempt < 100 && killed === 0; attempt++) {
        await new Promise((r) => setTimeout(r, 50));
        // The backend waiting for our lock on this schema's email_events (its query text may
        // not show yet: with the extended protocol it waits while parsing).
        const { rows } = await admin.query(
          `SELECT pg_terminate_backend(l.pid) AS done FROM pg_locks l
           JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE NOT l.granted AND c.relname = 'email_events' AND n.nspname = $1`,
          [schema],
        );
        killed = rows.length;
      }
      expect(killed).toBe(1);
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      await admin.query("ROLLBACK");
      expect(await count("assignments")).toBe(before.a);
      expect(await count("email_events")).toBe(before.e);
      await expectAllStoredOnce(batch, before);
    } finally {
      await admin.end();
    }
  });
});

describe.runIf(TEST_PROVIDER === "sqlite")("SQLite locked by another process", () => {
  it("answers 503 once the busy timeout passes, stores nothing, and the retry stores everything once", async () => {
    const before = { a: await count("assignments"), e: await count("email_events") };
    const other = new Database(new URL(db.url.replace(/^file:/, "file://")).pathname);
    try {
      other.prepare("BEGIN EXCLUSIVE").run();
      const batch = mixedBatch("sqlitebusy");
      const response = await postJson(`${server.url}/api/v1/events`, batch, token);
      expect(response.status).toBe(503);
      expect((await response.json()).error).toContain("retry");
      other.prepare("ROLLBACK").run();
      expect(await count("assignments")).toBe(before.a);
      await expectAllStoredOnce(batch, before);
    } finally {
      other.close();
    }
  });
});

describe("a statement failing after part of the batch is written", () => {
  it("rolls the whole batch back (500 with an error id) and the retry stores everything once", async () => {
    const before = { a: await count("assignments"), e: await count("email_events") };
    const batch = mixedBatch("trigger");
    // A trigger makes the 10th email insert fail, after all assignments were written.
    if (TEST_PROVIDER === "sqlite") {
      await db.sql.exec(`CREATE TRIGGER fail_once BEFORE INSERT ON email_events WHEN NEW.event_id = 'trigger-e9'
        BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    } else {
      await db.sql.exec(`CREATE FUNCTION fail_once() RETURNS trigger AS $$ BEGIN
          IF NEW.event_id = 'trigger-e9' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER fail_once BEFORE INSERT ON email_events FOR EACH ROW EXECUTE FUNCTION fail_once();`);
    }
    const response = await postJson(`${server.url}/api/v1/events`, batch, token);
    expect(response.status).toBe(500);
    expect((await response.json()).errorId).toMatch(/^E[0-9A-Z]+$/);
    expect(await count("assignments")).toBe(before.a);
    expect(await count("email_events")).toBe(before.e);
    await db.sql.exec(
      TEST_PROVIDER === "sqlite" ? "DROP TRIGGER fail_once" : "DROP TRIGGER fail_once ON email_events; DROP FUNCTION fail_once()",
    );
    await expectAllStoredOnce(batch, before);
  });
});
