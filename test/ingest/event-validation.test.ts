import { describe, expect, it } from "vitest";
import { acceptPlainAssignment, inboxEvent, parseEvent } from "../../src/ingest/event-schemas.ts";
import { mulberry32 } from "../../src/demo/random.ts";
import { assignment, emailEvent } from "../support/events.ts";

function errorsOf(raw: unknown) {
  const parsed = parseEvent(raw);
  if (parsed.ok) throw new Error("expected a rejection");
  return parsed.errors;
}

describe("event validation", () => {
  it("accepts a full assignment and stores time in UTC", () => {
    const parsed = parseEvent(assignment({ occurredAt: "2026-03-29T03:30:00+02:00" }));
    expect(parsed.ok && parsed.event.occurredAt).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it.each([
    ["type", { type: "assign" }, "type", "one of assignment"],
    ["id missing", { id: undefined }, "id", "expected an event id"],
    ["id empty", { id: "" }, "id", "empty"],
    ["id wrong type", { id: 12 }, "id", "as a string"],
    ["id too long", { id: "x".repeat(501) }, "id", "at most 500"],
    ["timestamp without offset", { occurredAt: "2026-11-20T10:00:00" }, "occurredAt", "offset"],
    ["timestamp date only", { occurredAt: "2026-11-20" }, "occurredAt", "offset"],
    ["impossible date", { occurredAt: "2026-02-30T10:00:00Z" }, "occurredAt", "not a real date"],
    ["timestamp as number", { occurredAt: 1700000000 }, "occurredAt", "ISO 8601"],
    ["contact missing", { contact: undefined }, "contact", ""],
    ["contact id missing", { contact: { name: "Joe" } }, "contact.id", "contact id"],
    ["contact id number", { contact: { id: 5 } }, "contact.id", "as a string"],
    ["contact extra field", { contact: { id: "c", phone: "1" } }, "contact", "unknown field(s): phone"],
    ["conversationId number", { conversationId: 3 }, "conversationId", "as a string"],
    ["assignee missing", { assignee: undefined }, "assignee", ""],
    ["assignee empty object", { assignee: {} }, "assignee", "at least one of id, name, email"],
    ["assignee bad email", { assignee: { email: "not-an-email" } }, "assignee.email", "email address"],
    ["assignee extra", { assignee: { name: "A", role: "x" } }, "assignee", "unknown field(s): role"],
    ["previousAssignee string", { previousAssignee: "Fox" }, "previousAssignee", ""],
    ["unknown source", { source: "telepathy" }, "source", "expected one of developer_api"],
    ["source wrong case", { source: "BOT" }, "source", "expected one of"],
    ["assignedBy wrong type", { assignedBy: 1, source: "user" }, "assignedBy", ""],
    ["unknown top-level field", { extra: true }, "(event)", "unknown field(s): extra"],
    ["NUL in a text", { contact: { id: "c", name: "Jo\u0000e" } }, "contact.name", "without NUL"],
  ])("rejects %s with the field path", (_name, overrides, path, message) => {
    const raw = assignment();
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete raw[key];
      else raw[key] = value;
    }
    const errors = errorsOf(raw);
    const hit = errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    expect(hit!.message).toContain(message);
  });

  it("accepts null persons: an unassignment, no previous assignee", () => {
    const parsed = parseEvent(assignment({ assignee: null, previousAssignee: null, source: "close_conversation" }));
    expect(parsed.ok).toBe(true);
  });

  it("accepts every documented source", () => {
    for (const source of [
      "developer_api",
      "workflow",
      "bot",
      "zapier",
      "create",
      "user",
      "contact_import",
      "close_conversation",
      "click_to_chat_ad",
      "unknown",
    ]) {
      expect(parseEvent(assignment({ source })).ok).toBe(true);
    }
  });

  it.each([null, "text", 42, [assignment()]])("rejects a non-object event %#", (raw) => {
    expect(errorsOf(raw)[0]).toEqual({ path: "(event)", message: "expected an event object" });
  });

  it("validates email events", () => {
    expect(parseEvent(emailEvent("email.received")).ok).toBe(true);
    expect(parseEvent(emailEvent("email.replied", { automatic: true })).ok).toBe(true);
    expect(parseEvent(emailEvent("email.closed")).ok).toBe(true);
    expect(parseEvent(emailEvent("email.reopened")).ok).toBe(true);
    expect(errorsOf(emailEvent("email.received", { customer: { name: "x" } }))[0]!.path).toBe("customer.email");
    expect(errorsOf(emailEvent("email.received", { customer: { email: "bad" } }))[0]!.path).toBe("customer.email");
    expect(errorsOf(emailEvent("email.replied", { agent: null }))[0]!.path).toBe("agent");
    expect(errorsOf(emailEvent("email.replied", { automatic: "yes" }))[0]).toEqual({
      path: "automatic",
      message: "expected true or false",
    });
    expect(errorsOf(emailEvent("email.closed", { threadId: "" }))[0]!.path).toBe("threadId");
  });
});

describe("timestamp parsing", () => {
  it("agrees with luxon on 5,000 random timestamps with offsets, and rejects impossible ones", async () => {
    const { DateTime } = await import("luxon");
    const { parseIsoWithOffset } = await import("../../src/ingest/event-schemas.ts");
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    for (let i = 0; i < 5000; i++) {
      const offset = rand(3) === 0 ? "Z" : `${rand(2) ? "+" : "-"}${pad(rand(15))}:${pad([0, 30, 45][rand(3)]!)}`;
      const text = `${1970 + rand(130)}-${pad(1 + rand(12))}-${pad(1 + rand(28))}T${pad(rand(24))}:${pad(rand(60))}:${pad(rand(60))}.${pad(rand(1000), 3)}${offset}`;
      expect(parseIsoWithOffset(text), text).toBe(DateTime.fromISO(text, { setZone: true }).toMillis());
    }
    for (const bad of [
      "2026-02-29T10:00:00Z",
      "2026-04-31T10:00:00Z",
      "2026-13-01T10:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-01-01T10:60:00Z",
      "2026-01-01T10:00:00+25:00",
    ]) {
      expect(parseIsoWithOffset(bad), bad).toBeNull();
    }
    expect(parseIsoWithOffset("2028-02-29T10:00:00+01:00")).toBe(Date.UTC(2028, 1, 29, 9));
    expect(parseIsoWithOffset("2026-01-01T10:00:00.5Z")).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 500));
    expect(parseIsoWithOffset("2026-01-01T10:00:00.123999999Z")).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 123));
  });
});

describe("the assignment fast path", () => {
  // Values each field is tried with: plain ones, and every kind zod must see (to trim, to reject).
  const TEXTS = [
    "x",
    "contact-7",
    "Chloé Dubois",
    "é",
    "Zoë",
    " padded",
    "padded ",
    "\tx",
    "x\u00a0",
    "a\u0000b",
    "",
    "x".repeat(500),
    "x".repeat(501),
    5,
    null,
    true,
    {},
    [],
  ];
  const TIMES = [
    "2026-11-20T10:00:00Z",
    "2026-11-20T10:00:00.5+02:00",
    "2026-11-20T10:00:00.123456789-05:30",
    "2026-11-20T10:00+0100",
    "1970-01-01T00:30:00+01:00",
    "1970-01-01T00:00:00Z",
    "2100-12-31T23:59:59.999Z",
    "2101-01-01T00:00:00Z",
    "2026-02-29T10:00:00Z",
    "2026-11-20T10:00:00",
    "2026-11-20",
    " 2026-11-20T10:00:00Z",
    1_700_000_000,
    null,
  ];
  const PEOPLE: unknown[] = [
    null,
    { id: "u1" },
    { name: "Fox" },
    { email: "Fox@Example.COM" },
    { id: "u1", name: "Fox", email: "fox@example.com" },
    { email: "not-an-email" },
    { email: " fox@example.com" },
    { email: "fox@example" },
    { name: "Fox", role: "x" },
    {},
    { id: null },
    { id: "" },
    { name: " Fox" },
    "Fox",
    3,
    [],
    { id: "u1", name: null },
  ];
  const FIELDS: Record<string, unknown[]> = {
    type: ["assignment", "Assignment", "email.received", 1, null],
    id: TEXTS,
    occurredAt: TIMES,
    conversationId: TEXTS,
    contact: [
      { id: "c1" },
      { id: "c1", name: null },
      { id: "c1", name: "Joe" },
      { name: "Joe" },
      { id: "c1", phone: "1" },
      ...TEXTS.map((id) => ({ id })),
      ...TEXTS.map((name) => ({ id: "c1", name })),
      null,
      "c1",
      [],
    ],
    previousAssignee: PEOPLE,
    assignee: PEOPLE,
    source: ["workflow", "user", "unknown", "click_to_chat_ad", "BOT", "telepathy", "", null, 2],
    assignedBy: PEOPLE,
    extra: [true, null],
  };
  const ABSENT = Symbol("absent");

  function candidates(): Record<string, unknown>[] {
    const random = mulberry32(11);
    const rand = (n: number) => Math.floor(random() * n);
    const out: Record<string, unknown>[] = [];
    // Every single-field change of a plain event (including removing the field)...
    for (const [field, values] of Object.entries(FIELDS)) {
      for (const value of [...values, ABSENT]) {
        const raw = assignment();
        if (value === ABSENT) delete raw[field];
        else raw[field] = value;
        out.push(raw);
      }
    }
    // ...and random combinations of several (a quarter of the fields changed each time).
    for (let i = 0; i < 3000; i++) {
      const raw = assignment();
      for (const [field, values] of Object.entries(FIELDS)) {
        if (rand(4) !== 0) continue;
        const pick = rand(values.length + 2);
        if (pick === values.length) delete raw[field];
        else if (pick < values.length) raw[field] = values[pick];
      }
      out.push(raw);
    }
    return out;
  }

  it("returns exactly what zod returns, or leaves the event to zod", () => {
    let accepted = 0;
    for (const raw of candidates()) {
      const fast = acceptPlainAssignment(structuredClone(raw));
      if (fast === undefined) continue;
      accepted++;
      const zod = inboxEvent.safeParse(structuredClone(raw));
      expect(zod.success, JSON.stringify(raw)).toBe(true);
      // toEqual: the fast path's absent keys are present as undefined (one object shape).
      expect(fast, JSON.stringify(raw)).toEqual(zod.data);
    }
    // The check above is not empty: the fast path takes a good share of these.
    expect(accepted).toBeGreaterThan(200);
  });

  it("takes the events a bulk sender sends (the bench's traffic)", () => {
    for (const raw of [
      assignment(),
      assignment({ previousAssignee: null, conversationId: null, assignedBy: { name: "Ana" }, source: "user" }),
      assignment({ contact: { id: "c1" }, occurredAt: "2026-11-20T10:00:00.123+02:00" }),
    ]) {
      expect(acceptPlainAssignment(raw), JSON.stringify(raw)).toBeDefined();
    }
  });
});
