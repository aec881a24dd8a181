// The workspace's `assignment_writers` row (PostgreSQL; migration 0013): the lock that lets
// one writer of the workspace's events in at a time across replicas, and the id of the last
// transaction that changed its assignments, which tells a replica whether its memory of them
// still holds (src/store/events/latest-assignments.ts). SQLite needs neither: its write lock lets one
// transaction in at a time, and PRAGMA data_version tells of other connections' commits.
import type { SqlExecutor } from "../engine/sql.ts";

/**
 * PostgreSQL: one writer of the workspace's events at a time, until the transaction ends.
 * Every ingest holds it: each checks its ids against both streams' tables and derives
 * previous assignees from the stored history, so two at once would each miss what the other
 * has not committed. Retention and erasure take it before deleting assignments. Take it before
 * the email lock (lockEmailConversations), as ingest does. Returns the workspace's last
 * assignment writer (PostgreSQL), null on SQLite.
 */
export async function lockWorkspaceWrites(tx: SqlExecutor, workspaceId: string): Promise<string | null> {
  if (tx.dialect === "sqlite") return null;
  // FOR UPDATE, not an upsert: ingest takes the lock up to three times a transaction, and
  // locking again a row it holds writes nothing (each upsert left a dead row version).
  const locked = async () =>
    (
      await tx.query<{ last_writer: string }>("SELECT last_writer FROM assignment_writers WHERE workspace_id = ? FOR UPDATE", [workspaceId])
    )[0];
  let row = await locked();
  if (row === undefined) {
    // The workspace's first write: the row names our own id (no earlier writer). A replica
    // creating it at the same moment wins; then its row is the one locked.
    await tx.run(
      "INSERT INTO assignment_writers (workspace_id, last_writer) VALUES (?, txid_current()) ON CONFLICT (workspace_id) DO NOTHING",
      [workspaceId],
    );
    row = await locked();
  }
  return String(row!.last_writer);
}

/** PostgreSQL, under lockWorkspaceWrites: this transaction changed the workspace's assignments. Returns its id. */
export async function stampAssignmentWrite(tx: SqlExecutor, workspaceId: string): Promise<string> {
  const [row] = await tx.query<{ last_writer: string }>(
    "UPDATE assignment_writers SET last_writer = txid_current() WHERE workspace_id = ? RETURNING last_writer",
    [workspaceId],
  );
  return String(row!.last_writer);
}
