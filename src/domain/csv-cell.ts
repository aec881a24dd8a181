// CSV cells as every CSV we write needs them (rejects files, report exports), and as the
// importer reads them back: RFC 4180 quoting, no cell that a spreadsheet would run as a
// formula (CSV injection, OWASP), and a file we wrote imports back to the same values.
// The rule (docs/usage.md, "CSV export"):
//  - a value that starts with = + - @ tab, CR or ' is written with one more ' in front;
//  - "none" (nobody, no conversation) is written `-`, so the text "-" is written `'-`;
//  - reading, a cell that starts with ' and then one of those characters loses that one
//    '; such a cell is a value as written, never "none".
const PROTECTED_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;
const PROTECTED_CELL = /^'[=+\-@\t\r']/;

/** The cell for "none". */
const NONE = "-";

/** One cell (null: none): a leading `'` when the value needs one, then quoted if it holds `"`, `,`, CR or LF. */
export function csvCell(value: string | null): string {
  const safe = value === null ? NONE : PROTECTED_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly (string | null)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * A cell's value as csvCell wrote it, surrounding spaces trimmed: null for `-`, the value
 * without the `'` csvCell added, else the cell as it is ("" when empty).
 */
export function readCsvCell(cell: string): string | null {
  const text = cell.trim();
  if (text === NONE) return null;
  return PROTECTED_CELL.test(text) ? text.slice(1).trim() : text;
}
