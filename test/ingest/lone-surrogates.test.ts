// Texts with no UTF-8 form, at every way in: a lone UTF-16 surrogate ("\ud800" in JSON) or
// bytes that are not UTF-8. Stored, they broke "stored once": PostgreSQL kept U+FFFD (two ids,
// one row, and assignment_counts drifting), SQLite invalid bytes. Each is rejected naming its
// field, and the rest of the batch is stored as the contract says.
import { createHmac } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/csv-import.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { setWebhookSecret } from "../../src/store/workspace/webhook-secrets.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";
import { postJson, startIngestServer } from "../support/server.ts";

const WS = "TSURR";
const KEY = "surrogate-webhook-key";
const LONE = "expected an event id without a lone UTF-16 surrogate (\\ud800-\\udfff outside a pair)";

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startIngestServer>>;
let token: string;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startIngestServer(db);
  token = (await createToken(db, WS)).token;
  await setWebhookSecret(db, WS, KEY);
});
afterAll(async () => {
  await server.close();
  await db.destroy();
});

const ids = async (table: string, workspaceId = WS) =>
  (
    await db.raw.sql.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE workspace_id = ? ORDER BY event_id`, [workspaceId])
  ).map((r) => r.event_id);

async function expectCountsMatchRows(workspaceId = WS) {
  const [rows] = await db.raw.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ?", [workspaceId]);
  const [counted] = await db.raw.sql.query<{ n: number | null }>("SELECT SUM(n) AS n FROM assignment_counts WHERE workspace_id = ?", [
    workspaceId,
  ]);
  expect(Number(counted!.n ?? 0)).toBe(Number(rows!.n));
}

describe("HTTP API", () => {
  it("rejects each event holding a lone surrogate, naming the field, and stores the others of the batch", async () => {
    const batch = {
      events: [
        // Two ids that differ only by their lone surrogate: PostgreSQL made them one row.
        assignment({ id: "ls-\ud800-a" }),
        assignment({ id: "ls-\udc00-a" }),
        // The same id as an email event: stored in both streams before.
        emailEvent("email.received", { id: "ls-\ud800-a", threadId: "t-ls" }),
        assignment({ id: "ls-contact", contact: { id: "k-\udfff" } }),
        assignment({ id: "ls-name", assignee: { name: "Fox \ud83d" } }),
        emailEvent("email.received", { id: "ls-customer", customer: { email: "c@example.com", name: "\udc00Cus" } }),
        emailEvent("email.replied", { id: "ls-agent", agent: { id: "u-\ud800" } }),
        // A surrogate pair is a character like any other.
        assignment({ id: "ls-ok-\ud83d\ude00", contact: { id: "k-\ud83d\ude00" } }),
      ],
    };
    const response = await postJson(`${server.url}/api/v1/events`, batch, token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ stored: 1, duplicates: 0, rejected: 7 });
    expect(body.results.map((r: { status: string; errors?: { path: string }[] }) => r.errors?.map((e) => e.path) ?? r.status)).toEqual([
      ["id"],
      ["id"],
      ["id"],
      ["contact.id"],
      ["assignee.name"],
      ["customer.name"],
      ["agent.id"],
      "stored",
    ]);
    expect(body.results[0].errors[0].message).toBe(LONE);
    expect(await ids("assignments")).toEqual(["ls-ok-\ud83d\ude00"]);
    expect(await ids("email_events")).toEqual([]);
    await expectCountsMatchRows();
  });

  it("answers one such event 422, and a body that is not UTF-8 400, storing nothing", async () => {
    const single = await postJson(`${server.url}/api/v1/events`, assignment({ id: "ls-single", conversationId: "\ud800" }), token);
    expect(single.status).toBe(422);
    expect((await single.json()).errors).toEqual([{ path: "conversationId", message: expect.stringContaining("lone UTF-16 surrogate") }]);

    // The bytes a lax encoder writes for \ud800 (ED A0 80): decoding would make them U+FFFD.
    const json = Buffer.from(JSON.stringify(assignment({ id: "ls-bytes-X" })));
    const bytes = Buffer.concat([
      json.subarray(0, json.indexOf("X")),
      Buffer.from([0xed, 0xa0, 0x80]),
      json.subarray(json.indexOf("X") + 1),
    ]);
    const raw = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: bytes,
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: "body is not valid UTF-8: send JSON encoded as UTF-8" });
    expect((await ids("assignments")).filter((id) => id.startsWith("ls-single") || id.startsWith("ls-bytes"))).toEqual([]);
  });
});

describe("respond.io webhook", () => {
  const send = (payload: unknown) => {
    const body = JSON.stringify(payload);
    const signature = createHmac("sha256", KEY).update(body).digest("base64");
    return postJson(`${server.url}/webhooks/respondio?workspace=${WS}`, body, undefined, { "x-webhook-signature": signature });
  };
  const contact = (id: unknown, extra: Record<string, unknown> = {}) => ({ id, firstName: "Joe", ...extra });

  it.each([
    ["event_id", { event_type: "contact.assignee.updated", event_id: "w-\ud800", contact: contact(1, { assignee: { id: 7 } }) }],
    ["contact.id", { event_type: "contact.assignee.updated", event_id: "w-1", contact: contact("c-\udbff", { assignee: { id: 7 } }) }],
    [
      "contact.firstName",
      { event_type: "contact.assignee.updated", event_id: "w-2", contact: contact(1, { firstName: "Jo\udc00", assignee: { id: 7 } }) },
    ],
    [
      "contact.assignee.id",
      { event_type: "contact.assignee.updated", event_id: "w-3", contact: contact(1, { assignee: { id: "u-\ud800" } }) },
    ],
    [
      "contact.assignee.name",
      { event_type: "contact.assignee.updated", event_id: "w-4", contact: contact(1, { assignee: { id: 7, name: "\ud800" } }) },
    ],
    [
      "contact.id",
      { event_type: "conversation.opened", event_id: "w-5", contact: contact("c-\ud800"), conversation: { openedTime: 1_790_000_000 } },
    ],
  ])("rejects a lone surrogate in %s with 422, storing nothing", async (path, payload) => {
    const response = await send(payload);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body).toMatchObject({ status: "rejected" });
    expect(body.errors).toEqual([{ path, message: expect.stringContaining("lone UTF-16 surrogate") }]);
    expect(await ids("contact_conversation_events")).toEqual([]);
    expect((await ids("assignments")).filter((id) => id.startsWith("respondio:"))).toEqual([]);
  });
});

describe("CSV import", () => {
  const HEADER = "Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by\r\n";
  const row = (contactId: Buffer | string, name: Buffer | string = "Joe") =>
    Buffer.concat([
      Buffer.from("2026-11-20T09:00:00Z,c1,"),
      Buffer.from(contactId),
      Buffer.from(","),
      Buffer.from(name),
      Buffer.from(",-,Fox,Bot,\r\n"),
    ]);
  // What a lax encoder writes for \ud800 and \ud801: UTF-8 decoding reads both as U+FFFD.
  const surrogateBytes = (low: number) => Buffer.concat([Buffer.from("k-"), Buffer.from([0xed, 0xa0, low])]);

  async function importBytes(workspaceId: string, bytes: Buffer, chunkBytes = bytes.length) {
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, i) =>
      bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes),
    );
    return importCsv({ db: db, workspaceId, kind: "assignments", input: Readable.from(chunks) });
  }

  it("rejects the rows whose bytes are not UTF-8, naming the column, and imports the others", async () => {
    // The last row's "ë" in Latin-1 (0xEB): the usual file saved in the wrong encoding.
    const latin1 = Buffer.from([0x5a, 0x6f, 0xeb]);
    const file = Buffer.concat([
      Buffer.from(HEADER),
      row(surrogateBytes(0x80)),
      row(surrogateBytes(0x81)),
      row("k-ok", "Zoë"),
      row("k-latin", latin1),
    ]);
    for (const [workspaceId, chunk] of [
      ["TSURRCSV1", file.length],
      ["TSURRCSV2", 7],
    ] as const) {
      const result = await importBytes(workspaceId, file, chunk);
      expect(result).toMatchObject({ rows: 4, imported: 1, duplicates: 0, rejected: 3 });
      expect(result.rejections.map((r) => [r.line, r.errors.map((e) => e.path)])).toEqual([
        [2, ["Contact ID"]],
        [3, ["Contact ID"]],
        [5, ["Contact name"]],
      ]);
      expect(result.rejections[0]!.errors[0]!.message).toContain("not UTF-8");
      const stored = await db.raw.sql.query<{ contact_id: string; contact_name: string }>(
        "SELECT contact_id, contact_name FROM assignments WHERE workspace_id = ?",
        [workspaceId],
      );
      expect(stored).toEqual([{ contact_id: "k-ok", contact_name: "Zoë" }]);
      await expectCountsMatchRows(workspaceId);
    }
  });

  it("keeps a U+FFFD written as UTF-8 in a file that is UTF-8 throughout", async () => {
    const result = await importBytes("TSURRCSV3", Buffer.concat([Buffer.from(HEADER), row("k-\uFFFD")]));
    expect(result).toMatchObject({ imported: 1, rejected: 0 });
  });
});
