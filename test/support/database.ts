// A fresh, migrated database for one test file: a new SQLite file, or (TEST_DB=postgresql)
// a new schema in the local PostgreSQL `test` database, dropped afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/store/database.ts";

export const TEST_PROVIDER = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase extends Database {
  url: string;
  /** Closes and deletes the database. */
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_PROVIDER === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "inbox-pulse-test-"));
    const url = `file:${join(dir, "test.db")}`;
    const db = await openDatabase(url);
    return Object.assign(db, {
      url,
      async destroy() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${PG_ADMIN_URL}?schema=${schema}`;
  const db = await openDatabase(url);
  return Object.assign(db, {
    url,
    async destroy() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: PG_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  });
}
