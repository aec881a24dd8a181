// SQLite only: each contact's latest stored assignment, kept in memory by the connection
// that stores them, so that a bulk ingest does not look every contact up again (4.7 of 28 µs
// an event, bench ingest-phases). The memory is trusted only while nothing else changed the
// database: the stamp taken after our last write, PRAGMA data_version (changes when another
// connection commits: Prisma, another process) and total_changes() (rows changed by any
// statement of this connection), must still hold at the next use; else it is all dropped.
// A transaction that rolls back never promotes its stamp, so what it wrote is dropped too.
// PostgreSQL has no such memory: replicas write the same tables.
import type { Person } from "../domain/person.ts";
import type { SqlExecutor } from "./sql.ts";

export interface LatestAssignment {
  occurredAt: number;
  eventId: string;
  assignee: Person | null;
}

/** A bound on memory (~150 bytes a contact): past it, the memory starts over. */
const MAX_CONTACTS = 1_000_000;

export class LatestAssignments {
  /** Per workspace, per contact: its latest assignment, or null when it has none. */
  private byWorkspace = new Map<string, Map<string, LatestAssignment | null>>();
  private size = 0;
  private stamp: string | null = null;

  /** The contact's latest assignment; null: it has none; undefined: not known here. */
  get(workspaceId: string, contactId: string): LatestAssignment | null | undefined {
    return this.byWorkspace.get(workspaceId)?.get(contactId);
  }

  /** What the database said (or what was just written): `latest` is the contact's latest. */
  set(workspaceId: string, contactId: string, latest: LatestAssignment | null): void {
    let contacts = this.byWorkspace.get(workspaceId);
    if (contacts === undefined) this.byWorkspace.set(workspaceId, (contacts = new Map()));
    if (!contacts.has(contactId) && ++this.size > MAX_CONTACTS) {
      this.forget();
      return this.set(workspaceId, contactId, latest);
    }
    contacts.set(contactId, latest);
  }

  /** A row just stored: the contact's latest if it is after the one known (time, then id). */
  stored(workspaceId: string, contactId: string, row: LatestAssignment): void {
    const known = this.get(workspaceId, contactId);
    // Unknown: some stored assignment may be later; leave it to the database.
    if (known === undefined) return;
    if (known === null || row.occurredAt > known.occurredAt || (row.occurredAt === known.occurredAt && row.eventId > known.eventId)) {
      this.set(workspaceId, contactId, row);
    }
  }

  /** Drops everything unless the database is as this connection left it (an empty memory holds for any state). */
  async check(tx: SqlExecutor): Promise<void> {
    const now = await stampOf(tx);
    if (this.stamp === now) return;
    this.forget();
    this.stamp = now;
  }

  /** After this transaction's writes: trusted from its commit on (a rollback leaves the old stamp, which no longer holds). */
  async sealOnCommit(tx: SqlExecutor): Promise<void> {
    const stamp = await stampOf(tx);
    tx.onCommit(() => (this.stamp = stamp));
  }

  private forget(): void {
    this.byWorkspace = new Map();
    this.size = 0;
  }
}

async function stampOf(tx: SqlExecutor): Promise<string> {
  const [version] = await tx.query<{ data_version: number }>("PRAGMA data_version");
  const [changes] = await tx.query<{ n: number }>("SELECT total_changes() AS n");
  return `${version!.data_version}:${changes!.n}`;
}

// Keyed by the executor: for SQLite every transaction's is the database handle itself (its
// one connection). A wrapper that is a new object per transaction only loses the memory.
const memories = new WeakMap<SqlExecutor, LatestAssignments>();

/** This SQLite connection's memory, checked against the database; null on PostgreSQL. */
export async function latestAssignmentsOf(tx: SqlExecutor): Promise<LatestAssignments | null> {
  if (tx.dialect !== "sqlite") return null;
  let memory = memories.get(tx);
  if (memory === undefined) memories.set(tx, (memory = new LatestAssignments()));
  await memory.check(tx);
  return memory;
}
