// The per-provider schemas come from prisma/models.prisma, and the committed migrations
// must build exactly the tables that schema describes. Either drifting fails here.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { SqlDatabase } from "../../src/store/engine/sql.ts";
import { createTestDatabase, TEST_PROVIDER } from "../support/database.ts";

const run = promisify(execFile);

async function structure(sql: SqlDatabase): Promise<string[]> {
  if (sql.dialect === "sqlite") {
    const tables = await sql.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    );
    const lines: string[] = [];
    for (const { name } of tables) {
      for (const c of await sql.query<Record<string, unknown>>(`PRAGMA table_info("${name}")`)) {
        lines.push(`${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
      }
      for (const i of await sql.query<{ name: string; unique: number }>(`PRAGMA index_list("${name}")`)) {
        const cols = await sql.query<{ name: string }>(`PRAGMA index_info("${i.name}")`);
        lines.push(`${name} index ${i.name} unique=${i.unique} (${cols.map((c) => c.name).join(",")})`);
      }
    }
    return lines.sort();
  }
  const columns = await sql.query<Record<string, unknown>>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
  );
  const indexes = await sql.query<Record<string, unknown>>(
    "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'",
  );
  return [
    ...columns.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} null=${c.is_nullable} default=${c.column_default}`),
    ...indexes.map((i) => `${i.tablename} ${String(i.indexdef).replace(/ ON \w+\./, " ON ")}`),
  ].sort();
}

describe("schema drift", () => {
  it("the per-provider schemas are generated from prisma/models.prisma", async () => {
    await expect(run("node", ["scripts/schemas.mjs", "--check"])).resolves.toBeDefined();
  });

  it(`the ${TEST_PROVIDER} migrations build what the schema describes`, async () => {
    const migrated = await createTestDatabase();
    const fromSchema = await createTestDatabase();
    try {
      const { stdout: script } = await run("npx", [
        "prisma",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        `prisma/${TEST_PROVIDER}/schema.prisma`,
        "--script",
      ]);
      // A fresh database built straight from the schema (its migration tables aside).
      const tables = await fromSchema.raw.sql.query<{ name: string }>(
        TEST_PROVIDER === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'",
      );
      for (const { name } of tables) await fromSchema.raw.sql.exec(`DROP TABLE "${name}"`);
      await fromSchema.raw.sql.exec(script);
      expect(await structure(migrated.raw.sql)).toEqual(await structure(fromSchema.raw.sql));
    } finally {
      await migrated.destroy();
      await fromSchema.destroy();
    }
  });
});
