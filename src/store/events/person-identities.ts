// person_identities: each distinct person (id, name, email) a stream's stored events carry,
// kept by ingest, erasure and retention, and resolved into people by reports when they group
// by person (src/store/queries/people.ts, src/domain/person-identities.ts). A workspace has a few rows per person: reading
// them all costs far less than re-keying stored rows whenever two identities turn out to be
// one person.
import { foldName } from "../../domain/name-matching.ts";
import type { Person } from "../../domain/person.ts";
import { engineOf, transaction, type Database } from "../engine/database.ts";
import type { Param, SqlExecutor } from "../engine/sql.ts";
import { lockWorkspaceWrites } from "./workspace-writes.ts";

/** `email`: the agents of email events; `assignments`: the assignees of assignments. */
export type IdentityStream = "email" | "assignments";

// Where each stream's people are stored: the table and its person columns' prefix.
const CARRIERS: Record<IdentityStream, { table: string; prefix: string }> = {
  email: { table: "email_events", prefix: "agent" },
  assignments: { table: "assignments", prefix: "assignee" },
};

// 6 parameters a row.
const CHUNK = 500;

/** Adds the identities of these people (null: nobody) that the workspace's stream does not have yet; the caller holds the workspace's write lock. */
export async function addIdentities(
  tx: SqlExecutor,
  workspaceId: string,
  stream: IdentityStream,
  people: Iterable<Person | null>,
): Promise<void> {
  // Runs for every event of a bulk ingest: one key string per row, an array per distinct one.
  const rows = new Map<string, Param[]>();
  for (const p of people) {
    if (p === null) continue;
    const [id, name, email] = [p.id ?? "", p.name ?? "", p.email ?? ""];
    // NUL cannot occur in the parts (validated text).
    const key = `${id}\u0000${name}\u0000${email}`;
    // The folded name is what person filters match names on (src/store/queries/filter-sql.ts).
    if (!rows.has(key)) rows.set(key, [workspaceId, stream, id, name, email, foldName(name)]);
  }
  const all = [...rows.values()];
  for (let start = 0; start < all.length; start += CHUNK) {
    const chunk = all.slice(start, start + CHUNK);
    // Once each: ingest holds the workspace's write lock (no unique key: see prisma/models.prisma).
    await tx.run(
      `WITH batch(workspace_id, stream, person_id, person_name, person_email, person_name_folded) AS (VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")})
       INSERT INTO person_identities (workspace_id, stream, person_id, person_name, person_email, person_name_folded)
       SELECT * FROM batch WHERE NOT EXISTS (
         SELECT 1 FROM person_identities p WHERE p.workspace_id = batch.workspace_id AND p.stream = batch.stream
           AND p.person_id = batch.person_id AND p.person_name = batch.person_name AND p.person_email = batch.person_email)`,
      chunk.flat(),
    );
  }
}

/** `EXISTS`: a row of the stream's table (as `alias`, also matching `extra`) carries the identity. */
function carried(stream: IdentityStream, alias: string, extra = ""): string {
  const { table, prefix } = CARRIERS[stream];
  return `EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.workspace_id = person_identities.workspace_id
    AND COALESCE(${alias}.${prefix}_id, '') = person_identities.person_id
    AND COALESCE(${alias}.${prefix}_name, '') = person_identities.person_name
    AND COALESCE(${alias}.${prefix}_email, '') = person_identities.person_email${extra})`;
}

/** Rows of a stream's table, as SQL over a table alias (never NULL: NOT must mean "the other rows"). */
export type RowCondition = (alias: string) => { sql: string; params: Param[] };

/**
 * WHERE of a deletion from person_identities: the stream's identities carried by rows that
 * match `doomed` and by no other row, i.e. those that deleting those rows leaves dangling.
 * Runs before the rows' own deletion (an erasure counts it in a dry run alike). The doomed
 * rows' identities are read once (through `doomed`'s index), and only those are looked for
 * among the other rows.
 */
export function identitiesOnlyIn(stream: IdentityStream, workspaceId: string, doomed: RowCondition): { where: string; params: Param[] } {
  const { table, prefix } = CARRIERS[stream];
  const inside = doomed("doomed");
  const outside = doomed("kept");
  return {
    where: `workspace_id = ? AND stream = ?
      AND (person_id, person_name, person_email) IN (
        SELECT COALESCE(doomed.${prefix}_id, ''), COALESCE(doomed.${prefix}_name, ''), COALESCE(doomed.${prefix}_email, '')
        FROM ${table} doomed WHERE doomed.workspace_id = ? AND ${inside.sql})
      AND NOT ${carried(stream, "kept", ` AND NOT ${outside.sql}`)}`,
    params: [workspaceId, stream, workspaceId, ...inside.params, ...outside.params],
  };
}

/** The workspace's identities that no stored row of their stream carries (SQL after WHERE). */
function dangling(): string {
  const streams = Object.keys(CARRIERS) as IdentityStream[];
  return `workspace_id = ? AND (${streams.map((s) => `(stream = '${s}' AND NOT ${carried(s, "c")})`).join(" OR ")})`;
}

/**
 * Deletes the workspace's identities that no stored row carries any more (after retention).
 * Looked for first without the write lock, as there usually are none; a dangling identity is
 * a scan of its stream's rows (SQLite: ~200 ms per 180,000 email events), under the lock only
 * for those found, checked again there.
 */
export async function pruneIdentities(db: Database, workspaceId: string): Promise<number> {
  const found = await engineOf(db).sql.query<{ id: number }>(`SELECT id FROM person_identities WHERE ${dangling()}`, [workspaceId]);
  if (found.length === 0) return 0;
  const ids = found.map((f) => Number(f.id));
  return transaction(db, async (tx) => {
    await lockWorkspaceWrites(tx, workspaceId);
    return tx.run(`DELETE FROM person_identities WHERE id IN (${ids.map(() => "?").join(", ")}) AND ${dangling()}`, [...ids, workspaceId]);
  });
}
