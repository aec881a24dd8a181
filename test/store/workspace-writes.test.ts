// A workspace's event writes (src/store/events/workspace-writes.ts): one write lock per
// transaction, taken in turns within the process (src/store/events/write-turns.ts), and the
// writer's memory of each contact's recent assignments, used while the workspace's
// assignments are as it left them, dropped as soon as anything else changed them (on
// PostgreSQL: another replica, a trigger-stamped update or delete).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import { rawHandles } from "../../src/store/engine/raw-handles.ts";
import type { SqlDatabase, SqlExecutor } from "../../src/store/engine/sql.ts";
import { writeWorkspaceEvents } from "../../src/store/events/workspace-writes.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
/** The statements the store ran through the database's SQL handle (swapped for a recording one). */
let statements: string[] = [];
/** The SQL handle itself, for the test's own checks. */
let plain: SqlDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const noted = <T>(text: string, result: T): T => {
    statements.push(text);
    return result;
  };
  const record = (tx: SqlExecutor): SqlExecutor => ({
    dialect: tx.dialect,
    query: (text, params) => noted(text, tx.query(text, params)),
    run: (text, params) => noted(text, tx.run(text, params)),
    exec: (script) => tx.exec(script),
    runEach: (text, rows) => noted(text, tx.runEach(text, rows)),
    ...(tx.copyIn ? { copyIn: (text: string, lines: Iterable<string>) => noted(text, tx.copyIn!(text, lines)) } : {}),
  });
  plain = db.raw.sql;
  rawHandles(db).sql = { ...record(plain), transaction: (work) => plain.transaction((tx) => work(record(tx))), close: () => plain.close() };
});
afterAll(async () => {
  await db.destroy();
});

let counter = 0;
const newWorkspace = () => `TMEM${++counter}`;
const fox = { id: "u-fox", name: "Fox", email: "fox@example.com" };
const ana = { id: "u-ana", name: "Ana", email: "ana@example.com" };
/** Statements that read the stored assignments (the look-ups the memory spares; not an UPDATE's own look-up). */
const lookups = () => statements.filter((s) => !/^\s*UPDATE\b/.test(s) && /SELECT[\s\S]*\b(FROM|JOIN) assignments\b/.test(s)).length;

/** Stores one assignment of contact c1 (previous assignee derived) and returns the previous assignee stored for it. */
async function assign(ws: string, at: string, assignee: typeof fox | null): Promise<unknown> {
  const event = assignment({ contact: { id: "c1" }, occurredAt: at, assignee });
  statements = [];
  const outcome = await ingestEvents(db, ws, [event]);
  expect(outcome.stored).toBe(1);
  const [row] = await plain.query<{ previous_assignee_name: string | null }>(
    "SELECT previous_assignee_name FROM assignments WHERE workspace_id = ? AND event_id = ?",
    [ws, event.id as string],
  );
  return row!.previous_assignee_name;
}

/** Runs `work` on another database handle (another process, another replica). */
async function onAnotherHandle(work: (other: Database) => Promise<unknown>): Promise<void> {
  const other = await openDatabase(db.url, { migrate: false });
  try {
    await work(other);
  } finally {
    await other.close();
  }
}

describe("the workspace's write lock", () => {
  it.runIf(TEST_PROVIDER === "postgresql")("is taken once per ingest transaction", async () => {
    const ws = newWorkspace();
    // (The workspace's first write creates the lock's row, then locks it.)
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await assign(ws, "2026-11-20T10:00:00Z", ana);
    expect(statements.filter((s) => /FOR UPDATE/.test(s))).toHaveLength(1);
  });
});

/** A write of the workspace that stays open until `release` is called; `started` once its work runs. */
function heldWrite(ws: string) {
  let release!: () => void;
  let started!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const running = new Promise<void>((resolve) => (started = resolve));
  const done = writeWorkspaceEvents(db, ws, async () => {
    started();
    await held;
  });
  return { running, release, done };
}

describe("turns: a workspace's writes in this process", () => {
  it("run one at a time, in the order asked; the waiting ones run no statement until their turn", async () => {
    const ws = newWorkspace();
    const first = heldWrite(ws);
    await first.running;
    statements = [];
    const order: string[] = [];
    const later = ["second", "third", "fourth"].map((name) => writeWorkspaceEvents(db, ws, async () => void order.push(name)));
    // Long enough for a transaction to begin and ask for the lock (a few ms), had it not waited.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statements).toEqual([]);
    first.release();
    await Promise.all([first.done, ...later]);
    expect(order).toEqual(["second", "third", "fourth"]);
  });

  it("a failed write rejects its own caller only: the next one runs and stores", async () => {
    const ws = newWorkspace();
    const failing = writeWorkspaceEvents(db, ws, async () => {
      throw new Error("the batch failed");
    });
    const next = ingestEvents(db, ws, [assignment({ contact: { id: "c1" }, assignee: fox })]);
    await expect(failing).rejects.toThrow("the batch failed");
    expect((await next).stored).toBe(1);
  });

  // SQLite lets one transaction in at a time, whatever the workspace.
  it.runIf(TEST_PROVIDER === "postgresql")("another workspace's write does not wait for them", async () => {
    const first = heldWrite(newWorkspace());
    await first.running;
    const other = await ingestEvents(db, newWorkspace(), [assignment({ contact: { id: "c1" }, assignee: fox })]);
    expect(other.stored).toBe(1);
    first.release();
    await first.done;
  });
});

/** Stores one assignment of contact c1 (previous assignee derived); returns its event id. */
async function store(ws: string, at: string, assignee: typeof fox | null): Promise<string> {
  const event = assignment({ contact: { id: "c1" }, occurredAt: at, assignee });
  expect((await ingestEvents(db, ws, [event])).stored).toBe(1);
  return event.id as string;
}

async function previousOf(ws: string, eventId: string): Promise<string | null> {
  const [row] = await plain.query<{ previous_assignee_name: string | null }>(
    "SELECT previous_assignee_name FROM assignments WHERE workspace_id = ? AND event_id = ?",
    [ws, eventId],
  );
  return row!.previous_assignee_name;
}

const bob = { id: "u-bob", name: "Bob", email: "bob@example.com" };

describe("recent assignments in memory", () => {
  it("once a batch was late, places the next late ones in the remembered history, without reading it", async () => {
    const ws = newWorkspace();
    await store(ws, "2026-11-20T09:00:00Z", fox);
    const later = await store(ws, "2026-11-20T12:00:00Z", ana);
    // The first late batch reads the history (until then only the latest is kept).
    expect(await assign(ws, "2026-11-20T10:00:00Z", bob)).toBe("Fox");
    expect(lookups()).toBe(1);
    expect(await assign(ws, "2026-11-20T11:00:00Z", null)).toBe("Bob");
    expect(lookups()).toBe(0);
    expect(await previousOf(ws, later)).toBeNull();
  });

  it("keeps the rewrites of a late batch whose history it read (then serves the next one from it)", async () => {
    const ws = newWorkspace();
    await store(ws, "2026-11-20T09:00:00Z", fox);
    const later = await store(ws, "2026-11-20T12:00:00Z", ana);
    // Another writer: the memory starts over, from the contact's latest assignment only.
    await onAnotherHandle((other) => ingestEvents(other, ws, [assignment({ contact: { id: "c2" }, assignee: ana })]));
    // Read from the database: Ana's previous assignee becomes Bob.
    expect(await assign(ws, "2026-11-20T10:00:00Z", bob)).toBe("Fox");
    expect(await previousOf(ws, later)).toBe("Bob");
    // From memory: Fox at 11:00 comes between Bob and Ana, whose previous assignee is Fox again.
    expect(await assign(ws, "2026-11-20T11:00:00Z", fox)).toBe("Bob");
    expect(await previousOf(ws, later)).toBe("Fox");
  });
});

describe("latest assignments in memory", () => {
  it("holds what the connection just stored and serves the next batch from it", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBe("Fox");
    expect(lookups()).toBe(0);
  });

  it("is dropped when this handle changes the assignments otherwise (a deletion)", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await db.raw.sql.transaction((tx) => tx.run("DELETE FROM assignments WHERE workspace_id = ?", [ws]));
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBeNull();
  });

  it("is dropped when another connection deletes (Prisma, another process or replica)", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await db.raw.prisma.assignment.deleteMany({ where: { workspaceId: ws } });
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBeNull();

    await assign(ws, "2026-11-20T11:00:00Z", fox);
    await onAnotherHandle((other) =>
      rawHandles(other).sql.transaction((tx) => tx.run("DELETE FROM assignments WHERE workspace_id = ?", [ws])),
    );
    expect(await assign(ws, "2026-11-20T12:00:00Z", ana)).toBeNull();
  });

  it("forgets what a transaction that rolled back wrote", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    const at = Date.parse("2026-11-20T10:00:00Z");
    await expect(
      writeWorkspaceEvents(db, ws, async (_tx, assignments) => {
        await assignments.store([
          {
            eventId: "rolled-back",
            occurredAt: at,
            conversationId: null,
            contactId: "c1",
            contactName: null,
            previousAssignee: undefined,
            previousDerived: true,
            assignee: ana,
            source: "user",
            assignedBy: null,
          },
        ]);
        throw new Error("fails after the insert");
      }),
    ).rejects.toThrow("fails after the insert");
    // Ana's assignment was rolled back: Fox is still the contact's assignee.
    expect(await assign(ws, "2026-11-20T11:00:00Z", null)).toBe("Fox");
  });

  it("is dropped when another handle (another process or replica) stores an assignment of the workspace", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await onAnotherHandle((other) =>
      ingestEvents(other, ws, [assignment({ contact: { id: "c1" }, occurredAt: "2026-11-20T10:00:00Z", assignee: ana })]),
    );
    expect(await assign(ws, "2026-11-20T11:00:00Z", null)).toBe("Ana");
  });

  it("is dropped when another connection updates the stored assignee (hand SQL)", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await onAnotherHandle((other) =>
      rawHandles(other).sql.transaction((tx) => tx.run("UPDATE assignments SET assignee_name = 'Zed' WHERE workspace_id = ?", [ws])),
    );
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBe("Zed");
  });

  it.runIf(TEST_PROVIDER === "postgresql")("is dropped when the assignments table is truncated", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    // In a schema of its own: the other test files' rows are not this test's to truncate.
    await db.raw.sql.transaction((tx) => tx.run("TRUNCATE assignments"));
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBeNull();
  });

  it("holds for one workspace while another workspace's assignments change", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    await assign(newWorkspace(), "2026-11-20T09:00:00Z", ana);
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBe("Fox");
    // SQLite's stamp covers the whole database: any write drops every workspace's memory.
    expect(lookups() > 0).toBe(TEST_PROVIDER === "sqlite");
  });
});
