// Imports a CSV of assignments or email events (formats: csv-columns.ts) through the one
// write path, ingestEvents, one batch at a time. The file is read as a stream, at most one
// batch ahead of the rows being stored, so memory stays flat whatever its size.
// Event ids come from the rows: importing the same file again stores nothing new. Rows at
// the same instant keep the file's order of events (csv-row-order.ts).
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { CsvError, Parser, type Options } from "csv-parse";
import { IANAZone } from "luxon";
import { csvLine, readCsvCell } from "../domain/csv-cell.ts";
import type { FieldError } from "../domain/field-errors.ts";
import { DatabaseUnavailableError, type Database } from "../store/engine/database.ts";
import { ERROR_COLUMN, expectedColumns, mapRow, readHeader, type CsvHeader, type CsvKind, type MappedRow } from "./csv-columns.ts";
import { CsvRowOrder } from "./csv-row-order.ts";
import { batchGarbageCollector } from "./garbage-collection.ts";
import { ingestEvents } from "./ingest-service.ts";

export interface CsvImportOptions {
  db: Database;
  workspaceId: string;
  kind: CsvKind;
  input: NodeJS.ReadableStream | Readable;
  /** Receives the rejects CSV (header + `error` column), one CRLF-terminated line per call, only if a row is rejected. */
  rejects?: { write(line: string): void } | null;
  /** IANA zone of timestamps written without an offset; without it such rows are rejected. */
  timeZone?: string;
  batchSize?: number;
  onProgress?: (p: { bytes: number; rows: number }) => void;
  /** When each batch is received (tests set it): rows dated well after it are rejected. */
  clock?: () => number;
}

interface CsvRejection {
  line: number;
  errors: FieldError[];
}

export interface CsvImportResult {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  /** The first LISTED rejected rows. */
  rejections: CsvRejection[];
  /** The first LISTED duplicate rows: `of` is the line of the same row in this file, null when it was already stored. */
  duplicateRows: { line: number; of: number | null }[];
}

/** The import stopped before the end of the file; `result` counts the rows handled before. */
export class CsvImportError extends Error {
  constructor(
    message: string,
    readonly result: CsvImportResult,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const LISTED = 1000;
/**
 * Rows per transaction. Bulk imports want few, large transactions: on SQLite each commit
 * writes out every index page the batch touched, and a batch of assignments touches pages
 * all over the per-contact index (raw inserts of 1,000,000 rows took 1.7x as long in batches
 * of 10,000 as in one transaction, 1.1x in batches of 50,000). The write lock is held for
 * about a second per batch; other writers wait for it (SQLite busy_timeout: 5 s).
 */
export const IMPORT_BATCH = 50_000;
// Far above any valid row (cells hold at most 500 characters): a longer one is a quote
// that is never closed, and must not pull the rest of the file into memory.
const MAX_RECORD_CHARS = 100_000;

type RowOutcome = { status: "stored" } | { status: "duplicate"; of: number | null } | { status: "rejected"; errors: FieldError[] };
type PendingRow = { line: number; cells: string[]; mapped: MappedRow };

export async function importCsv(options: CsvImportOptions): Promise<CsvImportResult> {
  const { db, workspaceId, kind, timeZone, rejects, onProgress, clock = Date.now } = options;
  const batchSize = options.batchSize ?? IMPORT_BATCH;
  if (timeZone !== undefined && !IANAZone.isValidZone(timeZone)) throw new RangeError(`unknown IANA time zone "${timeZone}"`);

  const result: CsvImportResult = { rows: 0, imported: 0, duplicates: 0, rejected: 0, rejections: [], duplicateRows: [] };
  const read = { bytes: 0 };
  let header: CsvHeader | undefined;
  let batch: PendingRow[] = [];
  const order = new CsvRowOrder();
  const collectGarbage = batchGarbageCollector();
  let rejectsStarted = false;

  const reject = (head: CsvHeader, row: PendingRow, errors: FieldError[]): void => {
    result.rejected++;
    if (result.rejections.length < LISTED) result.rejections.push({ line: row.line, errors });
    if (!rejects) return;
    if (!rejectsStarted) rejects.write(csvLine([...head.cells, ERROR_COLUMN]));
    rejectsStarted = true;
    // The values as read, written back by the same rule: the corrected file means what this one did.
    rejects.write(csvLine([...row.cells.map(readCsvCell), `line ${row.line}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`]));
  };

  const flush = async (last = false): Promise<void> => {
    if (header === undefined || batch.length === 0) return;
    const head = header;
    const rows = last ? batch : batch.slice(0, order.storable(batch.length));
    if (rows.length === 0) return;
    batch = batch.slice(rows.length);
    const outcomes = await storeBatch(db, workspaceId, head, rows, result, clock(), order.newestFirst);
    rows.forEach((row, i) => {
      const outcome = outcomes[i]!;
      result.rows++;
      if (outcome.status === "stored") result.imported++;
      else if (outcome.status === "rejected") reject(head, row, outcome.errors);
      else {
        result.duplicates++;
        if (result.duplicateRows.length < LISTED) result.duplicateRows.push({ line: row.line, of: outcome.of });
      }
    });
    onProgress?.({ bytes: read.bytes, rows: result.rows });
    collectGarbage();
  };
  // The batch being stored while the file is read on: on PostgreSQL the database stores one
  // batch while this process parses the next. One batch at a time, in the file's order.
  // Measured (1,000,000 rows into PostgreSQL, alternated, 2026-12-07): 29.9-33.5 s against
  // 36.0-37.0 s; SQLite, whose driver holds the thread, the same (40.0 s against 40.5 s).
  let storing: Promise<void> = Promise.resolve();
  const storeNext = async (): Promise<void> => {
    await storing;
    storing = flush();
    // Awaited by the next batch or the end; until then a failure must not count as unhandled.
    storing.catch(() => undefined);
  };

  try {
    for await (const { line, cells, garbled } of csvRecords(options.input, read)) {
      // Spreadsheets leave rows of empty cells (",,,,") below the data.
      if (cells.every((cell) => cell.trim() === "")) continue;
      if (header === undefined) {
        const found = readHeader(kind, cells);
        if ("error" in found) throw new CsvImportError(`line ${line}: ${found.error}`, result);
        header = found;
        continue;
      }
      const unreadable = garbled ? unreadableCell(header, cells) : undefined;
      const mapped: MappedRow = unreadable ? { ok: false, errors: [unreadable] } : mapRow(header, cells, timeZone);
      order.note(mapped);
      batch.push({ line, cells, mapped });
      if (batch.length >= batchSize) await storeNext();
    }
  } catch (error) {
    // A failure to store wins: it came first.
    await storing;
    // A broken quote leaves no reliable way to find where the next row starts: stop there.
    if (!(error instanceof CsvSyntaxError)) throw error;
    await flush(true);
    throw new CsvImportError(`${error.message}; the import stopped there`, result, { cause: error });
  }
  if (header === undefined) {
    throw new CsvImportError(`the file is empty: expected a header line with the columns ${expectedColumns(kind)}`, result);
  }
  await storing;
  await flush(true);
  return result;
}

/** Stores a batch's valid rows in one ingestEvents call (bottom-up: last row first); the outcome of every row, in order. */
async function storeBatch(
  db: Database,
  workspaceId: string,
  header: CsvHeader,
  rows: readonly PendingRow[],
  before: CsvImportResult,
  receivedAt: number,
  bottomUp: boolean,
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = new Array(rows.length);
  // Identical rows get the same id; naming the earlier line is only possible within a batch.
  const lineOfId = new Map<string, number>();
  const sent: { at: number; event: { id: string } }[] = [];
  rows.forEach((row, at) => {
    if (!row.mapped.ok) {
      outcomes[at] = { status: "rejected", errors: row.mapped.errors };
      return;
    }
    const earlier = lineOfId.get(row.mapped.event.id);
    if (earlier !== undefined) {
      outcomes[at] = { status: "duplicate", of: earlier };
      return;
    }
    lineOfId.set(row.mapped.event.id, row.line);
    sent.push({ at, event: row.mapped.event });
  });
  if (sent.length === 0) return outcomes;
  if (bottomUp) sent.reverse();

  let stored: Awaited<ReturnType<typeof ingestEvents>>;
  try {
    stored = await ingestEvents(
      db,
      workspaceId,
      sent.map((s) => s.event),
      receivedAt,
    );
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    const why = error.cause instanceof Error ? error.cause.message : String(error.cause);
    throw new CsvImportError(
      `the database became unavailable (${why}) while storing the rows from line ${rows[0]!.line}: ` +
        `the ${before.rows} rows before them are committed (imported ${before.imported}, duplicates ${before.duplicates}, ` +
        `rejected ${before.rejected}) and nothing from line ${rows[0]!.line} on was stored. ` +
        "Re-running the same import is safe: rows already stored count as duplicates.",
      before,
      { cause: error },
    );
  }
  for (const item of stored.results) {
    const at = sent[item.index]!.at;
    outcomes[at] =
      item.status === "stored"
        ? { status: "stored" }
        : item.status === "duplicate"
          ? { status: "duplicate", of: null }
          : { status: "rejected", errors: header.fieldErrors(item.errors) };
  }
  return outcomes;
}

/** A record with the line it starts on; `garbled`: the file had bytes that are not UTF-8 by the end of it. */
type CsvRecord = { line: number; cells: string[]; garbled: boolean };

/** In a file with bytes that are not UTF-8, the first cell holding one (read as U+FFFD) or a lone surrogate. */
function unreadableCell(header: CsvHeader, cells: readonly string[]): FieldError | undefined {
  const at = cells.findIndex((cell) => cell.includes("\uFFFD") || !cell.isWellFormed());
  if (at < 0) return undefined;
  return {
    path: header.cells[at]?.trim() || `column ${at + 1}`,
    message: "holds bytes that are not UTF-8 (shown as \uFFFD): save the file as UTF-8 (in Excel: CSV UTF-8) and import it again",
  };
}

/** The file cannot be read as CSV from this line on. */
class CsvSyntaxError extends Error {}

/**
 * csv-parse's parser, handing each record to `deliver` as it is parsed with the count of empty
 * lines skipped so far. Not read as a stream, which would drop the records it had parsed
 * but not handed out when a later part of the file fails to parse; and not through
 * `on_record`, which builds an info object for every record (4% of an import's time).
 */
class RecordParser extends Parser {
  constructor(
    options: Options,
    private readonly deliver: (cells: string[], emptyLines: number) => void,
  ) {
    super(options);
  }

  // csv-parse hands each record to push(), then null at the end.
  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    this.deliver(record as string[], this.info.empty_lines);
    return true;
  }
}

/**
 * The file's records, each with the physical line it starts on (the header's is 1).
 * csv-parse's `info.lines` is where a record ends and counts a CRLF inside quotes twice,
 * so lines are counted here: a record spans one line plus the line breaks in its cells,
 * and blank lines are skipped.
 */
async function* csvRecords(input: NodeJS.ReadableStream | Readable, read: { bytes: number }): AsyncGenerator<CsvRecord> {
  const parsed: CsvRecord[] = [];
  // The parser decodes bytes that are not UTF-8 as U+FFFD, silently: rows that differ only
  // there would become one. This strict decoder tells whether the file has such bytes
  // (70 ms for 1,000,000 rows, 60 MB).
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let notUtf8 = false;
  const checkUtf8 = (chunk?: unknown) => {
    if (notUtf8) return;
    try {
      if (chunk === undefined) utf8.decode();
      else if (typeof chunk === "string") notUtf8 = !chunk.isWellFormed();
      else utf8.decode(chunk as Uint8Array, { stream: true });
    } catch {
      notUtf8 = true;
    }
  };
  let nextLine = 1;
  let emptyLines = 0;
  const parser = new RecordParser(
    { bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS },
    (cells, emptyLinesSoFar) => {
      const line = nextLine + emptyLinesSoFar - emptyLines;
      emptyLines = emptyLinesSoFar;
      nextLine = line + 1 + cells.reduce((n, cell) => n + lineBreaks(cell), 0);
      parsed.push({ line, cells, garbled: notUtf8 });
    },
  );
  let failure: unknown;
  parser.on("error", (error) => (failure ??= error));
  parser.resume(); // nothing is pushed: this only lets the stream end

  for await (const chunk of input) {
    read.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    checkUtf8(chunk);
    parser.write(chunk);
    yield* parsed.splice(0);
    if (failure !== undefined) break;
  }
  if (failure === undefined) {
    checkUtf8();
    parser.end();
    await finished(parser).catch((error: unknown) => (failure ??= error));
    yield* parsed.splice(0);
  }
  if (failure instanceof CsvError) {
    const line = nextLine + Number(failure.empty_lines ?? emptyLines) - emptyLines;
    throw new CsvSyntaxError(`line ${line}: ${syntaxProblem(failure)}`);
  }
  if (failure !== undefined) throw failure;
}

function lineBreaks(cell: string): number {
  return cell.includes("\n") || cell.includes("\r") ? (cell.match(/\r\n|\r|\n/g)?.length ?? 0) : 0;
}

function syntaxProblem(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted cell that starts on this row is never closed";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a quoted cell in this row is followed by more text: inside quotes, write a quote as two ("")';
    case "INVALID_OPENING_QUOTE":
      return 'a cell in this row has a quote but does not start with one: quote the whole cell and double the quotes inside ("Joe ""JJ"" Lee")';
    case "CSV_MAX_RECORD_SIZE":
      return `this row is longer than ${MAX_RECORD_CHARS} characters (is a quote never closed?)`;
    default:
      return error.message;
  }
}
