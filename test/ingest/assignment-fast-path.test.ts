// The fast path of validation (src/ingest/assignment-fast-path.ts) against the contract's
// zod schemas, on every single-field change of a plain event and thousands of random mixes.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/demo/random.ts";
import { plainAssignment } from "../../src/ingest/assignment-fast-path.ts";
import { inboxEvent, parseEvent } from "../../src/ingest/event-schemas.ts";
import { assignment } from "../support/events.ts";

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
      const fast = plainAssignment(structuredClone(raw));
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

  it("leaves parseEvent accepting and rejecting exactly what zod does, with zod's words", () => {
    for (const raw of candidates()) {
      const parsed = parseEvent(structuredClone(raw));
      const zod = inboxEvent.safeParse(structuredClone(raw));
      expect(parsed.ok, JSON.stringify(raw)).toBe(zod.success);
      if (parsed.ok) expect(parsed.event, JSON.stringify(raw)).toEqual(zod.data);
      // The fast path never rejects: each error is one of zod's issues, in zod's order.
      else
        expect(parsed.errors.map((e) => e.message.replace(/^unknown field\(s\): .*/, ""))).toEqual(
          zod.error!.issues.map((i) => (i.code === "unrecognized_keys" ? "" : i.message)),
        );
    }
  });

  it("takes the events a bulk sender sends (the bench's traffic)", () => {
    for (const raw of [
      assignment(),
      assignment({ previousAssignee: null, conversationId: null, assignedBy: { name: "Ana" }, source: "user" }),
      assignment({ contact: { id: "c1" }, occurredAt: "2026-11-20T10:00:00.123+02:00" }),
    ]) {
      expect(plainAssignment(raw), JSON.stringify(raw)).toBeDefined();
    }
  });
});
