// Deterministic, realistic assignment traffic: ~50,000 contacts, ~40 agents, every
// source, strictly increasing timestamps. One generated "fact" per event is rendered
// three ways: the JSON-contract event (as JSON.parse would hand it to ingestEvents), the
// row the store should end up with (for the raw baselines), and a CSV export line.
import { mulberry32 } from "../../src/demo/random.ts";
import { randomUUID } from "node:crypto";
import { foldedOrNull } from "../../src/domain/name-matching.ts";
import { SOURCE_LABELS, type Source } from "../../src/domain/sources.ts";
import type { Param } from "../../src/store/engine/sql.ts";

export interface Agent {
  id: string;
  name: string;
  email: string;
}

export interface Fact {
  id: string;
  at: number;
  /** occurredAt as sent: mostly Z, some with a +02:00 offset (both are in the contract). */
  iso: string;
  conversationId: string | null;
  contactId: string;
  contactName: string | null;
  /** The true previous assignee (what derivation must find). */
  previous: Agent | null;
  /** Whether the sender states previousAssignee; most do not, so the derivation runs. */
  sendsPrevious: boolean;
  assignee: Agent | null;
  source: Source;
  assignedBy: Agent | null;
}

/** The `assignments` columns, in migration order: the baselines insert these. */
export const ASSIGNMENT_COLUMNS = [
  "workspace_id",
  "event_id",
  "occurred_at",
  "conversation_id",
  "contact_id",
  "contact_name",
  "previous_assignee_id",
  "previous_assignee_name",
  "previous_assignee_email",
  "assignee_id",
  "assignee_name",
  "assignee_email",
  "source",
  "assigned_by_id",
  "assigned_by_name",
  "assigned_by_email",
  "previous_assignee_derived",
  "contact_name_folded",
  "assigned_by_name_folded",
] as const;

// Weights roughly as an omnichannel inbox sees them: workflows and agents dominate.
const SOURCE_WEIGHTS: [Source, number][] = [
  ["workflow", 30],
  ["user", 25],
  ["bot", 10],
  ["developer_api", 10],
  ["zapier", 5],
  ["create", 5],
  ["contact_import", 5],
  ["close_conversation", 5],
  ["click_to_chat_ad", 3],
  ["unknown", 2],
];

const FIRST = ["Ana", "Ben", "Chloé", "Dev", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jon", "Kofi", "Lea", "Mei", "Nico"];
const LAST = ["Martin", "Okafor", "Dubois", "Silva", "Tanaka", "Nguyen", "Schmidt", "Rossi", "Khan", "Moreau"];

/** Seeded, so that every run and every bench sees the same traffic. */
export const rng = mulberry32;

export interface TrafficOptions {
  seed?: number;
  contacts?: number;
  agents?: number;
  /** Distinguishes event ids (and contacts) of warm-up traffic from measured traffic. */
  prefix?: string;
  startMs?: number;
  /** Share of events that state previousAssignee. */
  sendsPreviousShare?: number;
}

/**
 * Event ids: monotonic (snowflake/ULID-like, the default) or random UUIDs
 * (BENCH_IDS=uuid: harder on the primary-key B-tree, for both the path and its baseline).
 */
const randomIds = process.env.BENCH_IDS === "uuid";

export function* assignmentFacts(count: number, options: TrafficOptions = {}): Generator<Fact> {
  const random = rng(options.seed ?? 42);
  const contacts = options.contacts ?? 50_000;
  const prefix = options.prefix ?? "evt";
  const sendsPreviousShare = options.sendsPreviousShare ?? 0.1;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const agents: Agent[] = Array.from({ length: options.agents ?? 40 }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const ascii = `${first}.${last}.${i}`
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLowerCase();
    return { id: `agent-${i}`, name: `${first} ${last}`, email: `${ascii}@example.com` };
  });
  const totalWeight = SOURCE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const pickSource = (): Source => {
    let r = random() * totalWeight;
    for (const [source, weight] of SOURCE_WEIGHTS) if ((r -= weight) < 0) return source;
    return "workflow";
  };
  const current = new Map<number, Agent | null>();
  const conversations = new Map<number, number>();
  let at = options.startMs ?? Date.UTC(2026, 0, 5, 8, 0, 0);
  for (let i = 0; i < count; i++) {
    at += 1 + Math.floor(random() * 3000); // strictly increasing: derivation has one right answer
    const contact = Math.floor(random() * contacts);
    const source = pickSource();
    const assignee = source === "close_conversation" || random() < 0.05 ? null : pick(agents);
    if (random() < 0.15) conversations.set(contact, (conversations.get(contact) ?? 0) + 1);
    const offset = random() < 0.2;
    const fact: Fact = {
      id: randomIds ? randomUUID() : `${prefix}_${i.toString(36).padStart(8, "0")}`,
      at,
      iso: offset ? `${new Date(at + 2 * 3_600_000).toISOString().slice(0, 23)}+02:00` : new Date(at).toISOString(),
      conversationId: random() < 0.95 ? `${prefix}-conv-${contact}-${conversations.get(contact) ?? 0}` : null,
      contactId: `${prefix}-contact-${contact}`,
      contactName: contact % 10 === 0 ? null : `${FIRST[contact % FIRST.length]} ${LAST[Math.floor(contact / FIRST.length) % LAST.length]}`,
      previous: current.get(contact) ?? null,
      sendsPrevious: random() < sendsPreviousShare,
      assignee,
      source,
      assignedBy: source === "user" ? pick(agents) : null,
    };
    current.set(contact, assignee);
    yield fact;
  }
}

const person = (a: Agent | null) => (a === null ? null : { id: a.id, name: a.name, email: a.email });

/** The event as the API receives it after JSON.parse: fresh objects, optional fields omitted. */
export function toEvent(f: Fact): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type: "assignment",
    id: f.id,
    occurredAt: f.iso,
    contact: f.contactName === null ? { id: f.contactId } : { id: f.contactId, name: f.contactName },
    assignee: person(f.assignee),
    source: f.source,
  };
  if (f.conversationId !== null) event.conversationId = f.conversationId;
  if (f.sendsPrevious) event.previousAssignee = person(f.previous);
  if (f.assignedBy !== null) event.assignedBy = person(f.assignedBy);
  return event;
}

/** The row as the ingest service hands it to insertAssignments (for the phase split). */
/** The stored row, values in ASSIGNMENT_COLUMNS order (timestamps as epoch ms). */
function toRow(f: Fact, workspaceId: string): Param[] {
  return [
    workspaceId,
    f.id,
    f.at,
    f.conversationId,
    f.contactId,
    f.contactName,
    f.previous?.id ?? null,
    f.previous?.name ?? null,
    f.previous?.email ?? null,
    f.assignee?.id ?? null,
    f.assignee?.name ?? null,
    f.assignee?.email ?? null,
    f.source,
    f.assignedBy?.id ?? null,
    f.assignedBy?.name ?? null,
    f.assignedBy?.email ?? null,
    f.sendsPrevious ? 0 : 1,
    foldedOrNull(f.contactName),
    foldedOrNull(f.assignedBy?.name),
  ];
}

export const CSV_HEADER = "Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by";

const csvField = (value: string | null | undefined): string =>
  value === undefined ? "" : value === null ? "-" : /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/**
 * A line of the Assignments report's export: names for people, `-` for none, English source
 * labels. Previous assignee is left empty ("not given", src/ingest/csv-columns.ts) when the
 * event would omit it, so the import derives it as the API path does.
 */
export function toCsvLine(f: Fact): string {
  return [
    new Date(f.at).toISOString(),
    f.conversationId,
    f.contactId,
    f.contactName,
    f.sendsPrevious ? (f.previous?.name ?? null) : undefined,
    f.assignee?.name ?? null,
    SOURCE_LABELS[f.source],
    f.assignedBy?.name ?? null,
  ]
    .map(csvField)
    .join(",");
}

/** Events and their expected rows, generated up front so that timing covers only the write. */
export function generateTraffic(
  count: number,
  workspaceId: string,
  options: TrafficOptions = {},
): { events: Record<string, unknown>[]; rows: Param[][] } {
  const events: Record<string, unknown>[] = new Array(count);
  const rows: Param[][] = new Array(count);
  let i = 0;
  for (const fact of assignmentFacts(count, options)) {
    events[i] = toEvent(fact);
    rows[i++] = toRow(fact, workspaceId);
  }
  return { events, rows };
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
