// Each contact's latest stored assignment, remembered by the database handle that stores
// them, so that a bulk ingest does not look every contact up again (bench ingest-phases:
// 4.7 of 28 µs an event on SQLite, 8.8 of 39 on PostgreSQL). A workspace's memory is trusted
// only while a stamp says its assignments are as this handle left them:
// - SQLite: PRAGMA data_version (another connection committed: Prisma, another process) and
//   total_changes() (rows changed by any other statement of this connection);
// - PostgreSQL: assignment_writers.last_writer, the id of the last transaction that changed
//   the workspace's assignments (stamped by ingest here, by triggers for updates and deletes:
//   src/store/events/workspace-writes.ts).
// A transaction that writes clears the stamp until its commit: after a rollback nothing it
// wrote is trusted.
import type { Person } from "../../domain/person.ts";
import type { SqlExecutor } from "../engine/sql.ts";
import { lockWorkspaceWrites, stampAssignmentWrite } from "./workspace-writes.ts";

export interface LatestAssignment {
  occurredAt: number;
  /** Its place among the contact's assignments at the same instant (assignments.tie_rank). */
  tieRank: number;
  assignee: Person | null;
}

/** A bound on memory (~150 bytes a contact): past it, the memory starts over. */
const MAX_CONTACTS = 1_000_000;

interface WorkspaceMemory {
  /** The stamp the contacts hold for; null while a transaction writes. */
  stamp: string | null;
  /** Per contact: its latest assignment, or null when it has none. */
  contacts: Map<string, LatestAssignment | null>;
}

export class LatestAssignments {
  private workspaces = new Map<string, WorkspaceMemory>();
  private size = 0;

  /** The contact's latest assignment; null: it has none; undefined: not known here. */
  get(workspaceId: string, contactId: string): LatestAssignment | null | undefined {
    return this.workspaces.get(workspaceId)?.contacts.get(contactId);
  }

  /** What the database said (or what was just written): `latest` is the contact's latest. */
  set(workspaceId: string, contactId: string, latest: LatestAssignment | null): void {
    const memory = this.workspaces.get(workspaceId);
    // Dropped meanwhile (the bound): what is not remembered is looked up again.
    if (memory === undefined) return;
    if (!memory.contacts.has(contactId) && ++this.size > MAX_CONTACTS) {
      this.forgetAll();
      return;
    }
    memory.contacts.set(contactId, latest);
  }

  /** A row just stored: the contact's latest if it is after the one known (time, then rank). */
  stored(workspaceId: string, contactId: string, row: LatestAssignment): void {
    const contacts = this.workspaces.get(workspaceId)?.contacts;
    const known = contacts?.get(contactId);
    // Unknown: some stored assignment may be later; leave it to the database.
    if (known === undefined) return;
    if (known === null || row.occurredAt > known.occurredAt || (row.occurredAt === known.occurredAt && row.tieRank > known.tieRank)) {
      contacts!.set(contactId, row);
    }
  }

  /** Drops the workspace's memory unless its assignments are as this handle left them (PostgreSQL: takes the workspace's write lock). */
  async check(tx: SqlExecutor, workspaceId: string): Promise<void> {
    const now = await lockedStamp(tx, workspaceId);
    const memory = this.workspaces.get(workspaceId);
    if (memory?.stamp === now) return;
    this.size -= memory?.contacts.size ?? 0;
    this.workspaces.set(workspaceId, { stamp: now, contacts: new Map() });
  }

  /**
   * After this transaction's writes to the workspace's assignments (PostgreSQL: stamps them
   * as ours, for the other replicas): trusted again from its commit on.
   */
  async written(tx: SqlExecutor, workspaceId: string): Promise<void> {
    const memory = this.workspaces.get(workspaceId);
    if (memory !== undefined) memory.stamp = null;
    const stamp = await writtenStamp(tx, workspaceId);
    if (memory !== undefined) tx.onCommit(() => (memory.stamp = stamp));
  }

  private forgetAll(): void {
    this.workspaces = new Map();
    this.size = 0;
  }
}

async function lockedStamp(tx: SqlExecutor, workspaceId: string): Promise<string> {
  return tx.dialect === "sqlite" ? sqliteStamp(tx) : (await lockWorkspaceWrites(tx, workspaceId))!;
}

async function writtenStamp(tx: SqlExecutor, workspaceId: string): Promise<string> {
  return tx.dialect === "sqlite" ? sqliteStamp(tx) : stampAssignmentWrite(tx, workspaceId);
}

async function sqliteStamp(tx: SqlExecutor): Promise<string> {
  const [version] = await tx.query<{ data_version: number }>("PRAGMA data_version");
  const [changes] = await tx.query<{ n: number }>("SELECT total_changes() AS n");
  return `${version!.data_version}:${changes!.n}`;
}

const memories = new WeakMap<object, LatestAssignments>();

/**
 * The handle's memory, the workspace's part checked against the database. Call it inside
 * the transaction, before reading or writing the workspace's assignments.
 */
export async function latestAssignmentsOf(tx: SqlExecutor, workspaceId: string): Promise<LatestAssignments> {
  let memory = memories.get(tx.handle);
  if (memory === undefined) memories.set(tx.handle, (memory = new LatestAssignments()));
  await memory.check(tx, workspaceId);
  return memory;
}
