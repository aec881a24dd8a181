// The bulk-write fast path: many rows in one statement per chunk (PostgreSQL, unnest of
// typed arrays) or one cached prepared statement per row (SQLite, inside the caller's
// transaction). Conflicts on the primary key are skipped and reported per row.
import { pgMillisToTimestamp, type Param, type SqlExecutor } from "./sql.ts";

export type ColumnType = "text" | "timestamp" | "boolean" | "integer";
export interface Column {
  name: string;
  type: ColumnType;
}

const PG_ARRAY: Record<ColumnType, string> = { text: "text[]", timestamp: "float8[]", boolean: "bool[]", integer: "int4[]" };
const PG_CHUNK = 5000;

/** Timestamps are epoch milliseconds in both databases' parameters. */
function pgValue(column: Column, name: string): string {
  return column.type === "timestamp" ? pgMillisToTimestamp(name) : name;
}

/**
 * Inserts rows (values in `columns` order). Returns, per row, whether it was stored
 * (false: a row with the same `keyColumn` value already existed). Keys must be unique within `rows`.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly Column[],
  rows: readonly Param[][],
  keyColumn: string,
): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const names = columns.map((c) => c.name).join(", ");
  if (tx.dialect === "sqlite") {
    const sql = `INSERT INTO ${table} (${names}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`;
    return (await tx.runEach(sql, rows)).map((changed) => changed === 1);
  }
  const keyIndex = columns.findIndex((c) => c.name === keyColumn);
  const aliases = columns.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO ${table} (${names}) SELECT ${columns.map((c, i) => pgValue(c, `u.c${i}`)).join(", ")} ` +
    `FROM unnest(${columns.map((c) => `?::${PG_ARRAY[c.type]}`).join(", ")}) AS u(${aliases.join(", ")}) ` +
    `ON CONFLICT DO NOTHING RETURNING ${keyColumn} AS k`;
  const stored: boolean[] = [];
  for (let start = 0; start < rows.length; start += PG_CHUNK) {
    const chunk = rows.slice(start, start + PG_CHUNK);
    const arrays = columns.map((_, i) => chunk.map((row) => row[i] ?? null));
    const returned = await tx.query<{ k: string }>(sql, arrays as unknown as Param[]);
    const keys = new Set(returned.map((r) => r.k));
    for (const row of chunk) stored.push(keys.has(row[keyIndex] as string));
  }
  return stored;
}
