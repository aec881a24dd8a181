// What a test run's databases and temp folders are named. Each carries the run's id, so
// that the global teardown (leak-guard.ts) finds those this run left behind, and only those:
// other runs on the same machine (other checkouts, other engineers) have their own id.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

export const TEST_PROVIDER = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** `inbox-pulse-test-<run id>-`: every temp folder of the run starts so. */
export const tempDirPrefix = (runId: string) => `inbox-pulse-test-${runId}-`;
/** `t_<run id>_`: every PostgreSQL schema of the run starts so. */
export const schemaPrefix = (runId: string) => `t_${runId}_`;

/** A new empty folder under the OS temp dir; the test file removes it in afterAll. */
export function makeTestTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `${tempDirPrefix(inject("testRunId"))}${label}-`));
}

export function testSchemaName(): string {
  return `${schemaPrefix(inject("testRunId"))}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}
