// The public ingest contract (README, "Events"): one zod schema per event type.
// Every rejection names the field path and what was expected.
import { z } from "zod";
import type { Person } from "../domain/person.ts";
import { AFTER_LATEST_EVENT, EARLIEST_EVENT } from "../domain/event-time.ts";
import { SOURCES, type Source } from "../domain/sources.ts";

export const MAX_TEXT = 500;

const text = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(MAX_TEXT, { error: `expected ${what} of at most ${MAX_TEXT} characters` });

// YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or ±HH[:MM]. Parsed by hand: luxon's fromISO cost
// 10 µs an event, most of the validation time of a bulk ingest (bench: ingest-phases).
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of an ISO 8601 timestamp with an offset, or null when it is not a real instant. */
export function parseIsoWithOffset(value: string): number | null {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as number[];
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month! - 1];
  if (monthDays === undefined || day! < 1 || day! > monthDays || hour! > 23 || minute! > 59 || second! > 59) return null;
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const millis = Number((m[7] ?? "0").slice(0, 3).padEnd(3, "0"));
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, millis) - offset;
}

/** ISO 8601 with an offset or Z; becomes epoch milliseconds (UTC). */
export const timestamp = z
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

const personObject = z
  .strictObject({
    id: text("an id").optional(),
    name: text("a name").optional(),
    email: z.email({ error: "expected an email address" }).max(MAX_TEXT).optional(),
  })
  .refine((p) => p.id !== undefined || p.name !== undefined || p.email !== undefined, {
    error: "expected a person with at least one of id, name, email (or null for nobody)",
  })
  .transform(
    (p): Person => ({ id: p.id ?? null, name: p.name ?? null, email: p.email?.toLowerCase() ?? null }),
  );

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

export const emailReceivedEvent = z.strictObject({
  type: z.literal("email.received"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  customer: z.strictObject({
    email: z.email({ error: "expected the customer's email address" }).max(MAX_TEXT),
    name: text("a customer name").nullable().optional(),
  }),
});

export const emailRepliedEvent = z.strictObject({
  type: z.literal("email.replied"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  agent: personObject,
  automatic: z.boolean({ error: "expected true or false" }).optional(),
});

export const emailClosedEvent = z.strictObject({
  type: z.literal("email.closed"),
  id: eventId,
  occurredAt: timestamp,
  threadId: text("a thread id"),
  agent: personObject,
});

export const emailReopenedEvent = z.strictObject({
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

export interface FieldError {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

export type ParsedEvent = { ok: true; event: InboxEvent } | { ok: false; errors: FieldError[] };

export function parseEvent(raw: unknown): ParsedEvent {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: "(event)", message: "expected an event object" }] };
  }
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

export type { Source };
