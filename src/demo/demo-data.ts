// Demo data for a support team in Paris: contact assignments and email conversations,
// as raw events in the public ingest contract (what POST /api/v1/events accepts).
//
// Why two runs always agree: every Paris calendar day is planned on its own, with a PRNG
// seeded by (workspace, seed, date) only, and every event id is (seed, date, index in
// that day's plan). A day's plan therefore never depends on when the demo runs, on `end`
// or on `days`: `end` only decides which of the planned events have happened yet (an
// email received this morning may have its reply planned for this afternoon, or next
// Monday). Two runs never produce two versions of one event; a later run adds exactly
// what "happened" in between: nothing when run again in the same hour (see demoEnd), the
// hours since then on the same day, the new day's events (and the replies and closes
// that came due) the next day.
import { mulberry32, type Rng } from "./random.ts";
import { DateTime } from "luxon";
import type { z } from "zod";
import type { Source } from "../domain/sources.ts";
import type { inboxEvent } from "../ingest/event-schemas.ts";

export const DEMO_WORKSPACE_ID = "TDEMO0001";
export const DEMO_TIME_ZONE = "Europe/Paris";
export const DEMO_DAYS = 120;
const DEMO_SEED = 42;

export interface DemoOptions {
  workspaceId: string;
  /** Events at or after this instant have not happened yet. */
  end: Date;
  days?: number;
  seed?: number;
}

/** One event as a client would send it (occurredAt as an ISO string with Z). */
export type RawInboxEvent = z.input<typeof inboxEvent>;

/**
 * The demo's `end` for a run at `now`: the start of the hour, so that runs within the
 * same hour generate exactly the same events and the second one stores nothing.
 */
export function demoEnd(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR);
}

/** The demo events from `days` Paris calendar days up to `end`, in time order (streamed). */
export function* generateDemoEvents(options: DemoOptions): Generator<RawInboxEvent> {
  const days = options.days ?? DEMO_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days: expected a whole number >= 1, got ${days}`);
  const end = options.end.getTime();
  const world = buildWorld(options.workspaceId, options.seed ?? DEMO_SEED);
  const lastDay = DateTime.fromMillis(end, { zone: DEMO_TIME_ZONE }).startOf("day");
  // Planned events that fall on a later day than the one being emitted (replies, closes).
  // Emitting in time order lets the ingest derive each contact's previous assignee.
  let pending: Planned[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const day = lastDay.minus({ days: back });
    pending.push(...planDay(world, day));
    pending.sort((a, b) => a.at - b.at);
    const until = Math.min(end, day.plus({ days: 1 }).toMillis());
    const due = pending.findIndex((p) => p.at >= until);
    const count = due === -1 ? pending.length : due;
    for (let i = 0; i < count; i++) yield pending[i]!.event;
    pending = pending.slice(count);
  }
}

// ---------------------------------------------------------------- randomness

/** An independent stream per purpose, so that changing one plan does not shift the others. */
function rngFor(...parts: (string | number)[]): Rng {
  let hash = 0x811c9dc5; // FNV-1a
  for (const char of parts.join("|")) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return mulberry32(hash);
}

function uniform<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let r = rng() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of entries) if ((r -= w) < 0) return item;
  return entries[entries.length - 1]![0];
}

function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const left = [...items];
  return Array.from({ length: Math.min(n, left.length) }, () => left.splice(Math.floor(rng() * left.length), 1)[0]!);
}

/** Rows of [share, from minutes, to minutes]; shares add up to 1. */
type DelayTable = readonly (readonly [number, number, number])[];

function delay(rng: Rng, table: DelayTable): number {
  let r = rng();
  const row = table.find(([share]) => (r -= share) < 0) ?? table[table.length - 1]!;
  return (row[1] + (row[2] - row[1]) * rng()) * MINUTE;
}

// ---------------------------------------------------------------- the team and its customers

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

interface Agent {
  id: string;
  name: string;
  email: string;
  lead: boolean;
  /** Relative share of new work (leads and the part-timer take less). */
  load: number;
}

const AGENTS: readonly Agent[] = (
  [
    ["Camille Martin", true, 0.6],
    ["Julien Moreau", true, 0.6],
    ["Léa Bernard", false, 1.3],
    ["Thomas Petit", false, 1.2],
    ["Chloé Dubois", false, 1.1],
    ["Hugo Laurent", false, 1],
    ["Manon Girard", false, 1],
    ["Lucas Fournier", false, 0.9],
    ["Inès Roux", false, 0.8],
    ["Nathan Lefèvre", false, 0.5],
  ] as const
).map(([name, lead, load], i) => ({
  id: `U0DEMO${String(i + 1).padStart(2, "0")}`,
  name,
  email: `${emailLocalPart(name)}@acme-support.example`,
  lead,
  load,
}));

const person = (agent: Agent) => ({ id: agent.id, name: agent.name, email: agent.email });

const FIRST_NAMES = [
  "Emma",
  "Louise",
  "Jade",
  "Alice",
  "Chloé",
  "Léa",
  "Manon",
  "Inès",
  "Zoé",
  "Anaïs",
  "Élodie",
  "Hélène",
  "Céline",
  "Agathe",
  "Maëlle",
  "Noémie",
  "Sarah",
  "Julie",
  "Claire",
  "Sophie",
  "Nadia",
  "Fatima",
  "Yasmine",
  "Aïcha",
  "Mei",
  "Olga",
  "Lucía",
  "Gabriel",
  "Raphaël",
  "Léo",
  "Louis",
  "Arthur",
  "Jules",
  "Adam",
  "Maël",
  "Noé",
  "Théo",
  "Hugo",
  "Mathis",
  "Antoine",
  "François",
  "Jérôme",
  "Stéphane",
  "Benoît",
  "Karim",
  "Mehdi",
  "Youssef",
  "Kevin",
  "Nicolas",
  "Pierre",
  "Olivier",
  "Marc",
  "David",
  "João",
  "Sebastián",
  "Björn",
  "Wei",
];
const LAST_NAMES = [
  "Martin",
  "Bernard",
  "Thomas",
  "Petit",
  "Robert",
  "Richard",
  "Durand",
  "Dubois",
  "Moreau",
  "Laurent",
  "Simon",
  "Michel",
  "Lefèvre",
  "Leroy",
  "Roux",
  "Bertrand",
  "Morel",
  "Fournier",
  "Girard",
  "Bonnet",
  "Dupont",
  "Lambert",
  "Fontaine",
  "Rousseau",
  "Vincent",
  "Müller",
  "Faure",
  "André",
  "Mercier",
  "Blanc",
  "Guérin",
  "Boyer",
  "Garnier",
  "Chevalier",
  "Legrand",
  "Gauthier",
  "Garcia",
  "Perrin",
  "Robin",
  "Clément",
  "Morin",
  "Henry",
  "Mathieu",
  "Masson",
  "Marchand",
  "Duval",
  "Dumont",
  "Lemaire",
  "Noël",
  "Meyer",
  "Dufour",
  "Brun",
  "Joly",
  "Rivière",
  "Brunet",
  "Barbier",
  "Arnaud",
  "Martínez",
  "Nguyễn",
  "Benali",
  "Haddad",
  "Kowalski",
  "Rossi",
  "Da Silva",
  "O'Brien",
  "Le Gall",
  "Ben Salah",
];
const MAIL_DOMAINS = ["gmail.example", "orange.example", "free.example", "laposte.example", "outlook.example", "yahoo.example"];

// Business customers, and one name that must be escaped before it reaches Slack mrkdwn.
const SPECIAL_CONTACTS = [
  { name: "<!channel> *Bob* & Co", email: "bob@bob-and-co.example" },
  { name: "Boulangerie Dupré & Fils", email: "contact@boulangerie-dupre.example" },
  { name: "Hôtel des Alpes", email: "reception@hotel-des-alpes.example" },
];

const CONTACTS = 3000;
/** Customers who write far more often than the others (the first ones of the list). */
const REGULARS = 40;

interface Contact {
  ref: { id: string; name?: string };
  customer?: { email: string; name?: string };
}

interface World {
  key: string;
  seed: number;
  contacts: Contact[];
  customers: NonNullable<Contact["customer"]>[];
}

/** "Éloïse Nguyễn" -> "eloise.nguyen". */
function emailLocalPart(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .split(/\s+/)
    .map((part) => part.replace(/[^a-z0-9]/g, ""))
    .join(".");
}

/** The contacts depend on the seed and workspace only: the same people every day. */
function buildWorld(workspaceId: string, seed: number): World {
  const key = `${workspaceId}|${seed}`;
  const rng = rngFor(key, "world");
  const emails = new Set<string>();
  const contacts = Array.from({ length: CONTACTS }, (_, i): Contact => {
    const id = `ct_${String(i + 1).padStart(5, "0")}`;
    const special = SPECIAL_CONTACTS[i];
    if (special !== undefined) {
      emails.add(special.email);
      return { ref: { id, name: special.name }, customer: special };
    }
    // Contacts known only by a phone number have no name (and no email).
    if (rng() < 0.02) return { ref: { id } };
    const name = `${uniform(rng, FIRST_NAMES)} ${uniform(rng, LAST_NAMES)}`;
    if (rng() < 0.33) return { ref: { id, name } };
    const local = emailLocalPart(name);
    const domain = uniform(rng, MAIL_DOMAINS);
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return { ref: { id, name }, customer: { email, name } };
  });
  const customers = contacts.flatMap((c) => (c.customer === undefined ? [] : [c.customer]));
  return { key, seed, contacts, customers };
}

// ---------------------------------------------------------------- time

/** Team hours, Paris time, by ISO weekday: a skeleton crew on Saturday, closed on Sunday. */
const OPENING_HOURS: Readonly<Record<number, readonly [number, number]>> = {
  1: [8.5, 18.5],
  2: [8.5, 18.5],
  3: [8.5, 18.5],
  4: [8.5, 18.5],
  5: [8.5, 18.5],
  6: [10, 16],
};
const LATE_UNTIL = 21;
const LATE_SHARE = 0.15;

/** Customers write mostly in office hours (Paris), some in the evening, few at night. */
const ARRIVALS_BY_HOUR = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2.5, 5, 9, 10, 10, 7, 7, 9, 9, 8, 6, 4, 3, 2.5, 2, 1.5, 1.2].map(
  (weight, hour) => [hour, weight] as const,
);

/** Relative volume by ISO weekday: weekends are about a fifth of a weekday. */
const DAY_FACTOR = [0, 1.15, 1.05, 1, 1, 0.9, 0.25, 0.15];

// Paris offsets are whole hours, so the weekday and hour of an instant are looked up once
// per UTC hour (luxon's time zone arithmetic was most of the generation time).
const clockByUtcHour = new Map<number, { weekday: number; hour: number }>();

/** The Paris weekday (ISO) and hour of day (with its fraction) of an instant. */
function parisClock(t: number): { weekday: number; hour: number } {
  const utcHour = Math.floor(t / HOUR);
  let clock = clockByUtcHour.get(utcHour);
  if (clock === undefined) {
    const time = DateTime.fromMillis(utcHour * HOUR, { zone: DEMO_TIME_ZONE });
    clock = { weekday: time.weekday, hour: time.hour };
    clockByUtcHour.set(utcHour, clock);
  }
  return { weekday: clock.weekday, hour: clock.hour + (t - utcHour * HOUR) / HOUR };
}

function teamAtWork(t: number): boolean {
  const { weekday, hour } = parisClock(t);
  const hours = OPENING_HOURS[weekday];
  return hours !== undefined && hour >= hours[0] && hour < hours[1];
}

/**
 * When an agent gets to something that came up at `t`: then if the team is at work,
 * else at the next opening plus the time it takes to work through the backlog. Some
 * agents stay late on weekdays. Hours are added as they are because clocks change on
 * Sunday night, when the team is off: a jump to "midnight" that lands an hour early or
 * late still lands before the next opening.
 */
function agentMoment(t: number, rng: Rng): number {
  for (let time = t; ; ) {
    const { weekday, hour } = parisClock(time);
    const hours = OPENING_HOURS[weekday];
    if (hours !== undefined) {
      if (hour < hours[0]) return time + (hours[0] - hour) * HOUR + rng() * 90 * MINUTE;
      if (hour < hours[1]) return time;
      if (weekday <= 5 && hour < LATE_UNTIL && rng() < LATE_SHARE) return time;
    }
    time += (24 - hour) * HOUR;
  }
}

function arrival(rng: Rng, d: Day): number {
  return d.hourStarts[weighted(rng, ARRIVALS_BY_HOUR)]! + rng() * HOUR;
}

// ---------------------------------------------------------------- one day's plan

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<RawInboxEvent, "id" | "occurredAt">;

interface Planned {
  at: number;
  event: RawInboxEvent;
}

interface Day {
  world: World;
  day: DateTime;
  /** yyyymmdd, for ids. */
  stamp: string;
  /** Epoch ms of each Paris hour of the day (a clock-change day repeats or skips one). */
  hourStarts: number[];
  roster: Agent[];
  leads: Agent[];
  /** This day's volume relative to an average weekday. */
  volume: number;
}

/** The events of one stream of one day, numbered in plan order: `demo-<seed>-<yyyymmdd>-<kind><n>`. */
class DayStream {
  readonly rng: Rng;
  readonly planned: Planned[] = [];
  private count = 0;

  constructor(
    private readonly d: Day,
    private readonly kind: "a" | "e",
  ) {
    this.rng = rngFor(d.world.key, d.stamp, kind);
  }

  add(at: number, body: EventBody): void {
    const whole = Math.floor(at / SECOND) * SECOND;
    const id = `demo-${this.d.world.seed}-${this.d.stamp}-${this.kind}${String(++this.count).padStart(5, "0")}`;
    const { type, ...fields } = body;
    this.planned.push({ at: whole, event: { type, id, occurredAt: new Date(whole).toISOString(), ...fields } as RawInboxEvent });
  }
}

function planDay(world: World, day: DateTime): Planned[] {
  const stamp = day.toFormat("yyyyMMdd");
  const rng = rngFor(world.key, stamp, "day");
  const leads = AGENTS.filter((a) => a.lead);
  const others = AGENTS.filter((a) => !a.lead);
  // Leads cover every weekday; others are off now and then. Weekends: one lead, two agents.
  const roster =
    day.weekday <= 5 ? [...leads, ...others.filter(() => rng() >= 0.06)] : [...sample(rng, leads, 1), ...sample(rng, others, 2)];
  const d: Day = {
    world,
    day,
    stamp,
    hourStarts: Array.from({ length: 24 }, (_, hour) => day.set({ hour }).toMillis()),
    roster,
    leads: roster.filter((a) => a.lead),
    volume: DAY_FACTOR[day.weekday]! * (0.8 + 0.4 * rng()),
  };
  const assignments = new DayStream(d, "a");
  const emails = new DayStream(d, "e");
  planAssignments(d, assignments);
  planEmails(d, emails);
  return [...assignments.planned, ...emails.planned];
}

function pickAgent(rng: Rng, agents: readonly Agent[]): Agent {
  return weighted(
    rng,
    agents.map((a) => [a, a.load] as const),
  );
}

// ---------------------------------------------------------------- assignments

const CONVERSATIONS_PER_WEEKDAY = 140;

/** How a contact's conversation first gets an assignee. */
const FIRST_SOURCE: readonly (readonly [Source, number])[] = [
  ["workflow", 44],
  ["user", 16],
  ["bot", 14],
  ["developer_api", 8],
  ["create", 6],
  ["unknown", 3],
  ["zapier", 1.5],
  ["click_to_chat_ad", 1.5],
];
const REASSIGN_SHARE = 0.3;
const REASSIGN_BY_WORKFLOW = 0.15;
/** Unassigned when the conversation is closed (the legacy source); the others keep their assignee. */
const UNASSIGN_SHARE = 0.33;
/** previousAssignee is usually left to the ingest, which derives it from the contact's history. */
const PREVIOUS_GIVEN = 0.25;
const REASSIGN_DELAY: DelayTable = [
  [0.7, 2, 30],
  [0.3, 30, 240],
];
const UNASSIGN_DELAY: DelayTable = [
  [0.5, 10, 120],
  [0.4, 120, 480],
  [0.1, 480, 2880],
];

function planAssignments(d: Day, s: DayStream): void {
  const count = Math.round(CONVERSATIONS_PER_WEEKDAY * d.volume);
  for (let i = 1; i <= count; i++) planContactConversation(d, s, `cv-${d.world.seed}-${d.stamp}-${i}`);
  // A CSV import with an assignee column, on the first Tuesday of each month.
  if (d.day.weekday === 2 && d.day.day <= 7) planImport(d, s);
}

function planContactConversation(d: Day, s: DayStream, conversationId: string): void {
  const { rng } = s;
  const contact = uniform(rng, d.world.contacts).ref;
  const source = weighted(rng, FIRST_SOURCE);
  let agent = pickAgent(rng, d.roster);
  let t = arrival(rng, d);
  // "User": the agent sent an outbound message and got the contact, so in working hours.
  if (source === "user") t = agentMoment(t, rng);
  const self = source === "user" ? { assignedBy: person(agent) } : {};
  s.add(t, { type: "assignment", conversationId, contact, assignee: person(agent), source, ...self });
  const previous = () => (rng() < PREVIOUS_GIVEN ? { previousAssignee: person(agent) } : {});

  if (rng() < REASSIGN_SHARE) {
    t = agentMoment(t + delay(rng, REASSIGN_DELAY), rng);
    const next = pickAgent(
      rng,
      d.roster.filter((a) => a !== agent),
    );
    const byWorkflow = rng() < REASSIGN_BY_WORKFLOW;
    // A lead hands the contact over, or the agent takes it.
    const by = rng() < 0.5 ? uniform(rng, d.leads) : next;
    s.add(t, {
      type: "assignment",
      conversationId,
      contact,
      ...previous(),
      assignee: person(next),
      ...(byWorkflow ? { source: "workflow" } : { source: "user", assignedBy: person(by) }),
    });
    agent = next;
  }
  if (rng() < UNASSIGN_SHARE) {
    t = agentMoment(t + delay(rng, UNASSIGN_DELAY), rng);
    s.add(t, { type: "assignment", conversationId, contact, ...previous(), assignee: null, source: "close_conversation" });
  }
}

function planImport(d: Day, s: DayStream): void {
  const { rng } = s;
  const rows = 150 + Math.floor(rng() * 350);
  const first = Math.floor(rng() * d.world.contacts.length);
  let t = d.hourStarts[10]! + rng() * 90 * MINUTE;
  for (let i = 0; i < rows; i++) {
    t += 100 + rng() * 400; // the importer works through the file row by row
    const contact = d.world.contacts[(first + i) % d.world.contacts.length]!.ref;
    s.add(t, { type: "assignment", contact, assignee: person(pickAgent(rng, d.roster)), source: "contact_import" });
  }
}

// ---------------------------------------------------------------- email

const THREADS_PER_WEEKDAY = 60;
const REGULAR_SHARE = 0.1;
/** Acknowledgements sent automatically (rather when nobody is at work): never a first response. */
const AUTO_REPLY_AT_WORK = 0.1;
const AUTO_REPLY_AWAY = 0.6;
const UNANSWERED_SHARE = 0.04;
const UNANSWERED_CLOSED = 0.75;
const FOLLOW_UP_SHARE = 0.25;
/** Of the answered threads; about 85% of all threads end closed. */
const CLOSED_SHARE = 0.87;
const OTHER_CLOSER_SHARE = 0.1;
const REOPEN_SHARE = 0.05;
const REOPEN_WITHOUT_AGENT = 0.3;
/** The customer writes again on a closed thread: a new conversation. */
const RETURN_SHARE = 0.06;
const REPLY_DELAY: DelayTable = [
  [0.55, 3, 60],
  [0.3, 60, 360],
  [0.12, 360, 1440],
  [0.03, 1440, 2880],
];
const CUSTOMER_DELAY: DelayTable = [
  [0.6, 20, 240],
  [0.4, 240, 2880],
];
const CLOSE_DELAY: DelayTable = [
  [0.5, 5, 120],
  [0.35, 120, 1440],
  [0.15, 1440, 4320],
];
const REOPEN_DELAY: DelayTable = [[1, 60, 4320]];
const RETURN_DELAY: DelayTable = [[1, 1440, 14400]];

function planEmails(d: Day, s: DayStream): void {
  const count = Math.round(THREADS_PER_WEEKDAY * d.volume);
  for (let i = 1; i <= count; i++) planThread(d, s, `th-${d.world.seed}-${d.stamp}-${i}`);
}

function planThread(d: Day, s: DayStream, threadId: string): void {
  const { rng } = s;
  const { customers } = d.world;
  const customer = rng() < REGULAR_SHARE ? customers[Math.floor(rng() * REGULARS)]! : uniform(rng, customers);
  const agent = pickAgent(rng, d.roster);
  const received = (at: number) => s.add(at, { type: "email.received", threadId, customer });
  const reply = (at: number) => s.add(at, { type: "email.replied", threadId, agent: person(agent) });
  const close = (at: number, by: Agent) => s.add(at, { type: "email.closed", threadId, agent: person(by) });

  let t = arrival(rng, d);
  do {
    received(t);
    if (rng() < (teamAtWork(t) ? AUTO_REPLY_AT_WORK : AUTO_REPLY_AWAY)) {
      s.add(t + (30 + 90 * rng()) * SECOND, { type: "email.replied", threadId, agent: person(agent), automatic: true });
    }
    if (rng() < UNANSWERED_SHARE) {
      // Spam, a "thank you": closed without an answer, or forgotten (which keeps the
      // customer's conversation open, so the next email of any thread continues it).
      if (rng() < UNANSWERED_CLOSED) close(agentMoment(t + delay(rng, CLOSE_DELAY), rng), agent);
      return;
    }
    t = agentMoment(t + delay(rng, REPLY_DELAY), rng);
    reply(t);
    while (rng() < FOLLOW_UP_SHARE) {
      t += delay(rng, CUSTOMER_DELAY);
      received(t);
      t = agentMoment(t + delay(rng, REPLY_DELAY), rng);
      reply(t);
    }
    if (rng() >= CLOSED_SHARE) return;
    t = agentMoment(t + delay(rng, CLOSE_DELAY), rng);
    close(t, rng() < OTHER_CLOSER_SHARE ? uniform(rng, d.leads) : agent);
    if (rng() < REOPEN_SHARE) {
      t = agentMoment(t + delay(rng, REOPEN_DELAY), rng);
      s.add(t, { type: "email.reopened", threadId, agent: rng() < REOPEN_WITHOUT_AGENT ? null : person(agent) });
      t = agentMoment(t + delay(rng, CLOSE_DELAY), rng);
      close(t, agent);
    }
    t += delay(rng, RETURN_DELAY);
  } while (rng() < RETURN_SHARE);
}
