// Traffic for the benches ingest-out-of-order and ingest-phases: a month of assignments for
// 5,000 contacts in requests of 500 events. In order: the stream in time order. Out of order,
// as several senders and webhook retries interleave times: the events are dealt at random to
// 4 senders, each sending its share in time order, sender s running s x LAG events behind
// sender 0; a few requests are delivered late (the first delivery was lost) and a few twice
// (the answer was lost: the second delivery stores nothing).
import { assignmentFacts, rng, toEvent } from "./events.ts";

export const REQUEST_EVENTS = 500;
const CONTACTS = 5_000;
const SENDERS = 4;
/** Sender s is s x LAG events of the whole stream behind sender 0 (~4 hours of the month). */
const LAG = 10_000;
const LATE_SHARE = 0.02;
const RESENT_SHARE = 0.01;
/** How late a late or second delivery is: up to this many events of the whole stream (~1 day). */
const MAX_DELAY = 50_000;
const encoder = new TextEncoder();

export interface SenderRequest {
  /** `{"events":[...]}`, serialised before timing (the load generator's cost is not the server's). */
  body: Uint8Array<ArrayBuffer>;
  count: number;
  /** A second delivery: every event is already stored. */
  resent: boolean;
}

export interface SenderTraffic {
  requests: SenderRequest[];
  /** Distinct events in the requests. */
  events: number;
  /** Share of events sent after a later event of their contact (in an earlier request). */
  lateShare: number;
}

/**
 * `count` events from `startMs` on (~1.5 s apart: 2,000,000 span a month), in requests in the
 * order asked. `prefix` keeps warm-up traffic apart (ids and contacts).
 */
export function senderTraffic(count: number, outOfOrder: boolean, options: { prefix?: string; seed?: number } = {}): SenderTraffic {
  const random = rng(99);
  const queued: { key: number; request: SenderRequest; contacts: string[]; times: number[] }[] = [];
  const pending: { first: number; events: Record<string, unknown>[]; contacts: string[]; times: number[] }[] = Array.from(
    { length: SENDERS },
    () => ({ first: 0, events: [], contacts: [], times: [] }),
  );
  const flush = (sender: number) => {
    const { first, events, contacts, times } = pending[sender]!;
    if (events.length === 0) return;
    const request = { body: encoder.encode(`{"events":${JSON.stringify(events)}}`), count: events.length, resent: false };
    let key = first + (outOfOrder ? sender * LAG : 0);
    if (outOfOrder && random() < LATE_SHARE) key += 1 + random() * MAX_DELAY;
    queued.push({ key, request, contacts, times });
    if (outOfOrder && random() < RESENT_SHARE)
      queued.push({ key: key + 1 + random() * MAX_DELAY, request: { ...request, resent: true }, contacts, times });
    pending[sender] = { first: 0, events: [], contacts: [], times: [] };
  };
  let position = 0;
  for (const fact of assignmentFacts(count, { contacts: CONTACTS, prefix: options.prefix ?? "ooo", seed: options.seed ?? 42 })) {
    const sender = outOfOrder ? Math.floor(random() * SENDERS) : 0;
    const own = pending[sender]!;
    if (own.events.length === 0) own.first = position;
    own.events.push(toEvent(fact));
    own.contacts.push(fact.contactId);
    own.times.push(fact.at);
    if (own.events.length === REQUEST_EVENTS) flush(sender);
    position++;
  }
  for (let sender = 0; sender < SENDERS; sender++) flush(sender);
  queued.sort((a, b) => a.key - b.key);

  const latestSent = new Map<string, number>();
  let late = 0;
  for (const { request, contacts, times } of queued) {
    if (request.resent) continue;
    contacts.forEach((contact, i) => {
      if ((latestSent.get(contact) ?? -Infinity) > times[i]!) late++;
    });
    contacts.forEach((contact, i) => latestSent.set(contact, Math.max(latestSent.get(contact) ?? -Infinity, times[i]!)));
  }
  return { requests: queued.map((q) => q.request), events: count, lateShare: late / count };
}
