// The one write path for events, whoever sends them (HTTP API, webhook, CSV import, demo):
// validate, drop duplicates, store in one transaction, report per item.
import { countEvents } from "../ops/metrics.ts";
import { futureTimeError } from "../domain/event-time.ts";
import { storeEmailEvents } from "../store/events/conversations.ts";
import type { EmailEventRow } from "../store/events/email-events.ts";
import { idsStoredIn } from "../store/events/event-ids.ts";
import { writeWorkspaceEvents, type IncomingAssignment } from "../store/events/workspace-writes.ts";
import type { Database } from "../store/engine/database.ts";
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
  db: Database,
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
    db,
    workspaceId,
    valid.map((v) => v.event),
  );
  valid.forEach(({ index, event }, i) => {
    results[index] = stored[i]
      ? { index, id: event.id, status: "stored" }
      : { index, id: event.id, status: "duplicate", reason: "already stored" };
  });
  countByStream(items, results);
  return summarize(results);
}

/** The metrics: one increment per stream and outcome, not per item (a CSV batch holds thousands). */
function countByStream(items: readonly unknown[], results: readonly ItemResult[]): void {
  const counts = new Map<string, number>();
  items.forEach((item, index) => {
    const key = `${streamOf(item)} ${results[index]!.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  for (const [key, n] of counts) {
    const [stream, outcome] = key.split(" ") as [ReturnType<typeof streamOf>, ItemResult["status"]];
    countEvents(stream, outcome, n);
  }
}

/** The stream an item was meant for, by its type (the metrics' label). */
function streamOf(item: unknown): "assignments" | "email" | "unknown" {
  const type = (item as { type?: unknown } | null)?.type;
  if (type === "assignment") return "assignments";
  return typeof type === "string" && type.startsWith("email.") ? "email" : "unknown";
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
function storeEvents(db: Database, workspaceId: string, events: readonly InboxEvent[]): Promise<boolean[]> {
  const assignments: { at: number; event: AssignmentEvent }[] = [];
  const emails: { at: number; event: EmailEvent }[] = [];
  events.forEach((event, at) => (event.type === "assignment" ? assignments.push({ at, event }) : emails.push({ at, event })));

  return writeWorkspaceEvents(db, workspaceId, async (tx, assignmentWriter) => {
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
      const flags = await assignmentWriter.store(newAssignments.map((a) => incomingAssignment(a.event)));
      newAssignments.forEach((a, i) => (stored[a.at] = flags[i]!));
    }
    if (newEmails.length > 0) {
      const flags = await storeEmailEvents(
        tx,
        workspaceId,
        newEmails.map((e) => emailEventRow(e.event)),
      );
      newEmails.forEach((e, i) => (stored[e.at] = flags[i]!));
    }
    return stored;
  });
}

function incomingAssignment(event: AssignmentEvent): IncomingAssignment {
  return {
    eventId: event.id,
    occurredAt: event.occurredAt,
    conversationId: event.conversationId ?? null,
    contactId: event.contact.id,
    contactName: event.contact.name ?? null,
    previousAssignee: event.previousAssignee,
    previousDerived: event.previousAssignee === undefined,
    assignee: event.assignee,
    source: event.source,
    // The seed: "Assigned by" applies only when the source is a user.
    assignedBy: event.source === "user" ? (event.assignedBy ?? null) : null,
    tieRank: 0, // set by the writer
  };
}

function emailEventRow(event: EmailEvent): EmailEventRow {
  return {
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    threadId: event.threadId,
    customerEmail: event.type === "email.received" ? event.customer.email : null,
    customerName: event.type === "email.received" ? (event.customer.name ?? null) : null,
    agent: event.type === "email.received" ? null : (event.agent ?? null),
    automatic: event.type === "email.replied" ? (event.automatic ?? false) : false,
  };
}
