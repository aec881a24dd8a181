import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { openDatabase } from "../../src/store/engine/database.ts";
import { rebuildConversations } from "../../src/store/events/conversations.ts";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

let workspaceCounter = 0;
const newWorkspace = () => `TING${++workspaceCounter}`;

async function assignmentsOf(workspaceId: string) {
  return db.raw.sql.query<Record<string, unknown>>(
    `SELECT event_id, occurred_at, conversation_id, contact_id, contact_name, previous_assignee_name, assignee_name,
            assignee_email, source, assigned_by_name
     FROM assignments WHERE workspace_id = ? ORDER BY occurred_at, event_id`,
    [workspaceId],
  );
}

describe("ingest: assignments", () => {
  it("stores once: the same batch sent twice stores nothing new", async () => {
    const ws = newWorkspace();
    const batch = [assignment(), assignment({ occurredAt: "2026-11-20T11:00:00+01:00" })];
    const first = await ingestEvents(db, ws, batch);
    expect(first).toMatchObject({ stored: 2, duplicates: 0, rejected: 0 });
    const second = await ingestEvents(db, ws, batch);
    expect(second).toMatchObject({ stored: 0, duplicates: 2, rejected: 0 });
    expect(second.results[0]).toMatchObject({ status: "duplicate", reason: "already stored" });
    expect(await assignmentsOf(ws)).toHaveLength(2);
  });

  it("stores the new half of a large batch whose other half is stored, and says which is which", async () => {
    // On PostgreSQL the batch's COPY fails on the stored rows; the INSERT in chunks stores the rest.
    const ws = newWorkspace();
    const batch = Array.from({ length: 12_000 }, (_, i) =>
      assignment({
        id: `half-${i}`,
        contact: { id: `c-${i % 30}` },
        occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      }),
    );
    await ingestEvents(
      db,
      ws,
      batch.filter((_, i) => i % 2 === 1),
    );
    const outcome = await ingestEvents(db, ws, batch);
    expect(outcome).toMatchObject({ stored: 6_000, duplicates: 6_000, rejected: 0 });
    expect(outcome.results.map((r) => r.status)).toEqual(batch.map((_, i) => (i % 2 === 1 ? "duplicate" : "stored")));
    expect(await assignmentsOf(ws)).toHaveLength(12_000);
  });

  it("reports a repeated id inside one batch as a duplicate of the first", async () => {
    const ws = newWorkspace();
    const event = assignment();
    const outcome = await ingestEvents(db, ws, [event, { ...event }]);
    expect(outcome.results[1]).toEqual({ index: 1, id: event.id, status: "duplicate", reason: "same id as item 0 of this batch" });
    expect(await assignmentsOf(ws)).toHaveLength(1);
  });

  it("stores the valid items and rejects the others with their index and path", async () => {
    const ws = newWorkspace();
    const outcome = await ingestEvents(db, ws, [assignment(), assignment({ source: "fax" }), assignment()]);
    expect(outcome).toMatchObject({ stored: 2, rejected: 1 });
    expect(outcome.results[1]).toMatchObject({ index: 1, status: "rejected", errors: [{ path: "source" }] });
  });

  it("derives the previous assignee from the batch and from what is stored", async () => {
    const ws = newWorkspace();
    const contact = { id: "c-prev", name: "Joe" };
    await ingestEvents(db, ws, [assignment({ contact, occurredAt: "2026-11-20T09:00:00Z", assignee: { name: "Fox" } })]);
    // Sent out of order within the batch: the ingest orders by time.
    await ingestEvents(db, ws, [
      assignment({ contact, occurredAt: "2026-11-20T11:00:00Z", assignee: null, source: "close_conversation" }),
      assignment({ contact, occurredAt: "2026-11-20T10:00:00Z", assignee: { name: "Ann" } }),
    ]);
    const rows = await assignmentsOf(ws);
    expect(rows.map((r) => [r.previous_assignee_name, r.assignee_name])).toEqual([
      [null, "Fox"],
      ["Fox", "Ann"],
      ["Ann", null],
    ]);
  });

  describe("events that arrive late (older than what is stored for the contact)", () => {
    const at = (hour: string) => `2026-11-20T${hour}:00Z`;
    const pairs = async (ws: string) => (await assignmentsOf(ws)).map((r) => [r.previous_assignee_name, r.assignee_name]);

    it("takes the previous assignee at its own time and rewrites the next stored row's derived one", async () => {
      const ws = newWorkspace();
      const contact = { id: "c-late" };
      await ingestEvents(db, ws, [
        assignment({ contact, occurredAt: at("10:00"), assignee: { name: "Fox" } }),
        assignment({ contact, occurredAt: at("11:00"), assignee: { name: "Ann" } }),
      ]);
      await ingestEvents(db, ws, [assignment({ contact, occurredAt: at("10:30"), assignee: { name: "Bob" } })]);
      expect(await pairs(ws)).toEqual([
        [null, "Fox"],
        ["Fox", "Bob"],
        ["Bob", "Ann"],
      ]);
    });

    it("merges a batch around stored rows: each event gets the assignee just before it", async () => {
      const ws = newWorkspace();
      const contact = { id: "c-around" };
      await ingestEvents(db, ws, [assignment({ contact, occurredAt: at("10:00"), assignee: { name: "Ann" } })]);
      await ingestEvents(db, ws, [
        assignment({ contact, occurredAt: at("11:00"), assignee: { name: "Cat" } }),
        assignment({ contact, occurredAt: at("09:00"), assignee: { name: "Bob" } }),
      ]);
      expect(await pairs(ws)).toEqual([
        [null, "Bob"],
        ["Bob", "Ann"],
        ["Ann", "Cat"],
      ]);
    });

    it("never rewrites a previous assignee the sender stated", async () => {
      const ws = newWorkspace();
      const contact = { id: "c-stated" };
      await ingestEvents(db, ws, [
        assignment({ contact, occurredAt: at("10:00"), assignee: { name: "Fox" } }),
        assignment({ contact, occurredAt: at("11:00"), previousAssignee: { name: "Stated" }, assignee: { name: "Ann" } }),
      ]);
      await ingestEvents(db, ws, [assignment({ contact, occurredAt: at("10:30"), assignee: { name: "Bob" } })]);
      expect(await pairs(ws)).toEqual([
        [null, "Fox"],
        ["Fox", "Bob"],
        ["Stated", "Ann"],
      ]);
    });

    it("a retried batch changes nothing and is reported as duplicates", async () => {
      const ws = newWorkspace();
      const contact = { id: "c-retry" };
      const batch = [
        assignment({ contact, occurredAt: at("10:00"), assignee: { name: "Fox" } }),
        assignment({ contact, occurredAt: at("11:00"), assignee: { name: "Ann" } }),
      ];
      await ingestEvents(db, ws, batch);
      const before = await pairs(ws);
      expect(await ingestEvents(db, ws, batch)).toMatchObject({ stored: 0, duplicates: 2 });
      expect(await pairs(ws)).toEqual(before);
    });
  });

  it("derives every previous assignee of a large batch sent in reverse time order", async () => {
    // 25,000 events over 50 contacts, newest first: the ingest orders them by time.
    const agents = ["Ana", "Ben", "Chloé", null];
    const events = Array.from({ length: 25_000 }, (_, i) => {
      const n = 24_999 - i;
      const name = agents[n % 4];
      return assignment({
        id: `big-${n}`,
        contact: { id: `c-${n % 50}` },
        occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
        assignee: name === null ? null : { name },
      });
    });
    const ws = newWorkspace();
    // The id of the batch's item 3 again at item 24,000: a duplicate within the batch.
    const outcome = await ingestEvents(db, ws, [...events.slice(0, 24_000), { ...events[3]! }, ...events.slice(24_000)]);
    expect(outcome).toMatchObject({ stored: 25_000, duplicates: 1, rejected: 0 });
    expect(outcome.results[24_000]).toMatchObject({ status: "duplicate", reason: "same id as item 3 of this batch" });

    const rows = await assignmentsOf(ws);
    expect(rows).toHaveLength(25_000);
    // In time order, each contact's previous assignee is its assignee of 50 minutes before.
    rows.forEach((row, n) => {
      expect(row.event_id).toBe(`big-${n}`);
      expect(row.previous_assignee_name, `big-${n}`).toBe(n < 50 ? null : agents[(n - 50) % 4]);
    });
  });

  it("stores texts as sent, whatever they hold (tabs, newlines, backslashes, \\N, accents)", async () => {
    const ws = newWorkspace();
    const name = "Jo\tBloggs\nsecond line\r\\ and \\N, Chloé 😀";
    const event = assignment({ contact: { id: "c\\N", name }, assignee: { name: "\\N" } });
    expect(await ingestEvents(db, ws, [event])).toMatchObject({ stored: 1 });
    expect(await assignmentsOf(ws)).toMatchObject([{ contact_id: "c\\N", contact_name: name, assignee_name: "\\N", assignee_email: null }]);
  });

  it("keeps an explicit previous assignee, including an explicit none", async () => {
    const ws = newWorkspace();
    const contact = { id: "c-explicit" };
    await ingestEvents(db, ws, [
      assignment({ contact, occurredAt: "2026-11-20T09:00:00Z" }),
      assignment({ contact, occurredAt: "2026-11-20T10:00:00Z", previousAssignee: null }),
      assignment({ contact, occurredAt: "2026-11-20T11:00:00Z", previousAssignee: { name: "Someone" } }),
    ]);
    expect((await assignmentsOf(ws)).map((r) => r.previous_assignee_name)).toEqual([null, null, "Someone"]);
  });

  it("keeps assignedBy only for the user source", async () => {
    const ws = newWorkspace();
    await ingestEvents(db, ws, [
      assignment({ source: "user", assignedBy: { name: "Lead" }, occurredAt: "2026-11-20T09:00:00Z" }),
      assignment({ source: "bot", assignedBy: { name: "Lead" }, occurredAt: "2026-11-20T10:00:00Z" }),
    ]);
    expect((await assignmentsOf(ws)).map((r) => r.assigned_by_name)).toEqual(["Lead", null]);
  });

  it("stores times in UTC whatever the offset sent", async () => {
    const ws = newWorkspace();
    await ingestEvents(db, ws, [assignment({ occurredAt: "2026-10-25T02:30:00+02:00" })]);
    expect(Number((await assignmentsOf(ws))[0]!.occurred_at)).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it("treats an id as unique across both streams: an assignment id sent again as an email event is a duplicate", async () => {
    const ws = newWorkspace();
    expect((await ingestEvents(db, ws, [assignment({ id: "shared-id" })])).stored).toBe(1);
    const email = await ingestEvents(db, ws, [
      emailEvent("email.received", { id: "shared-id" }),
      emailEvent("email.received", { id: "own-id" }),
    ]);
    expect(email).toMatchObject({ stored: 1, duplicates: 1 });
    expect(email.results[0]).toMatchObject({ status: "duplicate", reason: "already stored" });
    const back = await ingestEvents(db, ws, [assignment({ id: "own-id" })]);
    expect(back).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await db.raw.sql.query("SELECT event_id FROM email_events WHERE workspace_id = ?", [ws])).toEqual([{ event_id: "own-id" }]);
  });

  it("keeps workspaces apart: the same id in two workspaces is two events, each seen only by its own", async () => {
    const [a, b] = [newWorkspace(), newWorkspace()];
    const event = assignment({ contact: { id: "shared" } });
    expect((await ingestEvents(db, a, [event])).stored).toBe(1);
    expect((await ingestEvents(db, b, [{ ...event, assignee: { name: "Other" } }])).stored).toBe(1);
    // B's derivation must not see A's history.
    await ingestEvents(db, b, [assignment({ contact: { id: "shared" }, occurredAt: "2026-11-21T10:00:00Z" })]);
    const rowsB = await assignmentsOf(b);
    expect(rowsB.map((r) => r.previous_assignee_name)).toEqual([null, "Other"]);
    expect((await assignmentsOf(a)).map((r) => r.assignee_name)).toEqual(["Fox"]);
  });

  it.skipIf(TEST_PROVIDER !== "postgresql")(
    "two instances receiving one id as an assignment and as an email event at once store it once",
    async () => {
      // Each checks the other stream's table for its ids: without a lock, both would pass.
      const other = await openDatabase(db.url);
      try {
        const ws = newWorkspace();
        for (let round = 0; round < 20; round++) {
          const id = `both-${round}`;
          const outcomes = await Promise.all([
            ingestEvents(db, ws, [assignment({ id })]),
            ingestEvents(other, ws, [emailEvent("email.received", { id, threadId: `t-${round}` })]),
          ]);
          expect(outcomes.map((o) => o.stored).sort(), id).toEqual([0, 1]);
        }
      } finally {
        await other.close();
      }
    },
  );

  it.skipIf(TEST_PROVIDER !== "postgresql")(
    "two instances ingesting one contact's assignments at once derive what one ingest derives",
    async () => {
      // Each derives a previous assignee from the contact's stored history: without a lock, both
      // would read it before either commits and miss the other's assignments.
      const other = await openDatabase(db.url);
      const previousOf = (ws: string) =>
        db.raw.sql.query("SELECT event_id, previous_assignee_name FROM assignments WHERE workspace_id = ? ORDER BY event_id", [ws]);
      try {
        const agents = ["Ann", "Bo", "Cy"].map((name) => ({ name }));
        const events = Array.from({ length: 60 }, (_, i) =>
          assignment({
            id: `race-${String(i).padStart(2, "0")}`,
            contact: { id: `c${i % 2}` },
            occurredAt: new Date(Date.parse("2026-11-16T08:00:00Z") + i * 600_000).toISOString(),
            assignee: agents[i % 3],
          }),
        );
        const whole = newWorkspace();
        await ingestEvents(db, whole, events);
        const racing = newWorkspace();
        await Promise.all([
          (async () => {
            for (const e of events.filter((_, i) => i % 4 < 2)) await ingestEvents(db, racing, [e]);
          })(),
          (async () => {
            for (const e of events.filter((_, i) => i % 4 >= 2)) await ingestEvents(other, racing, [e]);
          })(),
        ]);
        expect(await previousOf(racing)).toEqual(await previousOf(whole));
      } finally {
        await other.close();
      }
    },
  );
});

describe("ingest: email conversations", () => {
  const conversationsOf = (ws: string) =>
    db.raw.sql.query<Record<string, unknown>>(
      `SELECT id, customer_email, started_at, first_response_at, first_responder_name, closed_at, closer_name, reopen_count,
              first_response_s, resolution_s
       FROM email_conversations WHERE workspace_id = ? ORDER BY started_at, id`,
      [ws],
    );
  const at = (hhmm: string, day = "20") => `2026-11-${day}T${hhmm}:00Z`;

  it("groups a customer's threads into one conversation until it is closed", async () => {
    const ws = newWorkspace();
    const outcome = await ingestEvents(db, ws, [
      emailEvent("email.received", { id: "r1", threadId: "t1", occurredAt: at("09:00") }),
      emailEvent("email.received", { id: "r2", threadId: "t2", occurredAt: at("09:10"), customer: { email: "CUSTOMER@example.com" } }),
      emailEvent("email.replied", { id: "auto", threadId: "t1", occurredAt: at("09:01"), automatic: true }),
      emailEvent("email.replied", { id: "p1", threadId: "t2", occurredAt: at("09:40"), agent: { name: "Ann" } }),
      emailEvent("email.replied", { id: "p2", threadId: "t1", occurredAt: at("09:50"), agent: { name: "Fox" } }),
      emailEvent("email.closed", { id: "c1", threadId: "t1", occurredAt: at("10:00"), agent: { name: "Fox" } }),
      emailEvent("email.received", { id: "r3", threadId: "t1", occurredAt: at("11:00") }),
    ]);
    expect(outcome.stored).toBe(7);
    const conversations = await conversationsOf(ws);
    expect(conversations).toHaveLength(2);
    expect(conversations[0]).toMatchObject({
      id: "r1",
      customer_email: "customer@example.com",
      first_responder_name: "Ann",
      closer_name: "Fox",
    });
    expect(Number(conversations[0]!.first_response_at)).toBe(Date.parse(at("09:40")));
    expect(conversations[1]).toMatchObject({ id: "r3", first_response_at: null, closed_at: null });
  });

  it("gives the same conversations whatever order the events arrive in", async () => {
    const events = [
      emailEvent("email.received", { id: "o1", threadId: "ot", occurredAt: at("09:00") }),
      emailEvent("email.replied", { id: "o2", threadId: "ot", occurredAt: at("09:30") }),
      emailEvent("email.closed", { id: "o3", threadId: "ot", occurredAt: at("10:00") }),
      emailEvent("email.reopened", { id: "o4", threadId: "ot", occurredAt: at("12:00") }),
      emailEvent("email.closed", { id: "o5", threadId: "ot", occurredAt: at("13:00"), agent: { name: "Ann" } }),
    ];
    const inOrder = newWorkspace();
    await ingestEvents(db, inOrder, events);
    const reversed = newWorkspace();
    for (const event of [...events].reverse()) await ingestEvents(db, reversed, [event]);
    const expected = await conversationsOf(inOrder);
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatchObject({ reopen_count: 1, closer_name: "Ann" });
    expect(Number(expected[0]!.closed_at)).toBe(Date.parse(at("13:00")));
    expect(await conversationsOf(reversed)).toEqual(expected);
  });

  it("rebuilds only what new events can change, and gets what a full rebuild gets", async () => {
    // Random histories of 3 customers on 6 threads (times on a coarse grid, so ties happen),
    // sent in random order and random batches: replies arrive before their thread's first
    // customer email, late events land inside and before stored conversations.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const types = ["email.received", "email.received", "email.replied", "email.replied", "email.closed", "email.reopened"];
    for (let trial = 0; trial < 25; trial++) {
      const events = Array.from({ length: 40 }, (_, i) => {
        const thread = Math.floor(random() * 6);
        const type = pick(types);
        const minutes = Math.floor(random() * 48) * 15;
        return emailEvent(type, {
          id: `t${trial}-${i}`,
          threadId: `th${thread}`,
          occurredAt: new Date(Date.parse("2026-11-16T08:00:00Z") + minutes * 60_000).toISOString(),
          ...(type === "email.received" ? { customer: { email: `c${thread % 3}@example.com` } } : { agent: { name: pick(["Ann", "Bo"]) } }),
          ...(type === "email.replied" && random() < 0.2 ? { automatic: true } : {}),
        });
      });
      const whole = newWorkspace();
      await ingestEvents(db, whole, events);
      const pieces = newWorkspace();
      const shuffled = [...events].sort(() => random() - 0.5);
      for (let start = 0; start < shuffled.length; ) {
        const size = 1 + Math.floor(random() * 5);
        await ingestEvents(db, pieces, shuffled.slice(start, start + size));
        start += size;
      }
      const expected = await conversationsOf(whole);
      expect(await conversationsOf(pieces)).toEqual(expected);
      // And both are what replaying every event of every customer gives.
      const customers = new Map(["c0", "c1", "c2"].map((c) => [`${c}@example.com`, null]));
      await db.raw.sql.transaction((tx) => rebuildConversations(tx, whole, customers));
      expect(await conversationsOf(whole)).toEqual(expected);
    }
  });

  // PostgreSQL replicas: SQLite is one process, whose write lock serialises ingest (two
  // handles in one thread would wait on each other).
  it.skipIf(TEST_PROVIDER !== "postgresql")(
    "two instances ingesting one customer's events at once end with what one ingest gives",
    async () => {
      // Two database handles (two replicas behind a load balancer): each batch rebuilds the
      // customer's conversations from what it can see, so the rebuilds must not interleave.
      const other = await openDatabase(db.url);
      try {
        for (let round = 0; round < 10; round++) {
          const customer = { email: `race${round}@example.com` };
          const events = Array.from({ length: 24 }, (_, i) => {
            const type = ["email.received", "email.replied", "email.closed"][i % 3]!;
            return emailEvent(type, {
              id: `race-${round}-${i}`,
              threadId: `race-${round}-${Math.floor(i / 3)}`,
              occurredAt: new Date(Date.parse("2026-11-16T08:00:00Z") + i * 600_000).toISOString(),
              ...(type === "email.received" ? { customer } : {}),
            });
          });
          const whole = newWorkspace();
          await ingestEvents(db, whole, events);
          const racing = newWorkspace();
          const odd = events.filter((_, i) => Math.floor(i / 3) % 2 === 1);
          const even = events.filter((_, i) => Math.floor(i / 3) % 2 === 0);
          await Promise.all([
            (async () => {
              for (const e of odd) await ingestEvents(db, racing, [e]);
            })(),
            (async () => {
              for (const e of even) await ingestEvents(other, racing, [e]);
            })(),
          ]);
          expect(await conversationsOf(racing)).toEqual(await conversationsOf(whole));
        }
      } finally {
        await other.close();
      }
    },
  );

  it("credits a reply stored before its thread had a customer once the thread is claimed", async () => {
    const ws = newWorkspace();
    await ingestEvents(db, ws, [
      emailEvent("email.received", { id: "a1", threadId: "ta", occurredAt: at("07:00") }),
      emailEvent("email.closed", { id: "a2", threadId: "ta", occurredAt: at("09:00"), agent: { name: "Bo" } }),
      emailEvent("email.received", { id: "c1", threadId: "tc", occurredAt: at("10:00") }),
    ]);
    // A reply on a thread no customer email has named yet, then that thread's customer email.
    await ingestEvents(db, ws, [
      emailEvent("email.replied", { id: "b1", threadId: "tb", occurredAt: at("08:00"), agent: { name: "Ann" } }),
    ]);
    await ingestEvents(db, ws, [emailEvent("email.received", { id: "b2", threadId: "tb", occurredAt: at("11:00") })]);
    const [first, second] = await conversationsOf(ws);
    expect(first).toMatchObject({ id: "a1", first_responder_name: "Ann", closer_name: "Bo" });
    expect(Number(first!.first_response_at)).toBe(Date.parse(at("08:00")));
    expect(second).toMatchObject({ id: "c1", first_response_at: null });
  });

  it("ignores a reply before any customer email", async () => {
    const ws = newWorkspace();
    await ingestEvents(db, ws, [
      emailEvent("email.replied", { id: "early", threadId: "tx", occurredAt: at("08:00") }),
      emailEvent("email.received", { id: "first", threadId: "tx", occurredAt: at("09:00") }),
    ]);
    expect(await conversationsOf(ws)).toMatchObject([{ id: "first", first_response_at: null }]);
  });
});
