// Migration 0015's data step: the folded copies of the names stored before it (ingest writes
// them since). SQL cannot fold accents alike on both databases, so each distinct name is folded
// here by foldName, as ingest does, and each table is then updated in one statement.
// src/store/migrate.ts runs it right after the migration's script, in the same transaction:
// the migration is recorded only once every row has its folded names.
import { foldName } from "../domain/name-matching.ts";
import { insertRows } from "./bulk-insert.ts";
import type { SqlExecutor } from "./sql.ts";

// Per table, each name column and its folded copy (assignment_counts: '' for no name, folded to '').
const FOLDED: Record<string, [name: string, folded: string][]> = {
  assignments: [
    ["contact_name", "contact_name_folded"],
    ["assignee_name", "assignee_name_folded"],
    ["assigned_by_name", "assigned_by_name_folded"],
  ],
  assignment_counts: [["assignee_name", "assignee_name_folded"]],
  email_conversations: [
    ["first_responder_name", "first_responder_name_folded"],
    ["closer_name", "closer_name_folded"],
  ],
};

export async function backfillFoldedNames(tx: SqlExecutor): Promise<void> {
  const columns = Object.entries(FOLDED).flatMap(([table, pairs]) => pairs.map(([name]) => ({ table, name })));
  const names = await tx.query<{ name: string }>(
    columns.map(({ table, name }) => `SELECT ${name} AS name FROM ${table} WHERE ${name} IS NOT NULL`).join(" UNION "),
  );
  if (names.length === 0) return;
  await tx.exec("CREATE TEMP TABLE folded_names (name TEXT PRIMARY KEY, folded TEXT NOT NULL)");
  await insertRows(
    tx,
    "folded_names",
    [
      { name: "name", type: "text" },
      { name: "folded", type: "text" },
    ],
    names.map(({ name }) => [name, foldName(name)]),
    "name",
  );
  for (const [table, pairs] of Object.entries(FOLDED)) {
    // One UPDATE per table: on PostgreSQL each updated row is a new row version.
    const set = pairs.map(([name, folded]) => `${folded} = (SELECT f.folded FROM folded_names f WHERE f.name = ${table}.${name})`);
    await tx.run(`UPDATE ${table} SET ${set.join(", ")} WHERE ${pairs.map(([name]) => `${name} IS NOT NULL`).join(" OR ")}`);
  }
  await tx.exec("DROP TABLE folded_names");
}
