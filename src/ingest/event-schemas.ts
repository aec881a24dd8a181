// The public ingest contract (docs/usage.md, "Events"): one zod schema per event type.
// Every rejection names the field path and what was expected.
import { z } from "zod";
import type { Person } from "../domain/person.ts";
import { AFTER_LATEST_EVENT, EARLIEST_EVENT } from "../domain/event-time.ts";
import { formatPath, type FieldError } from "../domain/field-errors.ts";
import { SOURCES } from "../domain/sources.ts";
import { plainAssignment } from "./assignment-fast-path.ts";
import { isWellFormed, LONE_SURROGATE, MAX_TEXT } from "./event-text.ts";
import { ISO_WITH_OFFSET, parseIsoWithOffset } from "./iso-timestamp.ts";

const text = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(MAX_TEXT, { error: `expected ${what} of at most ${MAX_TEXT} characters` })
    // PostgreSQL cannot store NUL in text: it would fail the whole batch instead of this event.
    .refine((value) => !value.includes("\u0000"), { error: `expected ${what} without NUL (\\u0000) characters` })
    .refine(isWellFormed, { error: `expected ${what} without ${LONE_SURROGATE}` });

/** ISO 8601 with an offset or Z; becomes epoch milliseconds (UTC). */
const timestamp = z
  .string({ error: "expected an ISO 8601 timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00" })
  .transform((value, ctx) => {
    if (!ISO_WITH_OFFSET.test(value)) {
      ctx.addIssue({ code: "custom", message: "expected an ISO 8601 timestamp with an offset or Z, e.g. 2026-11-23T09:30:00Z" });
      return z.NEVER;
    }
    const millis = parseIsoWithOffset(value);
    if (millis === null || millis < EARLIEST_EVENT || millis >= AFTER_LATEST_EVENT) {
      ctx.addIssue({ code: "custom", message: `not a real date and time between 1970 and 2100: ${value}` });
      return z.NEVER;
    }
    return millis;
  });

/**
 * Trimmed like every text, then in lower case: an address is one person however it is
 * capitalised (" Ann@Example.COM " is ann@example.com), the local part too, as mail
 * providers treat it.
 */
const emailAddress = (error: string) =>
  z
    .string({ error })
    .trim()
    .max(MAX_TEXT, { error: `${error} of at most ${MAX_TEXT} characters` })
    .pipe(z.email({ error }))
    .transform((v) => v.toLowerCase());

const personObject = z
  .strictObject({
    id: text("an id").optional(),
    name: text("a name").optional(),
    email: emailAddress("expected an email address").optional(),
  })
  .refine((p) => p.id !== undefined || p.name !== undefined || p.email !== undefined, {
    error: "expected a person with at least one of id, name, email (or null for nobody)",
  })
  .transform((p): Person => ({ id: p.id ?? null, name: p.name ?? null, email: p.email ?? null }));

const person = personObject.nullable();

const eventId = text("an event id");

export const assignmentEvent = z.strictObject({
  type: z.literal("assignment"),
  id: eventId,
  occurredAt: timestamp,
  conversationId: text("a conversation id").nullable().optional(),
  contact: z.strictObject({ id: text("a contact id"), name: text("a contact name").nullable().optional() }),
  // Omitted: the contact's last known assignee is used.
  previousAssignee: person.optional(),
  assignee: person,
  source: z.enum(SOURCES, { error: `expected one of ${SOURCES.join(", ")}` }),
  assignedBy: person.optional(),
});

const emailReceivedEvent = z.strictObject({
  type: z.literal("email.received"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  customer: z.strictObject({
    email: emailAddress("expected the customer's email address"),
    name: text("a customer name").nullable().optional(),
  }),
});

const emailRepliedEvent = z.strictObject({
  type: z.literal("email.replied"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  agent: personObject,
  automatic: z.boolean({ error: "expected true or false" }).optional(),
});

const emailClosedEvent = z.strictObject({
  type: z.literal("email.closed"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  agent: personObject,
});

const emailReopenedEvent = z.strictObject({
  type: z.literal("email.reopened"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  agent: person.optional(),
});

export const EVENT_TYPES = ["assignment", "email.received", "email.replied", "email.closed", "email.reopened"] as const;

export const inboxEvent = z.discriminatedUnion(
  "type",
  [assignmentEvent, emailReceivedEvent, emailRepliedEvent, emailClosedEvent, emailReopenedEvent],
  { error: `expected "type" to be one of ${EVENT_TYPES.join(", ")}` },
);

export type InboxEvent = z.output<typeof inboxEvent>;
export type AssignmentEvent = z.output<typeof assignmentEvent>;
export type EmailEvent = Exclude<InboxEvent, AssignmentEvent>;

export type ParsedEvent = { ok: true; event: InboxEvent } | { ok: false; errors: FieldError[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function parseEvent(raw: unknown): ParsedEvent {
  if (!isObject(raw)) return { ok: false, errors: [{ path: "(event)", message: "expected an event object" }] };
  const plain = plainAssignment(raw);
  if (plain !== undefined) return { ok: true, event: plain };
  const result = inboxEvent.safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: formatPath(issue.path) || "(event)",
      message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
    })),
  };
}
