// The bulk-write fast path: one cached prepared statement per row (SQLite, inside the
// caller's transaction) or, on PostgreSQL, one COPY (when no row exists yet: the common case
// of a bulk load) else per chunk one INSERT of unnest'ed typed arrays. Conflicts on the
// primary key are skipped and reported per row.
import { pgMillisToTimestamp, type Param, type SqlExecutor } from "./sql.ts";

type ColumnType = "text" | "timestamp" | "boolean" | "integer";
export interface Column {
  name: string;
  type: ColumnType;
}

const PG_ARRAY: Record<ColumnType, string> = { text: "text[]", timestamp: "float8[]", boolean: "bool[]", integer: "int4[]" };
const PG_CHUNK = 5000;
const UNIQUE_VIOLATION = "23505";

/** Timestamps are epoch milliseconds in both databases' parameters. */
function pgValue(column: Column, name: string): string {
  return column.type === "timestamp" ? pgMillisToTimestamp(name) : name;
}

/**
 * Inserts rows (values in `columns` order). Returns, per row, whether it was stored
 * (false: a row with the same `keyColumn` value already existed). Keys must be unique within `rows`.
 * `oftenExisting`: many rows usually exist already (claims, numbering), so PostgreSQL skips
 * the COPY that would fail on them and goes straight to the INSERT.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly Column[],
  rows: readonly Param[][],
  keyColumn: string,
  { oftenExisting = false }: { oftenExisting?: boolean } = {},
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
  // COPY stores the rows for two thirds of the INSERT's cost (bench ingest-postgres,
  // 2026-12-07: 1.69x-2.49x the raw COPY with it, 2.38x-2.93x without; one COPY for the whole
  // call: 10% faster than one per 5,000 rows) but fails as a whole on a row that
  // exists (a retry, another replica): then the savepoint undoes it and the INSERT skips what exists.
  if (!oftenExisting) {
    await tx.run("SAVEPOINT bulk_copy");
    try {
      await tx.copyIn!(`COPY ${table} (${names}) FROM STDIN`, copyText(columns, rows));
      // Not released: COMMIT releases it, one round trip fewer (a later savepoint of the same
      // name shadows it, and ROLLBACK TO goes back to the latest).
      return rows.map(() => true);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await tx.run("ROLLBACK TO SAVEPOINT bulk_copy");
    }
  }
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

/** Rows in COPY's text format (tab-separated, \N for null, backslash escapes), a chunk of lines at a time. */
export function* copyText(columns: readonly Column[], rows: readonly (readonly Param[])[]): Generator<string> {
  for (let start = 0; start < rows.length; start += 1000) {
    let text = "";
    for (const row of rows.slice(start, start + 1000)) {
      for (let i = 0; i < columns.length; i++) text += (i === 0 ? "" : "\t") + copyValue(columns[i]!, row[i] ?? null);
      text += "\n";
    }
    yield text;
  }
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyValue(column: Column, value: Param): string {
  if (value === null) return "\\N";
  // A UTC instant into timestamp(3) without time zone: PostgreSQL ignores the Z.
  if (column.type === "timestamp") return new Date(value as number).toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}
