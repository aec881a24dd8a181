import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One database per test file (see test/support/database.ts); files run in parallel.
    pool: "forks",
    // Names the run's databases and temp folders, and fails the run if any is left behind.
    globalSetup: ["test/support/leak-guard.ts"],
  },
});
