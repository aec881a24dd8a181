// The public ingest contract (README, "Events"): one zod schema per event type.
// Every rejection names the field path and what was expected.
import { z } from "zod";
import type { Person } from "../domain/person.ts";
import { AFTER_LATEST_EVENT, EARLIEST_EVENT } from "../domain/event-time.ts";
import { formatPath, type FieldError } from "../domain/field-errors.ts";
import { SOURCES, type Source } from "../domain/sources.ts";

export const MAX_TEXT = 500;

/**
 * A lone UTF-16 surrogate (\ud800 with no \udc00 after it) has no UTF-8 form: PostgreSQL
 * would store U+FFFD instead (so two ids became one row) and SQLite invalid UTF-8 bytes.
 */
export const isWellFormed = (value: string): boolean => value.isWellFormed();
export const LONE_SURROGATE = "a lone UTF-16 surrogate (\\ud800-\\udfff outside a pair)";

const text = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(MAX_TEXT, { error: `expected ${what} of at most ${MAX_TEXT} characters` })
    // PostgreSQL cannot store NUL in text: it would fail the whole batch instead of this event.
    .refine((value) => !value.includes("\u0000"), { error: `expected ${what} without NUL (\\u0000) characters` })
    .refine(isWellFormed, { error: `expected ${what} without ${LONE_SURROGATE}` });

// YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or ±HH[:MM]. Parsed by hand: luxon's fromISO cost
// 10 µs an event, most of the validation time of a bulk ingest (bench: ingest-phases).
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of an ISO 8601 timestamp with an offset, or null when it is not a real instant. */
export function parseIsoWithOffset(value: string): number | null {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return null;
  // Unary + on the captures: this runs once per event of a bulk ingest.
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = m[6] === undefined ? 0 : +m[6];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = m[10] === undefined ? 0 : +m[10];
  const offsetMinutes = m[11] === undefined ? 0 : +m[11];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Fractions beyond milliseconds are cut, not rounded: "…59.9999Z" stays in its second.
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : +(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0"));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

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

// ---------------------------------------------------------------- fast path
// The zod schemas above are the contract. This accepts the plainly valid assignment events
// of a bulk ingest without zod, whose parse was the largest share of the write path (7 µs of
// 46 an event, bench: ingest-phases). It only ever says "valid, and here is what zod would
// return" or "ask zod": anything unusual (spaces to trim, non-ASCII at either end,
// unknown fields, any error) goes to zod, which also words every rejection.
// test/ingest/event-validation.test.ts holds it to that on generated and mutated events.

const SOURCE_SET: ReadonlySet<string> = new Set(SOURCES);
const EVENT_KEYS: ReadonlySet<string> = new Set([
  "type",
  "id",
  "occurredAt",
  "conversationId",
  "contact",
  "previousAssignee",
  "assignee",
  "source",
  "assignedBy",
]);
// z.email()'s own pattern, so that both accept the same addresses.
const EMAIL = z.regexes.email;

/** A text zod would keep as is: 1..MAX_TEXT characters, printable ASCII at both ends (nothing to trim), no NUL, well-formed. */
function plainText(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 && !value.includes("\u0000") && value.isWellFormed();
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A person as zod returns it, null for nobody, undefined when zod must decide. */
function plainPerson(value: unknown): Person | null | undefined {
  if (value === null) return null;
  if (!isObject(value)) return undefined;
  let id: string | null = null;
  let name: string | null = null;
  let email: string | null = null;
  for (const key in value) {
    const field = value[key];
    if (key === "id" && plainText(field)) id = field;
    else if (key === "name" && plainText(field)) name = field;
    else if (key === "email" && plainText(field) && EMAIL.test(field)) email = field.toLowerCase();
    else return undefined;
  }
  return id === null && name === null && email === null ? undefined : { id, name, email };
}

/** The event as zod would parse it (but for absent keys, here present as undefined), or undefined: then zod decides (and words any error). */
export function acceptPlainAssignment(raw: Record<string, unknown>): AssignmentEvent | undefined {
  if (raw.type !== "assignment") return undefined;
  for (const key in raw) if (!EVENT_KEYS.has(key)) return undefined;
  const { id, occurredAt, conversationId, contact, source } = raw;
  if (!plainText(id) || typeof occurredAt !== "string") return undefined;
  if (typeof source !== "string" || !SOURCE_SET.has(source)) return undefined;
  const at = parseIsoWithOffset(occurredAt);
  if (at === null || at < EARLIEST_EVENT || at >= AFTER_LATEST_EVENT) return undefined;
  if (conversationId !== undefined && conversationId !== null && !plainText(conversationId)) return undefined;
  if (!isObject(contact) || !plainText(contact.id)) return undefined;
  for (const key in contact) if (key !== "id" && key !== "name") return undefined;
  const contactName = contact.name;
  if (contactName !== undefined && contactName !== null && !plainText(contactName)) return undefined;
  const assignee = plainPerson(raw.assignee);
  if (assignee === undefined) return undefined;

  // Absent optional people stay undefined (previousAssignee undefined means "derive it").
  const { previousAssignee: sentPrevious, assignedBy: sentBy } = raw;
  const previousAssignee = sentPrevious === undefined ? undefined : plainPerson(sentPrevious);
  const assignedBy = sentBy === undefined ? undefined : plainPerson(sentBy);
  if ((sentPrevious !== undefined && previousAssignee === undefined) || (sentBy !== undefined && assignedBy === undefined))
    return undefined;
  // Every key present, undefined when absent, where zod leaves it out: one object shape for
  // every event keeps the ingest's property reads monomorphic (absent keys made 8 shapes).
  return {
    type: "assignment",
    id,
    occurredAt: at,
    conversationId: conversationId as string | null | undefined,
    contact: { id: contact.id, name: contactName as string | null | undefined },
    previousAssignee,
    assignee,
    source: source as Source,
    assignedBy,
  };
}

export function parseEvent(raw: unknown): ParsedEvent {
  if (!isObject(raw)) return { ok: false, errors: [{ path: "(event)", message: "expected an event object" }] };
  const plain = acceptPlainAssignment(raw);
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
