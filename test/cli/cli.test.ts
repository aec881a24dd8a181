// The inbox-pulse command as a user runs it (bin/inbox-pulse.js, the compiled CLI): --version,
// help on stdout with status 0, per-command help, a missing file named, tables that fit COLUMNS,
// --json on the list commands.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { grantReportAccess } from "../../src/store/workspace/workspaces.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const { COLUMNS: _, ...base } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["bin/inbox-pulse.js", ...args], {
      env: { ...base, DATABASE_URL: db.url, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe("inbox-pulse", () => {
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `inbox-pulse ${version}\n`, stderr: "" });
  });

  it("help, --help and no command: every command's usage on stdout, status 0", async () => {
    for (const args of [["help"], ["--help"], []]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      for (const command of ["import", "report", "token", "migrate", "erase"])
        expect(run.stdout).toMatch(new RegExp(`^  inbox-pulse ${command}\\b`, "m"));
    }
  });

  it("<command> --help and help <command>: that command's usage on stdout, status 0", async () => {
    for (const args of [
      ["import", "--help"],
      ["help", "import"],
      ["import", "-h"],
    ]) {
      const run = await cli(args);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toContain("inbox-pulse import assignments|email FILE.csv");
      expect(run.stdout).not.toContain("inbox-pulse report");
    }
  });

  it("an unknown command: one line on stderr, status 2", async () => {
    expect(await cli(["frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'Unknown command "frobnicate": inbox-pulse help lists them.\n',
    });
  });

  it("a missing file: no such file: PATH", async () => {
    const run = await cli(["import", "assignments", "/no/such/file.csv", "--workspace", "TCLI"]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "no such file: /no/such/file.csv\n" });
  });

  it("fits the report's tables to COLUMNS, naming the columns left out", async () => {
    const now = Date.now();
    const events = Array.from({ length: 5 }, (_, i) =>
      assignment({
        occurredAt: new Date(now - (i + 1) * 3_600_000).toISOString(),
        conversationId: `a-conversation-with-a-long-id-${i}`,
        contact: { id: `a-contact-with-a-long-id-${i}`, name: "Bartholomew Featherstonehaugh-Cholmondeley" },
        assignee: { name: "Maximiliana Wolfeschlegelsteinhausen" },
        source: "user",
        assignedBy: { name: "Someone With A Very Long Name Indeed" },
      }),
    );
    expect(await ingestEvents(db, "TCLI", events)).toMatchObject({ stored: 5 });
    const wide = await cli(["report", "/assignments last-7-days", "--workspace", "TCLI"]);
    expect(wide.code, wide.stderr).toBe(0);
    expect(Math.max(...wide.stdout.split("\n").map((l) => [...l].length))).toBeGreaterThan(100);
    for (const width of [100, 60]) {
      const run = await cli(["report", "/assignments last-7-days", "--workspace", "TCLI"], { COLUMNS: String(width) });
      expect(run.code, run.stderr).toBe(0);
      const long = run.stdout.split("\n").filter((l) => [...l].length > width);
      expect(long, `lines over ${width} columns`).toEqual([]);
      expect(run.stdout).toContain("Bartholomew");
      expect(run.stdout).toMatch(new RegExp(`\\(not shown, to fit\\s+${width} columns: Conversation ID`));
    }
  });

  it("--json on the list commands", async () => {
    await createToken(db, "TJSON", "ci");
    await grantReportAccess(db, "TJSON", { kind: "user", subjectId: "U0123" });
    const tokens = await cli(["token", "list", "--workspace", "TJSON", "--json"]);
    expect(tokens.code, tokens.stderr).toBe(0);
    expect(JSON.parse(tokens.stdout)).toEqual([
      { id: expect.stringMatching(/^tok_/), label: "ci", createdAt: expect.any(String), revokedAt: null },
    ]);
    const access = await cli(["access", "list", "--workspace", "TJSON", "--json"]);
    expect(JSON.parse(access.stdout)).toEqual([{ kind: "user", subjectId: "U0123" }]);
  });
});
