// A workspace's event writes: its write lock, and the one writer of its assignments, which
// stores them with their derived previous assignees (src/domain/assignment-history.ts) and
// rewrites the stored ones that a late batch changes.
//
// The lock is the workspace's `assignment_writers` row (PostgreSQL; migration 0013): one writer
// of the workspace's events at a time across replicas. Every ingest holds it: each checks its
// ids against both streams' tables and derives previous assignees from the stored history, so
// two at once would each miss what the other has not committed. Retention and erasure take it
// before deleting assignments. Take it before the email lock (lockEmailConversations), as
// ingest does. SQLite needs none: its write lock lets one transaction in at a time. Within a
// process, ingests queue for their turn before they take it (write-turns.ts).
//
// The writer remembers each contact's recent stored assignments (those of the last 48 hours
// before its latest, at most 64), per database object and workspace, so that a batch does not
// look every contact up again, nor read the history that a late batch is merged into.
// Measured: the latest alone (bench ingest-sqlite and ingest-postgres, 2026-12-07, same-run raw
// baselines): 2.04x raw with it, 2.66x without on SQLite; 1.69x COPY with it, 3.03x without on
// PostgreSQL: the 2.5x target needs it. The recent history (the requests of bench
// ingest-out-of-order sent one at a time in process, 100,000 events, alternated, load 7-11):
// PostgreSQL 13,175 ev/s against 5,668 with the latest alone, p99 108 ms against 264, the
// most late requests 35 ms against 105; SQLite 11,267 against 9,874 ev/s. A workspace's
// memory is trusted only while a stamp says its assignments are as this writer left them:
// - SQLite: PRAGMA data_version (another connection committed: Prisma, another process) and
//   total_changes() (rows changed by any other statement of this connection);
// - PostgreSQL: assignment_writers.last_writer, the id of the last transaction that changed
//   the workspace's assignments (stamped here by every ingest as it takes the lock, by
//   triggers for updates and deletes: migration 0013), read under the lock.
// A transaction clears the stamp and sets it once it has committed: after a rollback nothing
// it wrote is trusted.
import { compareSteps, earliestByContact, placeBatch, type StoredAround, type StoredStep } from "../../domain/assignment-history.ts";
import type { Person } from "../../domain/person.ts";
import { transaction, type Database } from "../engine/database.ts";
import type { SqlExecutor } from "../engine/sql.ts";
import { inTurn } from "./write-turns.ts";
import { assignmentsAround, insertAssignments, latestAssignments, setPreviousAssignees, type NewAssignment } from "./assignments.ts";

/** PostgreSQL: one writer of the workspace's events at a time, until the transaction ends. */
export async function lockWorkspaceWrites(tx: SqlExecutor, workspaceId: string): Promise<void> {
  if (tx.dialect === "sqlite") return;
  // FOR UPDATE, not an upsert: locking again a row the transaction holds writes nothing (each
  // upsert left a dead row version).
  await onWritersRow(tx, workspaceId, () => tx.query("SELECT 1 FROM assignment_writers WHERE workspace_id = ? FOR UPDATE", [workspaceId]));
}

/** The first row `query` returns on the workspace's writers row, creating that row on the workspace's first write. */
async function onWritersRow<R>(tx: SqlExecutor, workspaceId: string, query: () => Promise<R[]>): Promise<R> {
  let [row] = await query();
  if (row === undefined) {
    await createWritersRow(tx, workspaceId);
    [row] = await query();
  }
  return row!;
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
  const row = await onWritersRow(tx, workspaceId, stamp);
  // On the workspace's first write, `before` is our own id, which no memory holds.
  return { before: String(row.before), ours: String(row.ours) };
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
 * undefined to derive it (previousDerived says which; a retried row keeps what its first try set). The writer fills in the rest and inserts the object it was
 * handed: no copy per event. (The ingest creates it with every field, one object shape.)
 */
export type IncomingAssignment = Omit<NewAssignment, "previousAssignee" | "previousDerived" | "tieRank"> & {
  previousAssignee: Person | null | undefined;
  previousDerived: boolean;
  tieRank?: number;
};

export interface AssignmentWriter {
  /** Stores the assignments (ids unique within the call); per assignment, whether it was new. */
  store(assignments: IncomingAssignment[]): Promise<boolean[]>;
}

/**
 * Runs `work` in one transaction that holds the workspace's write lock, with the writer of
 * its assignments; in this process, after the workspace's earlier writes (write-turns.ts).
 */
export async function writeWorkspaceEvents<T>(
  db: Database,
  workspaceId: string,
  work: (tx: SqlExecutor, assignments: AssignmentWriter) => Promise<T>,
): Promise<T> {
  let latest = memories.get(db);
  if (latest === undefined) memories.set(db, (latest = new RecentAssignments()));
  const remembered = latest;
  let committed: { memory: WorkspaceMemory; stamp: string } | undefined;
  const result = await inTurn(db, workspaceId, () =>
    transaction(db, async (tx) => {
      // PostgreSQL stamps up front, whether or not assignments are stored: one statement.
      const pg = tx.dialect === "sqlite" ? null : await lockAndStamp(tx, workspaceId);
      const memory = remembered.take(workspaceId, pg ? pg.before : await sqliteStamp(tx));
      const value = await work(tx, {
        store: (assignments) => storeAssignments(tx, workspaceId, assignments, remembered, memory),
      });
      committed = { memory, stamp: pg ? pg.ours : await sqliteStamp(tx) };
      return value;
    }),
  );
  committed!.memory.stamp = committed!.stamp;
  return result;
}

async function storeAssignments(
  tx: SqlExecutor,
  workspaceId: string,
  assignments: IncomingAssignment[],
  latest: RecentAssignments,
  memory: WorkspaceMemory,
): Promise<boolean[]> {
  const around = await storedAround(tx, workspaceId, earliestByContact(assignments), latest, memory);
  const { placed, rewrites } = placeBatch(assignments, around);
  await setPreviousAssignees(tx, workspaceId, rewrites);
  latest.rewritten(around, rewrites);
  const rows = placed.map(({ position, previous, tieRank }): NewAssignment => {
    const row = assignments[position]!;
    if (row.previousDerived) row.previousAssignee = previous;
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
 * then are its assignments around that instant needed, remembered or else read.
 */
async function storedAround(
  tx: SqlExecutor,
  workspaceId: string,
  earliest: ReadonlyMap<string, number>,
  latest: RecentAssignments,
  memory: WorkspaceMemory,
): Promise<Map<string, StoredAround>> {
  const unknown = [...earliest.keys()].filter((contactId) => !memory.contacts.has(contactId));
  const read = await latestAssignments(tx, workspaceId, unknown);
  for (const contactId of unknown) latest.set(memory, contactId, read.get(contactId));

  const found = new Map<string, StoredAround>();
  const late = new Map<string, number>();
  for (const [contactId, at] of earliest) {
    const remembered = rememberedAround(memory.contacts.get(contactId)!, at);
    if (remembered) found.set(contactId, remembered);
    else late.set(contactId, at);
    if (!remembered || remembered.from.length > 0) memory.late = true;
  }
  for (const [contactId, around] of await assignmentsAround(tx, workspaceId, late)) {
    found.set(contactId, around);
    latest.readFrom(memory, contactId, around.from);
  }
  return found;
}

// ------------------------------------------------------------ the memory of recent assignments

/**
 * What is remembered of a contact: its latest stored assignments, in its order, up to
 * RECENT_MS before its latest and MAX_STEPS_A_CONTACT of them. Enough for a batch up to
 * that late (several senders, webhook retries) to be placed without reading its history.
 * Only once the workspace has had a late batch: until then, its latest alone (an import in
 * time order never needs more, and holding more cost a CSV import 11% more CPU).
 */
interface ContactMemory {
  /** A suffix of its history: nothing stored after steps[0] is missing. */
  steps: StoredStep[];
  /** The steps are all of its history. */
  whole: boolean;
}

/** How far back from a contact's latest assignment its history is remembered. */
const RECENT_MS = 48 * 3_600_000;
const MAX_STEPS_A_CONTACT = 64;
/** A bound on memory (~150 bytes a contact or step): past it, the memory starts over. */
const MAX_SIZE = 2_000_000;

/** The contact's stored assignments around `at` as the memory knows them, or undefined when it does not reach that far back. */
function rememberedAround(known: ContactMemory, at: number): StoredAround | undefined {
  const { steps } = known;
  const last = steps[steps.length - 1];
  if (last === undefined) return known.whole ? { before: null, from: [] } : undefined;
  if (last.occurredAt < at) return { before: last.assignee, from: [] };
  let first = steps.length - 1;
  while (first > 0 && steps[first - 1]!.occurredAt >= at) first--;
  if (first > 0) return { before: steps[first - 1]!.assignee, from: steps.slice(first) };
  return known.whole ? { before: null, from: steps.slice() } : undefined;
}

interface WorkspaceMemory {
  /** The stamp the contacts hold for; null while a transaction writes. */
  stamp: string | null;
  contacts: Map<string, ContactMemory>;
  /** Contacts and steps held. */
  size: number;
  /** A batch was late for a contact: recent history is kept from then on. */
  late: boolean;
}

class RecentAssignments {
  private workspaces = new Map<string, WorkspaceMemory>();
  private size = 0;

  /** The workspace's memory if `stamp` is the one it holds for, else a new one; untrusted until its transaction commits. */
  take(workspaceId: string, stamp: string): WorkspaceMemory {
    let memory = this.workspaces.get(workspaceId);
    if (memory?.stamp !== stamp) {
      this.size -= memory?.size ?? 0;
      memory = { stamp: null, contacts: new Map(), size: 0, late: false };
      this.workspaces.set(workspaceId, memory);
    }
    memory.stamp = null;
    return memory;
  }

  /** What the database said: `latest` is the contact's latest assignment (undefined: it has none). */
  set(memory: WorkspaceMemory, contactId: string, latest: StoredStep | undefined): void {
    memory.contacts.set(contactId, latest ? { steps: [latest], whole: false } : { steps: [], whole: true });
    this.grow(memory, latest ? 2 : 1);
  }

  /**
   * What the database said: `from` are all of the contact's assignments from some instant on
   * (so all those remembered). They replace the remembered steps: the rewrites of this batch
   * are made on them (rewritten).
   */
  readFrom(memory: WorkspaceMemory, contactId: string, from: readonly StoredStep[]): void {
    const known = memory.contacts.get(contactId)!;
    this.grow(memory, from.length - known.steps.length);
    known.steps = from.slice();
    known.whole = false;
    this.trim(memory, known);
  }

  /** The stored derived previous assignees just rewritten (of steps in `around`, which the memory shares). */
  rewritten(around: ReadonlyMap<string, StoredAround>, rewrites: readonly { eventId: string; previous: Person | null }[]): void {
    if (rewrites.length === 0) return;
    const steps = new Map<string, StoredStep>();
    for (const { from } of around.values()) for (const step of from) steps.set(step.eventId, step);
    for (const { eventId, previous } of rewrites) steps.get(eventId)!.previousAssignee = previous;
  }

  /** A row just stored, in its place among the contact's remembered steps (the row itself is remembered: no copy). */
  stored(memory: WorkspaceMemory, row: NewAssignment): void {
    const known = memory.contacts.get(row.contactId);
    // Unknown (the memory started over): left to the database.
    if (known === undefined) return;
    const { steps } = known;
    let at = steps.length;
    while (at > 0 && compareSteps(steps[at - 1]!, row) > 0) at--;
    if (at === steps.length) steps.push(row);
    else steps.splice(at, 0, row);
    this.grow(memory, 1);
    this.trim(memory, known);
  }

  private trim(memory: WorkspaceMemory, known: ContactMemory): void {
    const { steps } = known;
    const last = steps.length - 1;
    let drop = last;
    if (memory.late) {
      const since = steps[last]!.occurredAt - RECENT_MS;
      drop = Math.max(0, steps.length - MAX_STEPS_A_CONTACT);
      while (drop < last && steps[drop]!.occurredAt < since) drop++;
    }
    if (drop === 0) return;
    if (drop === 1) steps.shift();
    else steps.splice(0, drop);
    known.whole = false;
    memory.size -= drop;
    this.size -= drop;
  }

  private grow(memory: WorkspaceMemory, by: number): void {
    memory.size += by;
    if ((this.size += by) > MAX_SIZE) {
      this.workspaces = new Map();
      this.size = 0;
    }
  }
}

const memories = new WeakMap<Database, RecentAssignments>();

async function sqliteStamp(tx: SqlExecutor): Promise<string> {
  const [version] = await tx.query<{ data_version: number }>("PRAGMA data_version");
  const [changes] = await tx.query<{ n: number }>("SELECT total_changes() AS n");
  return `${version!.data_version}:${changes!.n}`;
}
