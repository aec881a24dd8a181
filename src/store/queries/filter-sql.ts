// SQL fragments for report filters, shared by the report queries. Names are compared on their
// folded copies (`*_name_folded`, written at ingest by foldName): SQLite's LOWER and LIKE fold
// ASCII only, so folding in SQL would answer differently on the two databases, and folding
// every row at query time would cost a function call per row.
import { foldName } from "../../domain/name-matching.ts";
import type { Dialect, Param } from "../engine/sql.ts";

/** `%value%` folded, for LIKE on a folded column, with LIKE's own wildcards escaped (ESCAPE '\\'); null when it folds to nothing. */
function containsPattern(value: string): string | null {
  const folded = foldName(value);
  return folded === "" ? null : `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function anyOf(clauses: string[]): string {
  return clauses.length === 1 ? clauses[0]! : `(${clauses.join(" OR ")})`;
}

/**
 * An email column in lower case, ASCII letters only: SQLite's LOWER, and PostgreSQL's under
 * the "C" collation (its default collation would also lower É), so both give the same answer.
 */
function lowerEmail(dialect: Dialect, column: string): string {
  return dialect === "postgresql" ? `LOWER(${column} COLLATE "C")` : `LOWER(${column})`;
}

const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** `OR <column> LIKE ?` for part of a name, or nothing when the value folds to nothing (it would match every name). */
function nameContains(column: string, value: string, params: Param[]): string {
  const pattern = containsPattern(value);
  if (pattern === null) return "";
  params.push(pattern);
  return ` OR ${column} LIKE ? ESCAPE '\\'`;
}

/** A person filter value: the id exactly, the email ignoring case, or part of the name ignoring case and accents. */
export function personMatch(dialect: Dialect, prefix: string, values: readonly string[], params: Param[]): string {
  return anyOf(
    values.map((value) => {
      params.push(value, asciiLower(value));
      return `(${prefix}_id = ? OR ${lowerEmail(dialect, `${prefix}_email`)} = ?${nameContains(`${prefix}_name_folded`, value, params)})`;
    }),
  );
}

/** A contact filter value: the contact id exactly, or part of the name ignoring case and accents. */
export function contactMatch(values: readonly string[], params: Param[]): string {
  return anyOf(
    values.map((value) => {
      params.push(value);
      return `(contact_id = ?${nameContains("contact_name_folded", value, params)})`;
    }),
  );
}
