// `npm start` as an operator runs it: a database it cannot use, or a port it cannot take,
// stops it with one line on stderr naming the setting, what is wrong and what to do, and a
// non-zero status; never a stack trace. A PostgreSQL schema that does not exist is created.
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/engine/database.ts";
import { rawHandles } from "../../src/store/engine/raw-handles.ts";
import { createToken, findActiveToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, PG_ADMIN_URL, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";

interface Run {
  /** null when npm itself was stopped by the signal. */
  status: number | null;
  stdout: string;
  stderr: string;
}

// As root, file modes do not stop writes: the app then runs as `nobody`.
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "inbox-pulse-start-"));
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` with these settings; `untilListening`: stopped by SIGTERM once it listens. */
function npmStart(env: Record<string, string>, options: { asNobody?: boolean; untilListening?: boolean } = {}): Promise<Run> {
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });
  const nobody = options.asNobody && AS_ROOT;
  if (nobody) chownSync(home, NOBODY, NOBODY);
  // A process group of its own: SIGTERM reaches the app whatever runs it.
  const child = spawn("npm", ["start"], {
    env: { ...process.env, PORT: "0", SHUTDOWN_DELAY_SECONDS: "0", HOME: home, npm_config_update_notifier: "false", ...env },
    detached: true,
    ...(nobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = "";
  let stderr = "";
  let stopped = false;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    if (options.untilListening && !stopped && stdout.includes("Inbox Pulse is listening")) {
      stopped = true;
      process.kill(-child.pid!, "SIGTERM");
    }
  });
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

/** The one line of stderr (JSON log lines aside, none of which is written before a failure). */
function expectOneLine(run: Run, ...parts: string[]) {
  expect(run.status, run.stderr).not.toBe(0);
  expect(run.status).not.toBeNull();
  const lines = run.stderr.split("\n").filter((l) => l !== "");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).not.toMatch(/^\s+at |Error:|node:internal/);
  for (const part of parts) expect(lines[0]).toContain(part);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.runIf(TEST_PROVIDER === "sqlite")("SQLite", () => {
  async function migratedFile(name: string): Promise<string> {
    const folder = join(dir, name);
    mkdirSync(folder);
    const file = join(folder, "pulse.db");
    // A database made by an earlier start, then left read-only.
    const made = await npmStart({ DATABASE_URL: `file:${file}` }, { untilListening: true });
    expect(made.stdout).toContain("Inbox Pulse is listening");
    return file;
  }

  it("a read-only database file: one line naming DATABASE_URL and what to do", async () => {
    const file = await migratedFile("readonly-file");
    chmodSync(file, 0o444);
    const run = await npmStart({ DATABASE_URL: `file:${file}` }, { asNobody: true });
    expectOneLine(run, "DATABASE_URL: cannot write the SQLite database", file, "give the user running Inbox Pulse write access");
  });

  it("a database in a read-only folder: the same", async () => {
    const file = await migratedFile("readonly-folder");
    chmodSync(file, 0o444);
    chmodSync(join(dir, "readonly-folder"), 0o555);
    const run = await npmStart({ DATABASE_URL: `file:${file}` }, { asNobody: true });
    expectOneLine(run, "DATABASE_URL: cannot write the SQLite database", "-wal");
  });

  it("a file that is not a database, and a folder that cannot be made", async () => {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "not a database ".repeat(100));
    expectOneLine(await npmStart({ DATABASE_URL: `file:${text}` }), "DATABASE_URL:", "is not a usable SQLite database");
    expectOneLine(await npmStart({ DATABASE_URL: `file:${text}/pulse.db` }), "DATABASE_URL: cannot open or create the SQLite database");
  });
});

describe.runIf(TEST_PROVIDER === "postgresql")("PostgreSQL", () => {
  const admin = () => new pg.Client({ connectionString: PG_ADMIN_URL });
  const url = new URL(PG_ADMIN_URL);
  // Mixed case: the raw SQL's search_path and Prisma must name the same schema.
  const SCHEMA = `Start_${process.pid}`;
  const ROLE = `start_nocreate_${process.pid}`;

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.query(`DROP ROLE IF EXISTS ${ROLE}`);
    await client.end();
  });

  it("PostgreSQL down: one line naming DATABASE_URL, the host and port", async () => {
    const port = await freePort();
    const run = await npmStart({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/test` });
    expectOneLine(run, "DATABASE_URL: cannot connect to PostgreSQL at", `127.0.0.1:${port}`, "start PostgreSQL");
  });

  it("no such database: one line saying so", async () => {
    const run = await npmStart({ DATABASE_URL: `postgresql://postgres@${url.host}/no_such_database_${process.pid}` });
    expectOneLine(run, `has no database no_such_database_${process.pid}`, "createdb");
  });

  it("creates the schema of ?schema= when it does not exist", async () => {
    const run = await npmStart({ DATABASE_URL: `${PG_ADMIN_URL}?schema=${SCHEMA}` }, { untilListening: true });
    expect(run.stdout, run.stderr).toContain("Inbox Pulse is listening");
    const client = admin();
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = 'assignments'", [
      SCHEMA,
    ]);
    await client.end();
    expect(rows[0].n).toBe(1);
    const db = await openDatabase(`${PG_ADMIN_URL}?schema=${SCHEMA}`);
    try {
      const { token } = await createToken(db, "TSTART");
      expect(await findActiveToken(db, token)).toMatchObject({ workspaceId: "TSTART" });
      expect(await rawHandles(db).sql.query("SELECT workspace_id FROM ingest_tokens")).toEqual([{ workspace_id: "TSTART" }]);
    } finally {
      await db.close();
    }
  });

  it("a missing schema the user may not create: one line saying what to run", async () => {
    const client = admin();
    await client.connect();
    // A login without CREATE on the database (PUBLIC has none by default).
    await client.query(`CREATE ROLE ${ROLE} LOGIN`);
    await client.end();
    const run = await npmStart({ DATABASE_URL: `postgresql://${ROLE}@${url.host}${url.pathname}?schema=missing_${process.pid}` });
    expectOneLine(run, `DATABASE_URL: user ${ROLE} may not create`, `CREATE SCHEMA missing_${process.pid} AUTHORIZATION ${ROLE}`);
  });
});

describe("the port", () => {
  let db: TestDatabase;
  let holder: Server;
  beforeAll(async () => {
    db = await createTestDatabase();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await db.destroy();
  });

  it("already in use: one line naming PORT", async () => {
    const { port } = holder.address() as { port: number };
    const run = await npmStart({ DATABASE_URL: db.url, PORT: String(port) });
    expectOneLine(run, `PORT: port ${port} is already in use`);
  });
});
