// Applies prisma/<provider>/migrations on start-up, recording them in Prisma's own
// _prisma_migrations table (same checksum), so `prisma migrate status/deploy` agree with it.
// Done in-process because the CLI takes seconds per run (12 s on PostgreSQL here).
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { backfillFoldedNames } from "./folded-names.ts";
import type { SqlDatabase, SqlExecutor } from "./sql.ts";

const MIGRATIONS_TABLE: Record<SqlDatabase["dialect"], string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

// What a migration's SQL cannot do, run right after its script in the same transaction.
// `prisma migrate deploy` does not run these: apply migrations through the app.
const DATA_STEPS: Record<string, (tx: SqlExecutor) => Promise<void>> = {
  "0015_folded_names": backfillFoldedNames({
    assignments: [
      ["contact_name", "contact_name_folded"],
      ["assigned_by_name", "assigned_by_name_folded"],
    ],
  }),
  "0019_person_name_folded": backfillFoldedNames({ person_identities: [["person_name", "person_name_folded"]] }),
};

// Prisma's own advisory lock id, so that our runner and `prisma migrate deploy` exclude each other.
const PG_MIGRATION_LOCK = 72707369;

export function migrationsFolder(dialect: SqlDatabase["dialect"]): string {
  return join(import.meta.dirname, "..", "..", "..", "prisma", dialect, "migrations");
}

/**
 * Applies pending migrations; returns the names of those it applied. PostgreSQL: `schema`
 * (DATABASE_URL's ?schema=) is created when it does not exist yet.
 */
function readMigrations(dialect: SqlDatabase["dialect"]) {
  const folder = migrationsFolder(dialect);
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(folder, name, "migration.sql"), "utf8");
      return { name, script, checksum: createHash("sha256").update(script).digest("hex") };
    });
}

/** The migrations not applied yet, without applying them (MIGRATE_ON_START=false checks this). */
export async function pendingMigrations(db: SqlExecutor): Promise<string[]> {
  const [table] = await db.query<{ found: string | null }>(
    db.dialect === "sqlite"
      ? `SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`
      : `SELECT to_regclass('"_prisma_migrations"')::text AS found`,
  );
  const applied = table?.found
    ? await db.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
      )
    : [];
  const done = new Set(applied.map((row) => row.migration_name));
  return readMigrations(db.dialect)
    .map((migration) => migration.name)
    .filter((name) => !done.has(name));
}

export async function applyMigrations(db: SqlDatabase, schema = "public"): Promise<string[]> {
  const migrations = readMigrations(db.dialect);

  // One transaction for the lot: replicas starting together wait for each other
  // (SQLite's write lock, PostgreSQL's transaction-scoped advisory lock).
  return db.transaction(async (tx) => {
    if (tx.dialect === "postgresql") {
      await tx.query(`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
      // current_schema() is null while the search_path's schema does not exist: created then,
      // and only then (CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even
      // when it exists). The name is a plain identifier (database-url.ts), quoted as in search_path.
      const [current] = await tx.query<{ schema: string | null }>("SELECT current_schema() AS schema");
      if (current!.schema === null) await tx.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } else {
      // SQLite opens a file it may not write read-only, without a word, and the first
      // ingest would fail: writing the header (the same value) makes start-up fail instead.
      const [header] = await tx.query<{ user_version: number }>("PRAGMA user_version");
      await tx.exec(`PRAGMA user_version = ${Number(header!.user_version)}`);
    }
    await tx.exec(MIGRATIONS_TABLE[tx.dialect]);
    const applied = await tx.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const known = new Map(applied.map((row) => [row.migration_name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = known.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs)`);
        }
        continue;
      }
      await tx.exec(migration.script);
      await DATA_STEPS[migration.name]?.(tx);
      const now = Date.now();
      const stamp = tx.dialect === "sqlite" ? now : new Date(now).toISOString();
      await tx.run(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, ?, 1)`,
        [randomUUID(), migration.checksum, stamp, migration.name, stamp],
      );
      done.push(migration.name);
    }
    return done;
  });
}
