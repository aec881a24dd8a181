// The one write path for events, whoever sends them (HTTP API, webhook, CSV import, demo):
// validate, drop duplicates, store in one transaction, report per item.
import { futureTimeError } from "../domain/event-time.ts";
import type { Person } from "../domain/person.ts";
import {
  assignmentsOfContactFrom,
  contactHistories,
  insertAssignments,
  setPreviousAssignees,
  type NewAssignment,
  type StoredAssignment,
} from "../store/events/assignments.ts";
import {
  claimThreads,
  earliestEventOfThreads,
  insertEmailEvents,
  lockEmailConversations,
  ownersOfThreads,
  rebuildConversations,
  type EmailEventRow,
} from "../store/events/email-events.ts";
import { idsStoredIn } from "../store/events/event-ids.ts";
import { lockWorkspaceWrites } from "../store/events/workspace-writes.ts";
import type { SqlDatabase, SqlExecutor } from "../store/engine/sql.ts";
import type { FieldError } from "../domain/field-errors.ts";
import { parseEvent, type AssignmentEvent, type EmailEvent, type InboxEvent, type ParsedEvent } from "./event-schemas.ts";

type ItemResult =
  | { index: number; id: string; status: "stored" }
  | { index: number; id: string; status: "duplicate"; reason: string }
  | { index: number; id?: string; status: "rejected"; errors: FieldError[] };

export interface IngestOutcome {
  stored: number;
  duplicates: number;
  rejected: number;
  results: ItemResult[];
}

/**
 * Validates and stores a batch received at `receivedAt` (events dated more than a few
 * minutes after it are rejected). Throws DatabaseUnavailableError when nothing could be stored.
 */
export async function ingestEvents(
  sql: SqlDatabase,
  workspaceId: string,
  items: readonly unknown[],
  receivedAt = Date.now(),
): Promise<IngestOutcome> {
  const results: ItemResult[] = new Array(items.length);
  const valid: { index: number; event: InboxEvent }[] = [];
  const firstIndexOfId = new Map<string, number>();
  items.forEach((item, index) => {
    const parsed = notInFuture(parseEvent(item), receivedAt);
    if (!parsed.ok) {
      const id = (item as { id?: unknown } | null)?.id;
      results[index] = { index, ...(typeof id === "string" ? { id } : {}), status: "rejected", errors: parsed.errors };
      return;
    }
    const earlier = firstIndexOfId.get(parsed.event.id);
    if (earlier !== undefined) {
      results[index] = { index, id: parsed.event.id, status: "duplicate", reason: `same id as item ${earlier} of this batch` };
      return;
    }
    firstIndexOfId.set(parsed.event.id, index);
    valid.push({ index, event: parsed.event });
  });

  const stored = await storeEvents(
    sql,
    workspaceId,
    valid.map((v) => v.event),
  );
  valid.forEach(({ index, event }, i) => {
    results[index] = stored[i]
      ? { index, id: event.id, status: "stored" }
      : { index, id: event.id, status: "duplicate", reason: "already stored" };
  });
  return summarize(results);
}

/** The parsed event, or its rejection when it is dated too long after its receipt. */
function notInFuture(parsed: ParsedEvent, receivedAt: number): ParsedEvent {
  if (!parsed.ok) return parsed;
  const error = futureTimeError(parsed.event.occurredAt, receivedAt);
  return error === null ? parsed : { ok: false, errors: [{ path: "occurredAt", message: error }] };
}

function summarize(results: ItemResult[]): IngestOutcome {
  let stored = 0;
  let duplicates = 0;
  let rejected = 0;
  for (const r of results) {
    if (r.status === "stored") stored++;
    else if (r.status === "duplicate") duplicates++;
    else rejected++;
  }
  return { stored, duplicates, rejected, results };
}

/**
 * Stores validated events (ids unique within the call) in one transaction and returns,
 * per event, whether it was new. Nothing is stored if anything fails.
 */
function storeEvents(sql: SqlDatabase, workspaceId: string, events: readonly InboxEvent[]): Promise<boolean[]> {
  const assignments: { at: number; event: AssignmentEvent }[] = [];
  const emails: { at: number; event: EmailEvent }[] = [];
  events.forEach((event, at) => (event.type === "assignment" ? assignments.push({ at, event }) : emails.push({ at, event })));

  return sql.transaction(async (tx) => {
    await lockWorkspaceWrites(tx, workspaceId);
    const stored: boolean[] = new Array(events.length).fill(false);
    // An id already used by the other stream is a duplicate: it stays false and is not written.
    const assignmentIdsUsed = await idsStoredIn(
      tx,
      workspaceId,
      "email_events",
      assignments.map((a) => a.event.id),
    );
    const newAssignments = assignments.filter((a) => !assignmentIdsUsed.has(a.event.id));
    const emailIdsUsed = await idsStoredIn(
      tx,
      workspaceId,
      "assignments",
      emails.map((e) => e.event.id),
    );
    const newEmails = emails.filter((e) => !emailIdsUsed.has(e.event.id));
    if (newAssignments.length > 0) {
      const rows = await assignmentRows(
        tx,
        workspaceId,
        newAssignments.map((a) => a.event),
      );
      const flags = await insertAssignments(
        tx,
        workspaceId,
        rows.map((r) => r.row),
      );
      rows.forEach((r, i) => (stored[newAssignments[r.position]!.at] = flags[i]!));
    }
    if (newEmails.length > 0) {
      const flags = await storeEmailEvents(
        tx,
        workspaceId,
        newEmails.map((e) => e.event),
      );
      newEmails.forEach((e, i) => (stored[e.at] = flags[i]!));
    }
    return stored;
  });
}

const samePerson = (a: Person | null, b: Person | null) =>
  a === b || (a !== null && b !== null && a.id === b.id && a.name === b.name && a.email === b.email);

function assignmentRow(event: AssignmentEvent, previous: Person | null, tieRank: number): NewAssignment {
  return {
    eventId: event.id,
    occurredAt: event.occurredAt,
    conversationId: event.conversationId ?? null,
    contactId: event.contact.id,
    contactName: event.contact.name ?? null,
    previousAssignee: event.previousAssignee !== undefined ? event.previousAssignee : previous,
    previousDerived: event.previousAssignee === undefined,
    assignee: event.assignee,
    source: event.source,
    // The seed: "Assigned by" applies only when the source is a user.
    assignedBy: event.source === "user" ? (event.assignedBy ?? null) : null,
    tieRank,
  };
}

/** The rank of the next assignment of a contact: after the one before it when at the same instant, else 0. */
const rankAfter = (before: { occurredAt: number; tieRank: number } | undefined, occurredAt: number) =>
  before !== undefined && before.occurredAt === occurredAt ? before.tieRank + 1 : 0;

/**
 * Rows in order, each with its previous assignee: as sent, or else the contact's assignee
 * just before it, from this batch or from what is stored. The order is time, then for the
 * contact's assignments at the same instant the order they were received in: what is stored
 * first, then the batch's in the batch's order (tie_rank keeps it). When the contact already
 * has assignments at or after the batch's (events arrive out of order: webhook retries,
 * several senders), the batch is merged into that stored history, and the stored rows
 * whose derived previous assignee changes are rewritten.
 */
async function assignmentRows(
  tx: SqlExecutor,
  workspaceId: string,
  events: readonly AssignmentEvent[],
): Promise<{ position: number; row: NewAssignment }[]> {
  const order = events.map((_, i) => i).sort((a, b) => events[a]!.occurredAt - events[b]!.occurredAt || a - b);
  const earliest = new Map<string, number>();
  for (const i of order) if (!earliest.has(events[i]!.contact.id)) earliest.set(events[i]!.contact.id, events[i]!.occurredAt);
  const histories = await contactHistories(
    tx,
    workspaceId,
    [...earliest].map(([contactId, before]) => ({ contactId, before })),
  );

  const rows: { position: number; row: NewAssignment }[] = [];
  // Per contact, its last row so far; nothing of it is stored from its earliest event on.
  const latest = new Map<string, { occurredAt: number; tieRank: number; assignee: Person | null }>();
  const late = new Map<string, number[]>();
  for (const position of order) {
    const event = events[position]!;
    const contactId = event.contact.id;
    const history = histories.get(contactId);
    if (history?.later) {
      const positions = late.get(contactId);
      if (positions) positions.push(position);
      else late.set(contactId, [position]);
      continue;
    }
    const last = latest.get(contactId);
    const tieRank = rankAfter(last, event.occurredAt);
    latest.set(contactId, { occurredAt: event.occurredAt, tieRank, assignee: event.assignee });
    rows.push({ position, row: assignmentRow(event, last ? last.assignee : (history?.previous ?? null), tieRank) });
  }

  const rewrites: { eventId: string; previous: Person | null }[] = [];
  for (const [contactId, positions] of late) {
    // In order (time, rank), stored steps first; the new ones in the batch's order.
    const stored = await assignmentsOfContactFrom(tx, workspaceId, contactId, earliest.get(contactId)!);
    const storedIds = new Set(stored.map((s) => s.eventId));
    type Step = { occurredAt: number; tieRank: number; assignee: Person | null; stored?: StoredAssignment; position?: number };
    const timeline: Step[] = stored.map((s) => ({ occurredAt: s.occurredAt, tieRank: s.tieRank, assignee: s.assignee, stored: s }));
    for (const position of positions) {
      const event = events[position]!;
      // Already stored (a retry): the insert reports it as a duplicate; the stored row stands for it.
      if (storedIds.has(event.id)) rows.push({ position, row: assignmentRow(event, null, 0) });
      else timeline.push({ occurredAt: event.occurredAt, tieRank: 0, assignee: event.assignee, position });
    }
    // A stable sort by time, stored before new at the same instant: each keeps its order.
    timeline.sort((a, b) => a.occurredAt - b.occurredAt || Number(a.position !== undefined) - Number(b.position !== undefined));
    let previous = histories.get(contactId)?.previous ?? null;
    let last: Step | undefined;
    for (const step of timeline) {
      if (step.position !== undefined) {
        step.tieRank = rankAfter(last, step.occurredAt);
        rows.push({ position: step.position, row: assignmentRow(events[step.position]!, previous, step.tieRank) });
      } else if (step.stored!.previousDerived && !samePerson(step.stored!.previousAssignee, previous)) {
        rewrites.push({ eventId: step.stored!.eventId, previous });
      }
      previous = step.assignee;
      last = step;
    }
  }
  await setPreviousAssignees(tx, workspaceId, rewrites);
  return rows;
}

async function storeEmailEvents(tx: SqlExecutor, workspaceId: string, events: readonly EmailEvent[]): Promise<boolean[]> {
  const rows: EmailEventRow[] = events.map((event) => ({
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    threadId: event.threadId,
    customerEmail: event.type === "email.received" ? event.customer.email : null,
    customerName: event.type === "email.received" ? (event.customer.name ?? null) : null,
    agent: event.type === "email.received" ? null : (event.agent ?? null),
    automatic: event.type === "email.replied" ? (event.automatic ?? false) : false,
  }));
  await lockEmailConversations(tx, workspaceId);
  const flags = await insertEmailEvents(tx, workspaceId, rows);

  // The earliest customer email of a thread names its owner; per thread, the earliest new event.
  const owners = new Map<string, { at: number; customer: string }>();
  const earliest = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!flags[i]) return;
    earliest.set(row.threadId, Math.min(earliest.get(row.threadId) ?? Infinity, row.occurredAt));
    if (row.customerEmail === null) return;
    const known = owners.get(row.threadId);
    if (known === undefined || row.occurredAt < known.at) owners.set(row.threadId, { at: row.occurredAt, customer: row.customerEmail });
  });
  if (earliest.size === 0) return flags;
  const claimed = await claimThreads(tx, workspaceId, new Map([...owners].map(([thread, o]) => [thread, o.customer])));
  // A thread claimed now brings its customer the events stored before it had one.
  for (const [thread, at] of await earliestEventOfThreads(tx, workspaceId, claimed))
    earliest.set(thread, Math.min(earliest.get(thread)!, at));

  // The threads claimed now have the owner just written; the others are looked up.
  const customerOf = new Map(claimed.map((thread) => [thread, owners.get(thread)!.customer]));
  const unclaimed = [...earliest.keys()].filter((thread) => !customerOf.has(thread));
  for (const [thread, customer] of await ownersOfThreads(tx, workspaceId, unclaimed)) customerOf.set(thread, customer);
  const since = new Map<string, number>();
  for (const [thread, at] of earliest) {
    const customer = customerOf.get(thread);
    if (customer !== undefined) since.set(customer, Math.min(since.get(customer) ?? Infinity, at));
  }
  await rebuildConversations(tx, workspaceId, since);
  return flags;
}
