// CSV cells as every CSV we write needs them (rejects files, report exports): RFC 4180
// quoting, and no cell that a spreadsheet would run as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const PROTECTED_FORMULA = /^'[=+\-@\t\r]/;

/** One cell: a leading `'` before = + - @ tab or CR, then quoted if it holds `"`, `,`, CR or LF. */
export function csvCell(value: string): string {
  // A lone "-" is the reports' "none" marker, not a formula.
  const safe = FORMULA_START.test(value) && value !== "-" ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * A cell read back from a CSV we wrote: drops the `'` that csvCell put before a formula
 * character, so that a corrected rejects file imports the values it was given.
 */
export function uncsvCell(value: string): string {
  return PROTECTED_FORMULA.test(value) ? value.slice(1) : value;
}
