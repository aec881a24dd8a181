// The data steps of the migrations that add folded names (0015: assignments' contact and
// assigner; 0019: person_identities): the folded copies of the names stored before them
// (ingest writes them since). SQL cannot fold accents alike on both databases, so each
// distinct name is folded here by foldName, as ingest does, and each table is then updated
// in one statement. src/store/engine/migrate.ts runs a step right after its migration's script, in
// the same transaction: the migration is recorded only once every row has its folded names.
import { foldName } from "../../domain/name-matching.ts";
import { insertRows } from "./bulk-insert.ts";
import type { SqlExecutor } from "./sql.ts";

/** Per table, each name column and its folded copy. */
export type FoldedColumns = Record<string, [name: string, folded: string][]>;

/** The data step that writes these folded copies of the stored names. */
export function backfillFoldedNames(columns: FoldedColumns): (tx: SqlExecutor) => Promise<void> {
  return async (tx) => {
    const sources = Object.entries(columns).flatMap(([table, pairs]) => pairs.map(([name]) => ({ table, name })));
    const names = await tx.query<{ name: string }>(
      sources.map(({ table, name }) => `SELECT ${name} AS name FROM ${table} WHERE ${name} IS NOT NULL`).join(" UNION "),
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
    for (const [table, pairs] of Object.entries(columns)) {
      // One UPDATE per table: on PostgreSQL each updated row is a new row version.
      const set = pairs.map(([name, folded]) => `${folded} = (SELECT f.folded FROM folded_names f WHERE f.name = ${table}.${name})`);
      await tx.run(`UPDATE ${table} SET ${set.join(", ")} WHERE ${pairs.map(([name]) => `${name} IS NOT NULL`).join(" OR ")}`);
    }
    await tx.exec("DROP TABLE folded_names");
  };
}
