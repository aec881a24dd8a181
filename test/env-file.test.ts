// .env.example lists every setting of the config schema, each with a one-line comment, and its
// values are the defaults; docs/operations.md's settings table names the same ones; a .env file
// in the working directory is read by the app and the CLI, under the environment.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseEnv, promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig, SETTINGS } from "../src/config.ts";

const example = readFileSync(".env.example", "utf8");
const lines = example.split("\n");
const ASSIGNMENT = /^#?([A-Z][A-Z0-9_]*)=/;

describe(".env.example", () => {
  it("sets or shows (commented out) every setting once, each after a one-line comment", () => {
    const named = lines.flatMap((line, i) => {
      const match = ASSIGNMENT.exec(line);
      return match ? [{ name: match[1]!, comment: lines[i - 1] ?? "" }] : [];
    });
    expect(named.map((n) => n.name).sort()).toEqual([...SETTINGS].sort());
    for (const { name, comment } of named) {
      expect(comment, `the line above ${name}`).toMatch(/^# \S/);
      expect(comment, `the line above ${name}`).not.toMatch(ASSIGNMENT);
      expect(comment.length, `the comment of ${name}`).toBeLessThanOrEqual(100);
    }
  });

  it("holds the defaults, as Node reads the file", () => {
    const values = parseEnv(example);
    expect(Object.keys(values).length).toBeGreaterThan(5);
    expect(readConfig(values)).toEqual(readConfig({}));
  });

  it("matches the settings table of docs/operations.md", () => {
    const doc = readFileSync("docs/operations.md", "utf8");
    const table = doc.slice(doc.indexOf("| Variable"), doc.indexOf("\n\n", doc.indexOf("| Variable")));
    const documented = [...table.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...SETTINGS].sort());
  });
});

describe("a .env file in the working directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "inbox-pulse-env-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = resolve("bin/inbox-pulse.js");
  const run = (env: NodeJS.ProcessEnv) => promisify(execFile)(process.execPath, [cli, "migrate"], { cwd: dir, env });

  it("is read by the CLI, and the environment wins over it", async () => {
    const { DATABASE_URL: _, ...env } = process.env;
    writeFileSync(join(dir, ".env"), `# a comment\nDATABASE_URL=file:${join(dir, "from-file.db")}\n`);
    const fromFile = await run(env);
    expect(fromFile.stdout).toContain("Applied");
    expect(existsSync(join(dir, "from-file.db"))).toBe(true);

    const fromEnv = await run({ ...env, DATABASE_URL: `file:${join(dir, "from-env.db")}` });
    expect(fromEnv.stdout).toContain("Applied");
    expect(existsSync(join(dir, "from-env.db"))).toBe(true);
  });

  it("with a bad value: one line naming the variable", async () => {
    writeFileSync(join(dir, ".env"), "PORT=http\n");
    const failed = await run(process.env).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: 'PORT must be a whole number from 0, got "http"\n' });
  });
});
