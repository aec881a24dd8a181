// A workspace's event writes: its write lock, and the one writer of its assignments, which
// stores them with their derived previous assignees (src/domain/assignment-history.ts) and
// rewrites the stored ones that a late batch changes.
//
// The lock is the workspace's `assignment_writers` row (PostgreSQL; migration 0013): one writer
// of the workspace's events at a time across replicas. Every ingest holds it: each checks its
// ids against both streams' tables and derives previous assignees from the stored history, so
// two at once would each miss what the other has not committed. Retention and erasure take it
// before deleting assignments. Take it before the email lock (lockEmailConversations), as
// ingest does. SQLite needs none: its write lock lets one transaction in at a time.
//
// The writer remembers each contact's latest stored assignment, per database object and
// workspace, so that a batch does not look every contact up again (bench ingest-sqlite and
// ingest-postgres, 2026-12-07, same-run raw baselines: 2.04x raw with it, 2.66x without on
// SQLite; 1.69x COPY with it, 3.03x without on PostgreSQL: the 2.5x target needs it). A
// workspace's memory is trusted only while a stamp says its assignments are as this writer
// left them:
// - SQLite: PRAGMA data_version (another connection committed: Prisma, another process) and
//   total_changes() (rows changed by any other statement of this connection);
// - PostgreSQL: assignment_writers.last_writer, the id of the last transaction that changed
//   the workspace's assignments (stamped here by every ingest as it takes the lock, by
//   triggers for updates and deletes: migration 0013), read under the lock.
// A transaction clears the stamp and sets it once it has committed: after a rollback nothing
// it wrote is trusted.
import { earliestByContact, placeBatch, type HistoryStep, type StoredAround } from "../../domain/assignment-history.ts";
import type { Person } from "../../domain/person.ts";
import { transaction, type Database } from "../engine/database.ts";
import type { SqlExecutor } from "../engine/sql.ts";
import { assignmentsAround, insertAssignments, latestAssignments, setPreviousAssignees, type NewAssignment } from "./assignments.ts";

/** PostgreSQL: one writer of the workspace's events at a time, until the transaction ends. */
export async function lockWorkspaceWrites(tx: SqlExecutor, workspaceId: string): Promise<void> {
  if (tx.dialect === "sqlite") return;
  // FOR UPDATE, not an upsert: locking again a row the transaction holds writes nothing (each
  // upsert left a dead row version).
  const locked = () => tx.query("SELECT 1 FROM assignment_writers WHERE workspace_id = ? FOR UPDATE", [workspaceId]);
  if ((await locked()).length === 0) {
    await createWritersRow(tx, workspaceId);
    await locked();
  }
}

/**
 * PostgreSQL: takes the lock and stamps the workspace's assignments as this transaction's, in
 * one statement (one round trip fewer per ingest than a lock, then a stamp once written: 2
 * of a late batch's 12). Returns the stamp before and ours.
 */
async function lockAndStamp(tx: SqlExecutor, workspaceId: string): Promise<{ before: string; ours: string }> {
  const stamp = () =>
    tx.query<{ before: string; ours: string }>(
      `UPDATE assignment_writers w SET last_writer = txid_current()
       FROM (SELECT last_writer FROM assignment_writers WHERE workspace_id = ? FOR UPDATE) old
       WHERE w.workspace_id = ? RETURNING old.last_writer AS before, w.last_writer AS ours`,
      [workspaceId, workspaceId],
    );
  let [row] = await stamp();
  if (row === undefined) {
    await createWritersRow(tx, workspaceId);
    [row] = await stamp();
  }
  // On the workspace's first write, `before` is our own id, which no memory holds.
  return { before: String(row!.before), ours: String(row!.ours) };
}

/** The workspace's first write: its row names our own id. A replica creating it at the same moment wins; then its row is the one locked. */
async function createWritersRow(tx: SqlExecutor, workspaceId: string): Promise<void> {
  await tx.run(
    "INSERT INTO assignment_writers (workspace_id, last_writer) VALUES (?, txid_current()) ON CONFLICT (workspace_id) DO NOTHING",
    [workspaceId],
  );
}

/**
 * An assignment to store: its previous assignee as the sender stated it (null: none), or
 * undefined to derive it. The writer fills in the rest and inserts the object it was
 * handed: no copy per event. (The ingest creates it with every field, one object shape.)
 */
export type IncomingAssignment = Omit<NewAssignment, "previousAssignee" | "previousDerived" | "tieRank"> & {
  previousAssignee: Person | null | undefined;
  previousDerived?: boolean;
  tieRank?: number;
};

export interface AssignmentWriter {
  /** Stores the assignments (ids unique within the call); per assignment, whether it was new. */
  store(assignments: IncomingAssignment[]): Promise<boolean[]>;
}

/** Runs `work` in one transaction that holds the workspace's write lock, with the writer of its assignments. */
export async function writeWorkspaceEvents<T>(
  db: Database,
  workspaceId: string,
  work: (tx: SqlExecutor, assignments: AssignmentWriter) => Promise<T>,
): Promise<T> {
  let latest = memories.get(db);
  if (latest === undefined) memories.set(db, (latest = new LatestAssignments()));
  const remembered = latest;
  let committed: { memory: WorkspaceMemory; stamp: string } | undefined;
  const result = await transaction(db, async (tx) => {
    // PostgreSQL stamps up front, whether or not assignments are stored: one statement.
    const pg = tx.dialect === "sqlite" ? null : await lockAndStamp(tx, workspaceId);
    const memory = remembered.take(workspaceId, pg ? pg.before : await sqliteStamp(tx));
    const value = await work(tx, {
      store: (assignments) => storeAssignments(tx, workspaceId, assignments, remembered, memory),
    });
    committed = { memory, stamp: pg ? pg.ours : await sqliteStamp(tx) };
    return value;
  });
  committed!.memory.stamp = committed!.stamp;
  return result;
}

async function storeAssignments(
  tx: SqlExecutor,
  workspaceId: string,
  assignments: IncomingAssignment[],
  latest: LatestAssignments,
  memory: WorkspaceMemory,
): Promise<boolean[]> {
  const { placed, rewrites } = placeBatch(assignments, await storedAround(tx, workspaceId, earliestByContact(assignments), latest, memory));
  await setPreviousAssignees(tx, workspaceId, rewrites);
  const rows = placed.map(({ position, previous, tieRank }): NewAssignment => {
    const row = assignments[position]!;
    const derived = row.previousDerived ?? row.previousAssignee === undefined;
    row.previousDerived = derived;
    if (derived) row.previousAssignee = previous;
    row.tieRank = tieRank;
    return row as NewAssignment;
  });
  const flags = await insertAssignments(tx, workspaceId, rows);
  // Not placed (its id is stored: a retry): false.
  const stored: boolean[] = new Array(assignments.length).fill(false);
  placed.forEach(({ position }, i) => {
    stored[position] = flags[i]!;
    if (flags[i]) latest.stored(memory, rows[i]!);
  });
  return stored;
}

/**
 * Per contact, what is stored around the batch's earliest instant: its latest assignment
 * overall (remembered, else one index seek) tells whether the batch is late for it; only
 * then are its assignments around that instant read.
 */
async function storedAround(
  tx: SqlExecutor,
  workspaceId: string,
  earliest: ReadonlyMap<string, number>,
  latest: LatestAssignments,
  memory: WorkspaceMemory,
): Promise<Map<string, StoredAround>> {
  const unknown = [...earliest.keys()].filter((contactId) => !memory.contacts.has(contactId));
  const read = await latestAssignments(tx, workspaceId, unknown);
  for (const contactId of unknown) latest.set(memory, contactId, read.get(contactId) ?? null);

  const found = new Map<string, StoredAround>();
  const late = new Map<string, number>();
  for (const [contactId, at] of earliest) {
    const last = memory.contacts.get(contactId);
    if (!last || last.occurredAt < at) found.set(contactId, { before: last?.assignee ?? null, from: [] });
    else late.set(contactId, at);
  }
  for (const [contactId, around] of await assignmentsAround(tx, workspaceId, late)) found.set(contactId, around);
  return found;
}

// ------------------------------------------------------------ the memory of latest assignments

/** A bound on memory (~150 bytes a contact): past it, the memory starts over. */
const MAX_CONTACTS = 1_000_000;

interface WorkspaceMemory {
  /** The stamp the contacts hold for; null while a transaction writes. */
  stamp: string | null;
  /** Per contact: its latest assignment, or null when it has none. */
  contacts: Map<string, HistoryStep | null>;
}

class LatestAssignments {
  private workspaces = new Map<string, WorkspaceMemory>();
  private size = 0;

  /** The workspace's memory if `stamp` is the one it holds for, else a new one; untrusted until its transaction commits. */
  take(workspaceId: string, stamp: string): WorkspaceMemory {
    let memory = this.workspaces.get(workspaceId);
    if (memory?.stamp !== stamp) {
      this.size -= memory?.contacts.size ?? 0;
      memory = { stamp: null, contacts: new Map() };
      this.workspaces.set(workspaceId, memory);
    }
    memory.stamp = null;
    return memory;
  }

  /** What the database said: `latest` is the contact's latest assignment. */
  set(memory: WorkspaceMemory, contactId: string, latest: HistoryStep | null): void {
    if (!memory.contacts.has(contactId) && ++this.size > MAX_CONTACTS) {
      this.workspaces = new Map();
      this.size = 0;
    }
    memory.contacts.set(contactId, latest);
  }

  /** A row just stored: the contact's latest if it is after the one known (time, then rank). */
  stored(memory: WorkspaceMemory, row: NewAssignment): void {
    const known = memory.contacts.get(row.contactId);
    // Unknown: a later one may be stored; left to the database.
    if (known === undefined) return;
    if (known === null || row.occurredAt > known.occurredAt || (row.occurredAt === known.occurredAt && row.tieRank > known.tieRank))
      memory.contacts.set(row.contactId, { occurredAt: row.occurredAt, tieRank: row.tieRank, assignee: row.assignee });
  }
}

const memories = new WeakMap<Database, LatestAssignments>();

async function sqliteStamp(tx: SqlExecutor): Promise<string> {
  const [version] = await tx.query<{ data_version: number }>("PRAGMA data_version");
  const [changes] = await tx.query<{ n: number }>("SELECT total_changes() AS n");
  return `${version!.data_version}:${changes!.n}`;
}
