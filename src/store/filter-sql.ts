// SQL fragments for report filters, shared by the report queries.
import type { Param } from "./sql.ts";

/** `%value%` for LIKE, with LIKE's own wildcards escaped (ESCAPE '\\'). */
export function likePattern(value: string): string {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function anyOf(clauses: string[]): string {
  return clauses.length === 1 ? clauses[0]! : `(${clauses.join(" OR ")})`;
}

/** Matches a person filter value against id, name or email, ignoring case. */
export function personMatch(prefix: string, values: readonly string[], params: Param[]): string {
  return anyOf(
    values.map((value) => {
      const v = value.toLowerCase();
      params.push(v, v, v);
      return `(LOWER(${prefix}_id) = ? OR LOWER(${prefix}_name) = ? OR LOWER(${prefix}_email) = ?)`;
    }),
  );
}
