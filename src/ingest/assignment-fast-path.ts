// The fast path of event validation, which parseEvent (event-schemas.ts) tries first. The
// zod schemas are the contract; this accepts the plainly valid assignment events of a bulk
// ingest without zod and builds what zod would return. It only ever says "valid, and here
// is the event" or "ask zod": anything unusual (spaces to trim, non-ASCII at either end,
// unknown fields, any error) goes to zod, which also words every rejection. Measured
// (2026-12-07, 300,000 events, load 4-6): 1.5 µs an event instead of zod's 6.4-9.0 (bench
// ingest-phases); without it bulk ingest on SQLite took 2.91x raw inserts instead of 2.17x
// (target: 2.5x; median of 4 alternated runs).
// test/ingest/assignment-fast-path.test.ts holds it to zod on generated and mutated events.
import { z } from "zod";
import { AFTER_LATEST_EVENT, EARLIEST_EVENT } from "../domain/event-time.ts";
import type { Person } from "../domain/person.ts";
import { SOURCES, type Source } from "../domain/sources.ts";
import type { AssignmentEvent } from "./event-schemas.ts";
import { MAX_TEXT } from "./event-text.ts";
import { parseIsoWithOffset } from "./iso-timestamp.ts";

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
export function plainAssignment(raw: Record<string, unknown>): AssignmentEvent | undefined {
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
