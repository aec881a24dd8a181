// Vitest global setup: gives the run an id (see test-run.ts) and, once every file is done,
// fails the run if a temp folder or a PostgreSQL schema of this run is still there (a test
// that closed its database instead of destroying it). Leftovers are removed, then named.
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { PG_ADMIN_URL, schemaPrefix, tempDirPrefix, TEST_PROVIDER } from "./test-run.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testRunId: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const runId = randomBytes(4).toString("hex");
  project.provide("testRunId", runId);
  return async () => {
    const dirs = readdirSync(tmpdir()).filter((name) => name.startsWith(tempDirPrefix(runId)));
    for (const name of dirs) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    const schemas = TEST_PROVIDER === "postgresql" ? await dropSchemasOf(runId) : [];
    const left = [...dirs.map((d) => join(tmpdir(), d)), ...schemas.map((s) => `PostgreSQL schema ${s}`)];
    if (left.length > 0) {
      // A teardown error is only logged by vitest: the exit code says it.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} database(s) behind (now removed): ${left.join(", ")}. Call destroy(), not close(), on a createTestDatabase() handle.`,
      );
    }
  };
}

async function dropSchemasOf(runId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)", [
      schemaPrefix(runId),
    ]);
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}
