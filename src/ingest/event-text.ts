// What every text of the event contract may hold (event-schemas.ts; the respond.io webhook's
// schema follows the same rules).
export const MAX_TEXT = 500;

/**
 * A lone UTF-16 surrogate (\ud800 with no \udc00 after it) has no UTF-8 form: PostgreSQL
 * would store U+FFFD instead (so two ids became one row) and SQLite invalid UTF-8 bytes.
 */
export const isWellFormed = (value: string): boolean => value.isWellFormed();
export const LONE_SURROGATE = "a lone UTF-16 surrogate (\\ud800-\\udfff outside a pair)";
