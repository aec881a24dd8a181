// POST /webhooks/respondio end to end: the real HTTP server, signed requests, a real database.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/engine/database.ts";
import { setWebhookSecret } from "../../src/store/workspace/webhook-secrets.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { postJson, startIngestServer } from "../support/server.ts";

const WS_A = "TRIOA";
const WS_B = "TRIOB";
const KEY_A = "key-of-workspace-a";
const KEY_B = "key-of-workspace-b";
const T0 = 1_790_000_000; // unix seconds, 2026-09

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startIngestServer>>;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startIngestServer(db);
  await setWebhookSecret(db, WS_A, KEY_A);
  await setWebhookSecret(db, WS_B, KEY_B);
});
afterAll(async () => {
  await server.close();
  await db.destroy();
});

const sign = (key: string, body: string) => createHmac("sha256", key).update(body).digest("base64");

interface SendOptions {
  workspace?: string | null;
  key?: string;
  signature?: string | null;
  baseUrl?: string;
}

function send(payload: unknown, { workspace = WS_A, key = KEY_A, signature, baseUrl = server.url }: SendOptions = {}) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const query = workspace === null ? "" : `?workspace=${workspace}`;
  const sig = signature === undefined ? sign(key, body) : signature;
  return postJson(`${baseUrl}/webhooks/respondio${query}`, body, undefined, sig === null ? {} : { "x-webhook-signature": sig });
}

let counter = 0;
const nextId = () => `evt-${++counter}`;

function contact(id: number, assignee?: unknown) {
  return { id, firstName: "Joe", lastName: "Bloggs", email: "joe@example.com", ...(assignee === undefined ? {} : { assignee }) };
}
const fox = { id: 7, firstName: "Agent", lastName: "Fox", email: "fox@example.com" };
const dana = { id: 8, name: "Dana Scully" };

function assigneeUpdated(contactId: number, assignee: unknown, at: number, eventId = nextId()) {
  return { event_type: "contact.assignee.updated", event_id: eventId, timestamp: at, contact: contact(contactId, assignee) };
}

function conversation(
  kind: "opened" | "closed",
  contactId: number,
  times: { openedTime?: number; closedTime?: number },
  eventId = nextId(),
) {
  return {
    event_type: `conversation.${kind}`,
    event_id: eventId,
    contact: contact(contactId, fox),
    conversation: { openedBySource: "user", ...times },
  };
}

type AssignmentRow = {
  event_id: string;
  occurred_at: number;
  conversation_id: string | null;
  contact_name: string | null;
  previous_assignee_id: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  source: string;
};

const assignmentsOf = (contactId: number, ws = WS_A) =>
  db.raw.sql.query<AssignmentRow>(
    `SELECT event_id, occurred_at, conversation_id, contact_name, previous_assignee_id, assignee_id, assignee_name, assignee_email, source
     FROM assignments WHERE workspace_id = ? AND contact_id = ? ORDER BY occurred_at`,
    [ws, String(contactId)],
  );

const countIn = async (table: string, ws = WS_A) =>
  Number((await db.raw.sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`, [ws]))[0]!.n);

describe("contact.assignee.updated", () => {
  it("stores an assignment whose previous assignee is the contact's last one", async () => {
    const first = assigneeUpdated(101, fox, T0);
    const response = await send(first);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: `respondio:${first.event_id}`, status: "stored" });
    expect((await send(assigneeUpdated(101, dana, T0 + 60))).status).toBe(200);

    const rows = await assignmentsOf(101);
    expect(rows).toEqual([
      {
        event_id: `respondio:${first.event_id}`,
        occurred_at: T0 * 1000,
        conversation_id: null,
        contact_name: "Joe Bloggs",
        previous_assignee_id: null,
        assignee_id: "7",
        assignee_name: "Agent Fox",
        assignee_email: "fox@example.com",
        source: "unknown",
      },
      expect.objectContaining({ occurred_at: (T0 + 60) * 1000, previous_assignee_id: "7", assignee_id: "8", assignee_name: "Dana Scully" }),
    ]);
  });

  it("trims the assignee's email and compares it ignoring case, like the API", async () => {
    expect((await send(assigneeUpdated(119, { ...fox, email: " Fox@Example.COM " }, T0))).status).toBe(200);
    expect((await assignmentsOf(119)).map((r) => r.assignee_email)).toEqual(["fox@example.com"]);
  });

  it("stores an unassignment for a null or empty assignee", async () => {
    await send(assigneeUpdated(102, fox, T0));
    expect((await send(assigneeUpdated(102, null, T0 + 10))).status).toBe(200);
    await send(assigneeUpdated(102, dana, T0 + 20));
    expect((await send(assigneeUpdated(102, {}, T0 + 30))).status).toBe(200);
    const rows = await assignmentsOf(102);
    expect(rows.map((r) => [r.previous_assignee_id, r.assignee_id])).toEqual([
      [null, "7"],
      ["7", null],
      [null, "8"],
      ["8", null],
    ]);
  });

  it("takes the time in milliseconds too, and the time of receipt when there is none", async () => {
    await send(assigneeUpdated(103, fox, T0 * 1000 + 250));
    const before = Date.now();
    const { timestamp: _, ...untimed } = assigneeUpdated(103, dana, 0);
    await send(untimed);
    const [first, second] = await assignmentsOf(103);
    expect(first!.occurred_at).toBe(T0 * 1000 + 250);
    expect(second!.occurred_at).toBeGreaterThanOrEqual(before - 1000);
    expect(second!.previous_assignee_id).toBe("7");
  });

  it("answers a duplicate event_id as such and stores it once", async () => {
    const event = assigneeUpdated(104, fox, T0);
    await send(event);
    const again = await send(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: `respondio:${event.event_id}`, status: "duplicate" });
    expect(await assignmentsOf(104)).toHaveLength(1);
  });

  it("rejects a malformed payload with 422 naming the field", async () => {
    const { id: _, ...noId } = contact(105, fox);
    const missingId = await send({ event_type: "contact.assignee.updated", event_id: nextId(), contact: noId });
    expect(missingId.status).toBe(422);
    const body = await missingId.json();
    expect(body).toMatchObject({ status: "rejected" });
    const idError = {
      path: "contact.id",
      message:
        "expected the contact's id: a number, or a string of at most 500 characters without NUL or a lone UTF-16 surrogate (\\ud800-\\udfff outside a pair)",
    };
    expect(body.errors).toContainEqual(idError);
    // PostgreSQL cannot store NUL: refused here rather than failing the write.
    const nulId = await send({ ...conversation("opened", 105, { openedTime: T0 }), contact: { id: "c\u0000105" } });
    expect(nulId.status).toBe(422);
    expect((await nulId.json()).errors).toContainEqual(idError);

    const missingAssignee = await send({ event_type: "contact.assignee.updated", event_id: nextId(), contact: contact(105) });
    expect(missingAssignee.status).toBe(422);
    expect((await missingAssignee.json()).errors).toMatchObject([{ path: "contact.assignee" }]);

    const badEmail = await send(assigneeUpdated(105, { id: 9, email: "not-an-email" }, T0));
    expect((await badEmail.json()).errors).toMatchObject([{ path: "contact.assignee.email" }]);
    expect(await assignmentsOf(105)).toHaveLength(0);
  });
});

describe("conversation.opened / conversation.closed", () => {
  it("gives an assignment the contact's open conversation, and none once it is closed", async () => {
    const opened = await send(conversation("opened", 201, { openedTime: T0 }));
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ status: "stored" });
    await send(assigneeUpdated(201, fox, T0 + 10));
    // The closing sends its times in milliseconds: still the same conversation.
    await send(conversation("closed", 201, { openedTime: T0 * 1000, closedTime: (T0 + 100) * 1000 }));
    await send(assigneeUpdated(201, dana, T0 + 200));

    const rows = await assignmentsOf(201);
    expect(rows.map((r) => r.conversation_id)).toEqual([`201:${T0}`, null]);
    const events = await db.raw.sql.query<{ kind: string; conversation_id: string; occurred_at: number }>(
      "SELECT kind, conversation_id, occurred_at FROM contact_conversation_events WHERE workspace_id = ? AND contact_id = ? ORDER BY occurred_at",
      [WS_A, "201"],
    );
    expect(events).toEqual([
      { kind: "opened", conversation_id: `201:${T0}`, occurred_at: T0 * 1000 },
      { kind: "closed", conversation_id: `201:${T0}`, occurred_at: (T0 + 100) * 1000 },
    ]);
  });

  it("a closing at the very second of the next opening does not close the new conversation", async () => {
    await send(conversation("opened", 202, { openedTime: T0 }));
    await send(conversation("closed", 202, { openedTime: T0, closedTime: T0 + 50 }));
    await send(conversation("opened", 202, { openedTime: T0 + 50 }));
    await send(assigneeUpdated(202, fox, T0 + 60));
    expect((await assignmentsOf(202)).map((r) => r.conversation_id)).toEqual([`202:${T0 + 50}`]);
  });

  it("a returning contact who keeps its assignee and opens a new conversation gets no assignment", async () => {
    await send(assigneeUpdated(203, fox, T0));
    await send(conversation("opened", 203, { openedTime: T0 + 5 }));
    await send(conversation("closed", 203, { openedTime: T0 + 5, closedTime: T0 + 500 }));
    const before = await countIn("assignments");
    // Joe comes back, still assigned to Fox.
    const returning = await send(conversation("opened", 203, { openedTime: T0 + 86_400 }));
    expect(await returning.json()).toMatchObject({ status: "stored" });
    expect(await countIn("assignments")).toBe(before);
    expect(await assignmentsOf(203)).toHaveLength(1);
  });

  it("stores an event once and reports the repeat as a duplicate", async () => {
    const event = conversation("opened", 204, { openedTime: T0 });
    expect(await (await send(event)).json()).toMatchObject({ status: "stored" });
    const again = await send(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: `respondio:${event.event_id}`, status: "duplicate", reason: "already stored" });
  });

  it("names the conversation by the event when the opening time is unknown", async () => {
    const event = { event_type: "conversation.opened", event_id: nextId(), timestamp: T0, contact: contact(205) };
    await send(event);
    await send(assigneeUpdated(205, fox, T0 + 1));
    expect((await assignmentsOf(205))[0]!.conversation_id).toBe(`respondio:${event.event_id}`);
  });
});

describe("other event types", () => {
  it("acknowledges them as ignored", async () => {
    const response = await send({ event_type: "message.received", timestamp: T0, contact: contact(301), message: { type: "text" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored", reason: "event type message.received is not used by Inbox Pulse" });
  });
});

describe("authentication", () => {
  const event = () => assigneeUpdated(401, fox, T0);

  it.each([
    ["a bad signature", { signature: sign(KEY_A, "something else") }, /does not match/],
    ["a signature that is not base64 of 32 bytes", { signature: "abc" }, /does not match/],
    ["no signature", { signature: null }, /missing X-Webhook-Signature/],
    ["an unknown workspace", { workspace: "TNOPE" }, /no respond\.io signing key is set for workspace TNOPE/],
    ["no workspace", { workspace: null }, /missing the workspace/],
  ] as const)("refuses %s with 401", async (_, options, message) => {
    const response = await send(event(), options);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(message);
  });

  it("a workspace's key cannot write into another workspace", async () => {
    const forged = await send(event(), { workspace: WS_B, key: KEY_A });
    expect(forged.status).toBe(401);
    expect(await countIn("assignments", WS_B)).toBe(0);
    const genuine = await send(assigneeUpdated(401, fox, T0, "shared-id"), { workspace: WS_B, key: KEY_B });
    expect(genuine.status).toBe(200);
    expect(await assignmentsOf(401, WS_B)).toHaveLength(1);
    expect(await assignmentsOf(401, WS_A)).toHaveLength(0);
    // Event ids are per workspace: the same id in workspace A is a new event there.
    expect(await (await send(assigneeUpdated(401, fox, T0, "shared-id"))).json()).toMatchObject({ status: "stored" });
  });
});

describe("whole-request failures", () => {
  it("answers 415 for a body that is not declared as JSON", async () => {
    const body = JSON.stringify(assigneeUpdated(501, fox, T0));
    const response = await fetch(`${server.url}/webhooks/respondio?workspace=${WS_A}`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-webhook-signature": sign(KEY_A, body) },
      body,
    });
    expect(response.status).toBe(415);
  });

  it("answers 400 for a signed body that is not JSON", async () => {
    const response = await send("{not json");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/not valid JSON/);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const response = await send({ event_type: "message.received", padding: "x".repeat(1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it("answers 503 when the database cannot be reached", async () => {
    // A port that refuses connections: a PostgreSQL server that is down.
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = await openDatabase(`postgresql://postgres@127.0.0.1:${port}/test`, { migrate: false });
    const downServer = await startIngestServer(down);
    try {
      const response = await send(assigneeUpdated(502, fox, T0), { baseUrl: downServer.url });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
    } finally {
      await downServer.close();
      await down.close();
    }
  });
});
