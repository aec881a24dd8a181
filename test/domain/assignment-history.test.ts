// The derivation of previous assignees (src/domain/assignment-history.ts): a batch placed in
// its contacts' stored histories, whatever order the events arrive in, gets what a full
// rebuild of the histories gets.
import { describe, expect, it } from "vitest";
import {
  compareSteps,
  earliestByContact,
  misderivedPrevious,
  placeBatch,
  type IncomingStep,
  type StoredAround,
  type StoredStep,
} from "../../src/domain/assignment-history.ts";
import type { Person } from "../../src/domain/person.ts";
import { mulberry32 } from "../../src/demo/random.ts";

const person = (name: string | null): Person | null => (name === null ? null : { id: null, name, email: null });
const name = (p: Person | null) => p?.name ?? null;

type Row = StoredStep & { contactId: string };

/** An in-memory store, read as src/store/events/assignments.ts reads the database. */
class History {
  rows: Row[] = [];

  around(earliest: ReadonlyMap<string, number>): Map<string, StoredAround> {
    const found = new Map<string, StoredAround>();
    for (const [contactId, at] of earliest) {
      const steps = this.rows.filter((r) => r.contactId === contactId).sort(compareSteps);
      found.set(contactId, {
        before: steps.filter((s) => s.occurredAt < at).at(-1)?.assignee ?? null,
        from: steps.filter((s) => s.occurredAt >= at),
      });
    }
    return found;
  }

  /**
   * Stores a batch as the ingest service does (events stating their previous assignee keep it);
   * returns the indexes of its events not placed (retries).
   */
  store(batch: readonly (IncomingStep & { stated?: Person | null })[]): number[] {
    const placement = placeBatch(batch, this.around(earliestByContact(batch)));
    for (const { eventId, previous } of placement.rewrites) {
      const row = this.rows.find((r) => r.eventId === eventId)!;
      expect(row.previousDerived).toBe(true);
      row.previousAssignee = previous;
    }
    for (const { position, previous, tieRank } of placement.placed) {
      const event = batch[position]!;
      const stated = event.stated !== undefined;
      this.rows.push({ ...event, tieRank, previousAssignee: stated ? event.stated! : previous, previousDerived: !stated });
    }
    return batch.map((_, i) => i).filter((i) => !placement.placed.some((p) => p.position === i));
  }

  /** The contact's chain, "previous>assignee" per row in its order. */
  chain(contactId: string): string[] {
    return this.rows
      .filter((r) => r.contactId === contactId)
      .sort(compareSteps)
      .map((r) => `${name(r.previousAssignee) ?? "-"}>${name(r.assignee) ?? "-"}`);
  }
}

let ids = 0;
const event = (contactId: string, minute: number, assignee: string | null, extra: { stated?: Person | null; id?: string } = {}) => ({
  eventId: extra.id ?? `e${++ids}`,
  contactId,
  occurredAt: minute * 60_000,
  assignee: person(assignee),
  ...(extra.stated !== undefined ? { stated: extra.stated } : {}),
});

describe("placing a batch in the stored history", () => {
  it("orders the batch by time, each event after the contact's assignee just before it", () => {
    const history = new History();
    history.store([event("k", 10, "Fox")]);
    history.store([event("k", 30, null), event("k", 20, "Ann"), event("other", 5, "Zed")]);
    expect(history.chain("k")).toEqual(["->Fox", "Fox>Ann", "Ann>-"]);
    expect(history.chain("other")).toEqual(["->Zed"]);
  });

  it("merges a late batch into what is stored and rewrites the derived previous assignees that change", () => {
    const history = new History();
    history.store([event("k", 10, "Ann"), event("k", 30, "Cat"), event("k", 50, "Eve")]);
    const placement = placeBatch([event("k", 40, "Dan"), event("k", 20, "Bob")], history.around(new Map([["k", 20]])));
    expect(placement.placed.map((p) => [p.position, name(p.previous), p.tieRank])).toEqual([
      [1, "Ann", 0],
      [0, "Cat", 0],
    ]);
    expect(
      placement.rewrites.map((r) => [history.rows.find((row) => row.eventId === r.eventId)!.assignee!.name, name(r.previous)]),
    ).toEqual([
      ["Cat", "Bob"],
      ["Eve", "Dan"],
    ]);
  });

  it("never rewrites a previous assignee the sender stated", () => {
    const history = new History();
    history.store([event("k", 10, "Ann"), event("k", 30, "Cat", { stated: person("Someone") })]);
    history.store([event("k", 20, "Bob")]);
    expect(history.chain("k")).toEqual(["->Ann", "Ann>Bob", "Someone>Cat"]);
  });

  it("at the same instant: what is stored first, then the batch in its order, ranks following the stored ones", () => {
    const history = new History();
    history.store([event("k", 10, "Fox"), event("k", 10, "Ann")]);
    history.store([event("k", 10, "Zed"), event("k", 5, "Eve")]);
    expect(history.chain("k")).toEqual(["->Eve", "Eve>Fox", "Fox>Ann", "Ann>Zed"]);
    expect(
      history.rows
        .filter((r) => r.occurredAt === 10 * 60_000)
        .sort(compareSteps)
        .map((r) => [r.assignee!.name, r.tieRank]),
    ).toEqual([
      ["Fox", 0],
      ["Ann", 1],
      ["Zed", 2],
    ]);
  });

  it("does not place an event whose id the contact's history holds (a retry), nor rewrite anything for it", () => {
    const history = new History();
    const first = event("k", 10, "Ann");
    history.store([first, event("k", 20, "Bob")]);
    const placement = placeBatch([{ ...first }], history.around(new Map([["k", 10]])));
    expect(placement).toEqual({ placed: [], rewrites: [] });
  });
});

describe("the full rebuild", () => {
  it("names the rows whose derived previous assignee is not the assignee just before them", () => {
    const history = new History();
    history.store([event("k", 10, "Ann"), event("k", 20, "Bob", { id: "bob" }), event("k", 30, "Cat", { stated: person("Said") })]);
    expect(misderivedPrevious(history.rows)).toEqual([]);
    history.rows.find((r) => r.eventId === "bob")!.previousAssignee = person("Zed");
    expect(misderivedPrevious(history.rows)).toEqual([{ eventId: "bob", stored: person("Zed"), expected: person("Ann") }]);
  });
});

describe("random histories in random arrival orders", () => {
  // Few contacts, instants and people: many ties, many late batches, many retries.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "seed %i: every derived previous assignee is what a full rebuild gives, ties in arrival order",
    (seed) => {
      const random = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const events = Array.from({ length: 150 }, () =>
        event(
          pick(["a", "b", "c"]),
          Math.floor(random() * 25),
          pick(["Ann", "Bob", "Cat", null]),
          random() < 0.1 ? { stated: person("Said") } : {},
        ),
      );
      const arrival = [...events].sort(() => random() - 0.5);
      const history = new History();
      const firstArrival = new Map<string, number>();
      let sent = 0;
      while (sent < arrival.length) {
        const size = 1 + Math.floor(random() * 6);
        const batch = arrival.slice(sent, sent + size);
        sent += batch.length;
        batch.forEach((e, i) => firstArrival.set(e.eventId, sent - batch.length + i));
        // A retry of an earlier batch's event within this one: not stored again.
        const retry = sent > size && random() < 0.3 ? arrival[Math.floor(random() * (sent - batch.length))]! : undefined;
        expect(history.store(retry ? [...batch, { ...retry }] : batch)).toEqual(retry ? [batch.length] : []);
      }
      expect(history.rows).toHaveLength(events.length);
      expect(misderivedPrevious(history.rows)).toEqual([]);
      // Each contact's assignments at one instant keep the order they arrived in, ranked 0, 1...
      const byInstant = new Map<string, Row[]>();
      for (const row of history.rows)
        byInstant.set(`${row.contactId}@${row.occurredAt}`, [...(byInstant.get(`${row.contactId}@${row.occurredAt}`) ?? []), row]);
      for (const rows of byInstant.values()) {
        const ranked = [...rows].sort(compareSteps);
        expect(ranked.map((r) => r.tieRank)).toEqual(ranked.map((_, i) => i));
        expect(ranked.map((r) => firstArrival.get(r.eventId))).toEqual(
          ranked.map((r) => firstArrival.get(r.eventId)).sort((x, y) => x! - y!),
        );
      }
    },
  );
});
