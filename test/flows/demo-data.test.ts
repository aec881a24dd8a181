import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TIME_ZONE, DEMO_WORKSPACE_ID, demoEnd, generateDemoEvents, type RawInboxEvent } from "../../src/demo/demo-data.ts";
import { loadDemo } from "../../src/demo/load-demo.ts";
import { SOURCES } from "../../src/domain/sources.ts";
import { parseEvent } from "../../src/ingest/event-schemas.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

// A Wednesday afternoon; 120 days back reaches into November, across a clock change.
const END = new Date("2026-03-18T14:00:00Z");
const DAY_MS = 24 * 3600 * 1000;

const generate = (options: { end?: Date; days?: number } = {}) => [
  ...generateDemoEvents({ workspaceId: DEMO_WORKSPACE_ID, end: END, ...options }),
];

type Assignment = Extract<RawInboxEvent, { type: "assignment" }>;
type Email = Exclude<RawInboxEvent, Assignment>;

const events = generate();
const assignments = events.filter((e): e is Assignment => e.type === "assignment");
const emails = events.filter((e): e is Email => e.type !== "assignment");
const paris = (iso: string) => DateTime.fromISO(iso, { zone: DEMO_TIME_ZONE });

/** Events per Paris calendar day, split into weekdays and weekend days. */
function perDay(items: readonly RawInboxEvent[]): { weekday: number[]; weekend: number[] } {
  const counts = new Map<string, number>();
  for (const e of items) {
    const day = paris(e.occurredAt).toISODate()!;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const split = { weekday: [] as number[], weekend: [] as number[] };
  for (const [day, n] of counts) (DateTime.fromISO(day).weekday <= 5 ? split.weekday : split.weekend).push(n);
  return split;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("demo data: the generator", () => {
  it("is deterministic: the same inputs give the same events", () => {
    expect(generate()).toEqual(events);
    expect(events.length).toBeGreaterThan(20_000);
  });

  it("gives a different data set for another seed", () => {
    const other = [...generateDemoEvents({ workspaceId: DEMO_WORKSPACE_ID, end: END, days: 3, seed: 7 })];
    expect(other.map((e) => e.id)).not.toEqual(generate({ days: 3 }).map((e) => e.id));
  });

  it("produces only events that pass the public contract, with unique ids", () => {
    const failures = events.flatMap((e) => {
      const parsed = parseEvent(e);
      return parsed.ok ? [] : [{ id: e.id, errors: parsed.errors }];
    });
    expect(failures.slice(0, 3)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.occurredAt.endsWith("Z"))).toBe(true);
  });

  it("streams in time order, before the end, over 90+ days", () => {
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
    expect(times.at(-1)!).toBeLessThan(END.getTime());
    expect(new Set(events.map((e) => paris(e.occurredAt).toISODate())).size).toBeGreaterThanOrEqual(90);
  });

  it("uses all ten sources, workflow and user most, zapier and click-to-chat ads rarely", () => {
    const bySource = new Map<string, number>();
    for (const a of assignments) bySource.set(a.source, (bySource.get(a.source) ?? 0) + 1);
    expect([...bySource.keys()].sort()).toEqual([...SOURCES].sort());
    const ranked = [...bySource].sort((a, b) => b[1] - a[1]).map(([source]) => source);
    expect(ranked.slice(0, 2).sort()).toEqual(["user", "workflow"]);
    expect(bySource.get("zapier")! / assignments.length).toBeLessThan(0.02);
    expect(bySource.get("click_to_chat_ad")! / assignments.length).toBeLessThan(0.02);
  });

  it("sets assignedBy only for the user source, unassigns on close_conversation", () => {
    expect(assignments.filter((a) => a.assignedBy !== undefined && a.source !== "user")).toEqual([]);
    expect(assignments.filter((a) => a.source === "user" && a.assignedBy === undefined)).toEqual([]);
    expect(assignments.filter((a) => (a.assignee === null) !== (a.source === "close_conversation"))).toEqual([]);
    const given = assignments.filter((a) => a.previousAssignee !== undefined).length;
    expect(given).toBeGreaterThan(0);
    expect(given / assignments.length).toBeLessThan(0.2);
  });

  it("imports contacts in a few bursts", () => {
    const importDays = new Set(assignments.filter((a) => a.source === "contact_import").map((a) => paris(a.occurredAt).toISODate()));
    expect(importDays.size).toBeGreaterThanOrEqual(2);
    expect(importDays.size).toBeLessThanOrEqual(6);
  });

  it("is busy on weekdays (150-400 assignments), about a fifth of that on weekends", () => {
    const { weekday, weekend } = perDay(assignments);
    expect(median(weekday)).toBeGreaterThanOrEqual(150);
    expect(median(weekday)).toBeLessThanOrEqual(400);
    const ratio = average(weekend) / average(weekday);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(0.35);
  });

  it("happens mostly in Paris office hours", () => {
    const inOffice = assignments.filter((a) => {
      const hour = paris(a.occurredAt).hour;
      return hour >= 9 && hour < 17;
    });
    expect(inOffice.length / assignments.length).toBeGreaterThan(0.6);
    expect(inOffice.length / assignments.length).toBeLessThan(0.95);
  });

  it("has 8+ agents and hundreds to thousands of contacts, odd names included", () => {
    expect(new Set(assignments.flatMap((a) => (a.assignee?.email ? [a.assignee.email] : []))).size).toBeGreaterThanOrEqual(8);
    const names = new Map(assignments.map((a) => [a.contact.id, a.contact.name]));
    expect(names.size).toBeGreaterThan(300);
    expect(names.size).toBeLessThan(5000);
    expect([...names.values()]).toContain("<!channel> *Bob* & Co");
    expect([...names.values()].filter((n) => n !== undefined && /[À-ÿ]/.test(n as string)).length).toBeGreaterThan(10);
  });

  it("writes 40-120 customer emails a weekday; ~85% closed, a few reopened or never answered", () => {
    const received = emails.filter((e) => e.type === "email.received");
    const { weekday } = perDay(received);
    expect(median(weekday)).toBeGreaterThanOrEqual(40);
    expect(median(weekday)).toBeLessThanOrEqual(120);

    const threads = new Map<string, Email[]>();
    for (const e of emails) threads.set(e.threadId, [...(threads.get(e.threadId) ?? []), e]);
    const share = (test: (thread: Email[]) => boolean) => [...threads.values()].filter(test).length / threads.size;
    const closed = share((t) => t.some((e) => e.type === "email.closed"));
    expect(closed).toBeGreaterThan(0.78);
    expect(closed).toBeLessThan(0.92);
    expect(share((t) => t.some((e) => e.type === "email.reopened"))).toBeGreaterThan(0.01);
    expect(share((t) => !t.some((e) => e.type === "email.replied" && e.automatic !== true))).toBeGreaterThan(0.01);
    expect(emails.some((e) => e.type === "email.replied" && e.automatic === true)).toBe(true);

    const threadsPerCustomer = new Map<string, number>();
    for (const e of received) threadsPerCustomer.set(e.customer.email, (threadsPerCustomer.get(e.customer.email) ?? 0) + 1);
    expect([...threadsPerCustomer.values()].filter((n) => n > 1).length).toBeGreaterThan(100);
  });

  it("answers later when the email arrives outside office hours", () => {
    const firstReply = new Map<string, number>();
    for (const e of emails) {
      if (e.type === "email.replied" && e.automatic !== true && !firstReply.has(e.threadId)) {
        firstReply.set(e.threadId, Date.parse(e.occurredAt));
      }
    }
    const waits = { office: [] as number[], away: [] as number[] };
    const seen = new Set<string>();
    for (const e of emails) {
      if (e.type !== "email.received" || seen.has(e.threadId) || !firstReply.has(e.threadId)) continue;
      seen.add(e.threadId);
      const at = paris(e.occurredAt);
      const office = at.weekday <= 5 && at.hour >= 9 && at.hour < 17;
      (office ? waits.office : waits.away).push(firstReply.get(e.threadId)! - at.toMillis());
    }
    expect(median(waits.away)).toBeGreaterThan(2 * median(waits.office));
  });
});

describe("demo data: later runs agree with earlier ones", () => {
  /** Every event of `before` is in `after`, unchanged; what `after` adds happens at or after `end`. */
  function expectExtends(before: RawInboxEvent[], after: RawInboxEvent[], end: Date) {
    const byId = new Map(after.map((e) => [e.id, e]));
    expect(before.filter((e) => JSON.stringify(byId.get(e.id)) !== JSON.stringify(e))).toEqual([]);
    const known = new Set(before.map((e) => e.id));
    const added = after.filter((e) => !known.has(e.id));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((e) => Date.parse(e.occurredAt) < end.getTime())).toEqual([]);
  }

  it("rounds a run's end down to the hour, so runs within an hour are identical", () => {
    expect(demoEnd(new Date("2026-03-18T14:59:59.999Z"))).toEqual(END);
    expect(demoEnd(new Date("2026-03-18T14:00:00.000Z"))).toEqual(END);
  });

  it("a run later the same day only adds what happened in between", () => {
    const morning = new Date("2026-03-18T08:00:00Z");
    expectExtends(generate({ end: morning, days: 20 }), generate({ days: 20 }), morning);
  });

  it("a run the next day only adds the new events", () => {
    const nextDay = new Date(END.getTime() + DAY_MS);
    expectExtends(generate({ days: 20 }), generate({ end: nextDay, days: 21 }), END);
  });
});

describe("demo data: loading", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("stores everything once; a second run stores nothing; the next day adds only the new", async () => {
    const workspaceId = "TDEMOTEST";
    const first = await loadDemo(db, { workspaceId, end: END, days: 10 });
    expect(first.events).toBeGreaterThan(1000);
    expect(first).toMatchObject({ stored: first.events, alreadyThere: 0 });
    expect(first.byType.assignment.stored).toBeGreaterThan(0);
    expect(first.byType["email.closed"].stored).toBeGreaterThan(0);

    const again = await loadDemo(db, { workspaceId, end: END, days: 10 });
    expect(again).toMatchObject({ events: first.events, stored: 0, alreadyThere: first.events });

    const nextDay = await loadDemo(db, { workspaceId, end: new Date(END.getTime() + DAY_MS), days: 11 });
    expect(nextDay.stored).toBeGreaterThan(0);
    expect(nextDay.alreadyThere).toBe(first.events);

    const workspace = await db.raw.prisma.workspace.findUnique({ where: { id: workspaceId } });
    expect(workspace?.timeZone).toBe(DEMO_TIME_ZONE);
    const [row] = await db.raw.sql.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM email_conversations WHERE workspace_id = ?", [
      workspaceId,
    ]);
    expect(Number(row!.n)).toBeGreaterThan(100);
  });
});
