// Email events and thread ownership: the rows that email conversations are built from
// (src/store/events/conversations.ts).
import type { EmailEventType } from "../../domain/email-conversations.ts";
import type { Person } from "../../domain/person.ts";
import { insertRows, type Column } from "../engine/bulk-insert.ts";
import { inChunks, placeholders } from "../engine/chunks.ts";
import type { SqlExecutor } from "../engine/sql.ts";
import { addIdentities } from "./person-identities.ts";

export interface EmailEventRow {
  eventId: string;
  type: EmailEventType;
  occurredAt: number;
  threadId: string;
  customerEmail: string | null;
  customerName: string | null;
  agent: Person | null;
  automatic: boolean;
}

const EVENT_COLUMNS: Column[] = [
  { name: "workspace_id", type: "text" },
  { name: "event_id", type: "text" },
  { name: "type", type: "text" },
  { name: "occurred_at", type: "timestamp" },
  { name: "thread_id", type: "text" },
  { name: "customer_email", type: "text" },
  { name: "customer_name", type: "text" },
  { name: "agent_id", type: "text" },
  { name: "agent_name", type: "text" },
  { name: "agent_email", type: "text" },
  { name: "automatic", type: "boolean" },
];

/** Stores the events new to the workspace (and the agents they carry); per row, whether it was new. */
export async function insertEmailEvents(tx: SqlExecutor, workspaceId: string, rows: readonly EmailEventRow[]): Promise<boolean[]> {
  const stored = await insertRows(
    tx,
    "email_events",
    EVENT_COLUMNS,
    rows.map((r) => [
      workspaceId,
      r.eventId,
      r.type,
      r.occurredAt,
      r.threadId,
      r.customerEmail,
      r.customerName,
      r.agent?.id ?? null,
      r.agent?.name ?? null,
      r.agent?.email ?? null,
      r.automatic,
    ]),
    "event_id",
  );
  await addIdentities(
    tx,
    workspaceId,
    "email",
    rows.filter((_, i) => stored[i]).map((r) => r.agent),
  );
  return stored;
}

/**
 * A thread belongs to the customer of its first stored customer email; later claims are ignored.
 * Returns the threads claimed now.
 */
export async function claimThreads(tx: SqlExecutor, workspaceId: string, owners: ReadonlyMap<string, string>): Promise<string[]> {
  const threads = [...owners];
  const claimed = await insertRows(
    tx,
    "email_threads",
    [
      { name: "workspace_id", type: "text" },
      { name: "thread_id", type: "text" },
      { name: "customer_email", type: "text" },
    ],
    threads.map(([threadId, customer]) => [workspaceId, threadId, customer]),
    "thread_id",
    // A customer's further emails in a thread claim it again.
    { oftenExisting: true },
  );
  return threads.filter((_, i) => claimed[i]).map(([threadId]) => threadId);
}

/** The customer of each of these threads that has one. */
export async function ownersOfThreads(tx: SqlExecutor, workspaceId: string, threadIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(threadIds, (chunk) =>
    tx.query<{ thread_id: string; customer_email: string }>(
      `SELECT thread_id, customer_email FROM email_threads WHERE workspace_id = ? AND thread_id IN (${placeholders(chunk.length)})`,
      [workspaceId, ...chunk],
    ),
  );
  return new Map(rows.map((r) => [r.thread_id, r.customer_email]));
}

/** Each thread's earliest stored event (epoch ms). */
export async function earliestEventOfThreads(
  tx: SqlExecutor,
  workspaceId: string,
  threadIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await inChunks(threadIds, (chunk) =>
    tx.query<{ thread_id: string; at: number }>(
      `SELECT thread_id, MIN(occurred_at) AS at FROM email_events WHERE workspace_id = ? AND thread_id IN (${placeholders(chunk.length)}) GROUP BY thread_id`,
      [workspaceId, ...chunk],
    ),
  );
  return new Map(rows.map((r) => [r.thread_id, Number(r.at)]));
}
