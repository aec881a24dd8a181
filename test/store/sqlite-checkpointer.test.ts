// The writing connection never checkpoints on its own (wal_autocheckpoint = 0); the worker
// thread of src/store/engine/sqlite-checkpointer.ts must, and must get the WAL started over, or the
// WAL would grow without bound.
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite, type SqlDatabase } from "../../src/store/engine/sql.ts";
import { makeTestTempDir } from "../support/test-run.ts";

const dir = makeTestTempDir("wal");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `megabytes` transactions of 1 MB, `pauseMs` apart; resolves to the largest WAL seen. */
async function writeMegabytes(sql: SqlDatabase, file: string, megabytes: number, pauseMs: number): Promise<number> {
  await sql.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const body = "x".repeat(1000);
  const megabyte = Array.from({ length: 1000 }, () => [body]);
  let largestWal = 0;
  for (let i = 0; i < megabytes; i++) {
    await sql.transaction((tx) => tx.runEach("INSERT INTO blobs (body) VALUES (?)", megabyte));
    largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
    await sleep(pauseMs);
  }
  expect(await sql.query("SELECT COUNT(*) AS n FROM blobs")).toEqual([{ n: megabytes * 1000 }]);
  return largestWal;
}

describe("SQLite WAL checkpoints on the worker thread", () => {
  it("keeps the WAL to about one interval's writes, and leaves none after close", async () => {
    const file = join(dir, "wal.db");
    const sql = openSqlite(file);
    // Pauses longer than the 250 ms interval.
    expect(await writeMegabytes(sql, file, 15, 400)).toBeLessThan(4 * 1024 * 1024);
    await sql.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("closes at once, leaving no WAL, a database closed before its thread started", async () => {
    const file = join(dir, "brief.db");
    const sql = openSqlite(file);
    await sql.exec("CREATE TABLE notes (body TEXT NOT NULL)");
    await sql.transaction((tx) => tx.run("INSERT INTO notes (body) VALUES (?)", ["x"]));
    await sql.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("starts the WAL over under steady writes", async () => {
    const file = join(dir, "steady.db");
    // Restarts past 16 MiB instead of 256 (the mechanism, not the production threshold).
    const sql = openSqlite(file, { restartFrames: 4096 });
    // 10 ms apart: the WAL is never wholly checkpointed when a transaction begins (without
    // the restart it grew to the full 160 MB).
    expect(await writeMegabytes(sql, file, 160, 10)).toBeLessThan(64 * 1024 * 1024);
    await sql.close();
  });
});
