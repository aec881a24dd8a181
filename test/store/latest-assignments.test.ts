// A database handle's memory of each contact's latest assignment (src/store/events/latest-assignments.ts):
// used while the workspace's assignments are as it left them, dropped as soon as anything else
// changed them (on PostgreSQL: another replica, a trigger-stamped update or delete).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { contactHistories, insertAssignments } from "../../src/store/events/assignments.ts";
import { latestAssignmentsOf } from "../../src/store/events/latest-assignments.ts";
import { openDatabase, type Database } from "../../src/store/engine/database.ts";
import { rawHandles } from "../../src/store/engine/raw-handles.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

let counter = 0;
const newWorkspace = () => `TMEM${++counter}`;
const fox = { id: "u-fox", name: "Fox", email: "fox@example.com" };
const ana = { id: "u-ana", name: "Ana", email: "ana@example.com" };

/** Stores one assignment of contact c1 (previous assignee derived) and returns the previous assignee stored for it. */
async function assign(ws: string, at: string, assignee: typeof fox | null): Promise<unknown> {
  const event = assignment({ contact: { id: "c1" }, occurredAt: at, assignee });
  const outcome = await ingestEvents(db, ws, [event]);
  expect(outcome.stored).toBe(1);
  const [row] = await db.raw.sql.query<{ previous_assignee_name: string | null }>(
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

describe("latest assignments in memory", () => {
  it("holds what the connection just stored and serves the next batch from it", async () => {
    const ws = newWorkspace();
    await assign(ws, "2026-11-20T09:00:00Z", fox);
    const memory = await db.raw.sql.transaction((tx) => latestAssignmentsOf(tx, ws));
    expect(memory.get(ws, "c1")).toMatchObject({ assignee: fox, occurredAt: Date.parse("2026-11-20T09:00:00Z") });
    expect(await assign(ws, "2026-11-20T10:00:00Z", ana)).toBe("Fox");
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
      db.raw.sql.transaction(async (tx) => {
        await contactHistories(tx, ws, [{ contactId: "c1", before: at }]);
        await insertAssignments(tx, ws, [
          {
            eventId: "rolled-back",
            occurredAt: at,
            conversationId: null,
            contactId: "c1",
            contactName: null,
            previousAssignee: fox,
            previousDerived: true,
            assignee: ana,
            source: "user",
            assignedBy: null,
            tieRank: 0,
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
    const memory = await db.raw.sql.transaction((tx) => latestAssignmentsOf(tx, ws));
    // SQLite's stamp covers the whole database: any write drops every workspace's memory.
    expect(memory.get(ws, "c1")).toEqual(TEST_PROVIDER === "postgresql" ? expect.objectContaining({ assignee: fox }) : undefined);
  });
});
