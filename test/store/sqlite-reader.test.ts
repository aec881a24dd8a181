// Reports read SQLite through a worker thread (src/store/engine/sqlite-reader.ts): the same rows as
// the main connection, errors that say what went wrong, and an event loop that keeps running.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { DatabaseUnavailableError } from "../../src/store/engine/sql.ts";
import { assignment } from "../support/events.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

describe("the report reader", () => {
  it("sees what the main connection committed, with the same parameter conversions", async () => {
    await db.raw.sql.exec("CREATE TABLE reader_probe (id TEXT PRIMARY KEY, flag BOOLEAN NOT NULL, at INTEGER NOT NULL)");
    await db.raw.sql.transaction((tx) =>
      tx.runEach("INSERT INTO reader_probe VALUES (?, ?, ?)", [
        ["a", true, 1],
        ["b", false, 2],
      ]),
    );
    expect(await db.raw.reader.query("SELECT id, at FROM reader_probe WHERE flag = ? ORDER BY id", [true])).toEqual([{ id: "a", at: 1 }]);
    await db.raw.sql.run("INSERT INTO reader_probe VALUES (?, ?, ?)", ["c", true, 3]);
    expect(await db.raw.reader.query("SELECT COUNT(*) AS n FROM reader_probe WHERE flag = ?", [true])).toEqual([{ n: 2 }]);
  });

  it("serves a report of the inbox-pulse command, whose threads run TypeScript too", async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await ingestEvents(db, "TREADER", [assignment({ occurredAt: twoDaysAgo, contact: { id: "k-cli", name: "Reader Probe" } })]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bin/inbox-pulse.js", "report", "/assignments last-30-days", "--workspace", "TREADER"],
      { env: { ...process.env, DATABASE_URL: db.url } },
    );
    expect(stdout).toMatch(/^Assignments +1 /m);
    expect(stdout).toContain("Reader Probe");
  });
});

describe.runIf(TEST_PROVIDER === "sqlite")("SQLite reader thread", () => {
  it("rejects a bad statement with SQLite's message, and a write as read-only", async () => {
    await expect(db.raw.reader.query("SELECT nope FROM reader_probe")).rejects.toThrow(/no such column: nope/);
    await expect(db.raw.reader.query("DELETE FROM reader_probe RETURNING id")).rejects.toThrow(/readonly/);
    expect(await db.raw.sql.query("SELECT COUNT(*) AS n FROM reader_probe")).toEqual([{ n: 3 }]);
  });

  it("leaves the event loop free while a long query runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    // A few hundred milliseconds of work inside SQLite: on the main thread no timer could fire.
    const [row] = await db.raw.reader.query<{ n: number }>(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT COUNT(*) AS n FROM c",
    );
    clearInterval(timer);
    expect(row!.n).toBe(3_000_000);
    expect(ticks).toBeGreaterThan(0);
  });

  it("reports a database that cannot be opened as unavailable", async () => {
    const { SqliteReader } = await import("../../src/store/engine/sqlite-reader.ts");
    const missing = new SqliteReader("/nonexistent/folder/inbox.db");
    const failure = await missing.query("SELECT 1").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    // The thread ran and said why (not a thread that failed to load).
    let cause = failure;
    while (cause instanceof DatabaseUnavailableError) cause = cause.cause;
    expect(String(cause)).toMatch(/directory does not exist/);
    await missing.close();
  });
});
