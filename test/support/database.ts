// A fresh, migrated database for one test file: a new SQLite file, or (TEST_DB=postgresql)
// a new schema in the local PostgreSQL `test` database, dropped afterwards.
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database, type Engine } from "../../src/store/engine/database.ts";
import { rawHandles } from "../../src/store/engine/raw-handles.ts";
import { makeTestTempDir, PG_ADMIN_URL, TEST_PROVIDER, testSchemaName } from "./test-run.ts";

export { PG_ADMIN_URL, TEST_PROVIDER };

export interface TestDatabase extends Database {
  url: string;
  /** For seeding rows and checking what was stored. */
  raw: Engine;
  /** Closes and deletes the database. */
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_PROVIDER === "sqlite") {
    const dir = makeTestTempDir("db");
    const url = `file:${join(dir, "test.db")}`;
    const db = await openDatabase(url);
    return Object.assign(db, {
      url,
      raw: rawHandles(db),
      async destroy() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const schema = testSchemaName();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${PG_ADMIN_URL}?schema=${schema}`;
  const db = await openDatabase(url);
  return Object.assign(db, {
    url,
    raw: rawHandles(db),
    async destroy() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: PG_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  });
}
