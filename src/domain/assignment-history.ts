// How a previous assignee is derived when the sender omits it (respond.io's webhooks send the
// new assignee only): it is the assignee of the contact's assignment just before, in the
// contact's order: time, then, at the same instant, the order received (the tie rank, 0, 1...).
// Events arrive out of order (webhook retries, several senders), so a batch is merged into
// the stored history from its earliest instant on, and the stored rows whose derived previous
// assignee changes are rewritten. Pure: the store reads the history, this decides.
import type { Person } from "./person.ts";

interface HistoryStep {
  occurredAt: number;
  /** Its place among the contact's assignments at the same instant: 0, 1... in the order received. */
  tieRank: number;
  assignee: Person | null;
}

/** A stored assignment of a contact. */
export interface StoredStep extends HistoryStep {
  eventId: string;
  previousAssignee: Person | null;
  /** The sender omitted it: it was derived, and is rewritten when the history before it changes. */
  previousDerived: boolean;
}

/** An assignment of the batch being stored. */
export interface IncomingStep {
  eventId: string;
  contactId: string;
  occurredAt: number;
  assignee: Person | null;
}

/** What is stored of a contact around a batch whose earliest assignment of it is at `earliest`. */
export interface StoredAround {
  /** The assignee of its latest assignment before `earliest` (null: none, or unassigned). */
  before: Person | null;
  /** Its assignments at or after `earliest`, in the contact's order: empty unless the batch is late. */
  from: readonly StoredStep[];
}

interface Placement {
  /** The event's index in the batch. */
  position: number;
  /** The assignee just before it: its previous assignee, unless the sender stated one. */
  previous: Person | null;
  tieRank: number;
}

export interface BatchPlacement {
  /** The batch's new assignments, in time order; not one whose id the contact's history holds (a retry). */
  placed: Placement[];
  /** Stored assignments whose derived previous assignee is no longer the one just before them. */
  rewrites: { eventId: string; previous: Person | null }[];
}

const samePerson = (a: Person | null, b: Person | null): boolean =>
  a === b || (a !== null && b !== null && a.id === b.id && a.name === b.name && a.email === b.email);

/** The rank of the next assignment of a contact: after the one before it when at the same instant, else 0. */
const rankAfter = (before: HistoryStep | undefined, occurredAt: number): number =>
  before !== undefined && before.occurredAt === occurredAt ? before.tieRank + 1 : 0;

const NOTHING_STORED: StoredAround = { before: null, from: [] };
const NO_IDS: ReadonlySet<string> = new Set();

/** Per contact of the batch, its earliest instant in it: what is stored from there on may change. */
export function earliestByContact(events: readonly IncomingStep[]): Map<string, number> {
  const earliest = new Map<string, number>();
  for (const { contactId, occurredAt } of events) {
    const known = earliest.get(contactId);
    if (known === undefined || occurredAt < known) earliest.set(contactId, occurredAt);
  }
  return earliest;
}

/**
 * Places a batch in its contacts' histories (`stored`: per contact of the batch, from
 * earliestByContact's instant on). The batch is ordered by time, then batch order; at the
 * same instant what is stored comes first. An event whose id is stored (a retry) is not placed.
 */
export function placeBatch(events: readonly IncomingStep[], stored: ReadonlyMap<string, StoredAround>): BatchPlacement {
  const order = events.map((_, i) => i).sort((a, b) => events[a]!.occurredAt - events[b]!.occurredAt || a - b);
  const placed: Placement[] = [];
  const rewrites: BatchPlacement["rewrites"] = [];
  // Per contact: the last step so far and the stored steps not yet passed.
  type Walk = {
    last: HistoryStep | undefined;
    previous: Person | null;
    from: readonly StoredStep[];
    ids: ReadonlySet<string>;
    next: number;
  };
  const walks = new Map<string, Walk>();
  const walkOf = (contactId: string): Walk => {
    let walk = walks.get(contactId);
    if (walk === undefined) {
      const { before, from } = stored.get(contactId) ?? NOTHING_STORED;
      walk = { last: undefined, previous: before, from, ids: from.length === 0 ? NO_IDS : new Set(from.map((s) => s.eventId)), next: 0 };
      walks.set(contactId, walk);
    }
    return walk;
  };
  const pass = (walk: Walk, step: StoredStep) => {
    if (step.previousDerived && !samePerson(step.previousAssignee, walk.previous))
      rewrites.push({ eventId: step.eventId, previous: walk.previous });
    walk.previous = step.assignee;
    walk.last = step;
    walk.next++;
  };
  for (const position of order) {
    const event = events[position]!;
    const walk = walkOf(event.contactId);
    if (walk.ids.has(event.eventId)) continue;
    // The stored steps up to this instant, included, come first.
    while (walk.next < walk.from.length && walk.from[walk.next]!.occurredAt <= event.occurredAt) pass(walk, walk.from[walk.next]!);
    const tieRank = rankAfter(walk.last, event.occurredAt);
    placed.push({ position, previous: walk.previous, tieRank });
    walk.previous = event.assignee;
    walk.last = { occurredAt: event.occurredAt, tieRank, assignee: event.assignee };
  }
  // The stored steps after the batch's last event of their contact.
  for (const walk of walks.values()) while (walk.next < walk.from.length) pass(walk, walk.from[walk.next]!);
  return { placed, rewrites };
}

/** A contact's order: time, rank, then (rows stored before ranks were kept, all 0) event id. */
export function compareSteps(a: StoredStep, b: StoredStep): number {
  return a.occurredAt - b.occurredAt || a.tieRank - b.tieRank || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * The full rebuild: the stored assignments (all of their contacts' histories) whose derived
 * previous assignee is not the assignee of the contact's assignment just before them.
 */
export function misderivedPrevious(
  rows: readonly (StoredStep & { contactId: string })[],
): { eventId: string; stored: Person | null; expected: Person | null }[] {
  const byContact = new Map<string, StoredStep[]>();
  for (const row of rows) {
    const history = byContact.get(row.contactId);
    if (history) history.push(row);
    else byContact.set(row.contactId, [row]);
  }
  const wrong: { eventId: string; stored: Person | null; expected: Person | null }[] = [];
  for (const history of byContact.values()) {
    let previous: Person | null = null;
    for (const step of history.sort(compareSteps)) {
      if (step.previousDerived && !samePerson(step.previousAssignee, previous))
        wrong.push({ eventId: step.eventId, stored: step.previousAssignee, expected: previous });
      previous = step.assignee;
    }
  }
  return wrong;
}
