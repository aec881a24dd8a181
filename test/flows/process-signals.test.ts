// SIGTERM and SIGINT to the process an operator started, `npm start` or `node dist/app.js` (the
// compiled app: scripts/test.sh builds it first): /readyz answers 503 from the signal, a request
// already received is answered, the whole process tree exits within 30 s, and the database is
// closed (SQLite removes its -wal file when the last connection closes cleanly).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/engine/database.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { makeTestTempDir } from "../support/test-run.ts";

let dir: string;
let db: TestDatabase | undefined;
let url: string;
let token: string;

beforeAll(async () => {
  expect(existsSync("dist/app.js"), "dist/app.js is missing: run `npm run build`").toBe(true);
  dir = makeTestTempDir("signals");
  // SQLite: a file only the app holds open, so that its clean close shows (no -wal left).
  if (TEST_PROVIDER === "sqlite") url = `file:${join(dir, "app.db")}`;
  else url = (db = await createTestDatabase()).url;
  const setup = await openDatabase(url);
  ({ token } = await createToken(setup, "TSIGNAL"));
  await setup.close();
});
afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent is the 2nd field after the command name, which may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Started {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

function start(command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, {
    env: { ...process.env, DATABASE_URL: url, PORT: "0", SHUTDOWN_DELAY_SECONDS: "1", npm_config_update_notifier: "false" },
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => void (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]), exited, output: () => output });
    });
    void exited.then((status) => reject(new Error(`exited (${status}) before listening: ${output}`)));
  });
}

/** An ingest request whose body arrives in two parts, `gapMs` apart: in flight meanwhile. */
function slowIngest(port: number, gapMs: number): Promise<Response> {
  const body = JSON.stringify({
    events: [
      {
        type: "assignment",
        id: `signal-${Date.now()}`,
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        contact: { id: "c-1" },
        assignee: { email: "ann@example.com" },
        source: "user",
      },
    ],
  });
  const half = Math.floor(body.length / 2);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(body.slice(0, half)));
      await new Promise((r) => setTimeout(r, gapMs));
      controller.enqueue(new TextEncoder().encode(body.slice(half)));
      controller.close();
    },
  });
  return fetch(`http://127.0.0.1:${port}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: stream,
    duplex: "half",
  } as RequestInit);
}

describe.each([
  { signal: "SIGTERM" as const, command: "npm", args: ["start"] },
  { signal: "SIGINT" as const, command: "node", args: ["dist/app.js"] },
])("$signal to `$command $args.0`", ({ signal, command, args }) => {
  it("answers /readyz 503, finishes the request in flight, closes the database and leaves no process behind", async () => {
    const app = await start(command, args);
    const tree = descendants(app.child.pid!);
    expect((await fetch(`http://127.0.0.1:${app.port}/readyz`)).status).toBe(200);
    // Received before the signal, its body complete only after the port has closed (1 s).
    const inFlight = slowIngest(app.port, 1500);
    await new Promise((r) => setTimeout(r, 200));

    const signalled = Date.now();
    app.child.kill(signal);
    await new Promise((r) => setTimeout(r, 200));
    const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, error: "shutting down" });

    const answer = await inFlight;
    expect(answer.status, app.output()).toBe(200);
    expect(await answer.json()).toMatchObject({ stored: 1 });
    expect(await app.exited, app.output()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(30_000);
    const survivors = tree.filter(alive);
    expect(survivors, `still running: ${survivors.join(", ")}`).toEqual([]);
    if (TEST_PROVIDER === "sqlite") expect(existsSync(join(dir, "app.db-wal")), "the SQLite database was not closed").toBe(false);
    expect(app.output()).not.toMatch(/Error|at .*\.js:\d+/);
  });
});
