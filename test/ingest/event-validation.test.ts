import { describe, expect, it } from "vitest";
import { parseEvent } from "../../src/ingest/event-schemas.ts";
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
