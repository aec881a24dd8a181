// The two CSV formats `inbox-pulse import` reads, and how a row becomes an event of the
// ingest contract (event-schemas.ts). Headers are matched ignoring case, accents, spaces
// and punctuation, in any order; an unknown or missing required header rejects the file.
// In every cell, surrounding spaces are trimmed and `-` or empty means "none"; a cell that
// starts with ' then = + - @ tab CR or ' is that text without the first ' (src/domain/csv-cell.ts).
//
// assignments: the log of respond.io's Assignments report, headers in
// English or in the seed's French:
//   Timestamp          | Horodatage              required
//   Conversation ID    | ID de conversation
//   Contact ID         | ID de contact           required
//   Contact name       | Nom du contact
//   Previous assignee  | Cessionnaire précédent  `-`: nobody; empty: not given (see below)
//   Assigned to        | Affecté à               required column; `-` or empty: unassigned
//   Source             | Source                  required: id, English or French label
//   Assigned by        | Attribué par            kept only when the source is User
// A person cell is `Name <email>`, an email address, or else a name (`@jane` is a name).
// The file has no event id: each row's id is `csv:` + a hash of its normalised content,
// so importing the same file again stores nothing new.
//
// email: one email event per row (our own format):
//   Event ID        optional column; empty: a hash of the row, as for assignments
//   Timestamp       required
//   Type            required: received, replied, closed, reopened (or email.received, ...)
//   Thread ID       required
//   Customer email  received rows: required
//   Customer name   received rows
//   Agent ID, Agent name, Agent email
//                   replied and closed rows: at least one; reopened rows: optional
//   Automatic       replied rows: true/false, yes/no, 1/0; empty: false
// Cells a row's type does not use (an agent on a received row...) are not read.
//
// Timestamps: ISO 8601 with an offset or Z. `2026-11-23 09:30:00` (no offset) only when
// the import is given the file's IANA time zone.
//
// Both formats accept an `error` column, ignored: a rejects file, once corrected, imports as
// it is.
import { hash } from "node:crypto";
import { DateTime } from "luxon";
import { z } from "zod";
import { readCsvCell } from "../domain/csv-cell.ts";
import { foldText, SOURCE_LABELS, sourceFromText, type Source } from "../domain/sources.ts";
import type { FieldError } from "../domain/field-errors.ts";
import { parseEvent } from "./event-schemas.ts";

export type CsvKind = "assignments" | "email";

interface ColumnSpec {
  key: string;
  /** Accepted headers; the first is the English name used in messages. */
  names: readonly string[];
  required: boolean;
  /** The event fields whose errors are reported under this column. */
  paths: readonly string[];
}

const ASSIGNMENT_COLUMNS = [
  { key: "timestamp", names: ["Timestamp", "Horodatage"], required: true, paths: ["occurredAt"] },
  { key: "conversationId", names: ["Conversation ID", "ID de conversation"], required: false, paths: ["conversationId"] },
  { key: "contactId", names: ["Contact ID", "ID de contact"], required: true, paths: ["contact", "contact.id"] },
  { key: "contactName", names: ["Contact name", "Nom du contact"], required: false, paths: ["contact.name"] },
  { key: "previousAssignee", names: ["Previous assignee", "Cessionnaire précédent"], required: false, paths: ["previousAssignee"] },
  { key: "assignee", names: ["Assigned to", "Affecté à"], required: true, paths: ["assignee"] },
  { key: "source", names: ["Source"], required: true, paths: ["source"] },
  { key: "assignedBy", names: ["Assigned by", "Attribué par"], required: false, paths: ["assignedBy"] },
] as const satisfies readonly ColumnSpec[];

const EMAIL_COLUMNS = [
  { key: "eventId", names: ["Event ID"], required: false, paths: ["id"] },
  { key: "timestamp", names: ["Timestamp"], required: true, paths: ["occurredAt"] },
  { key: "type", names: ["Type"], required: true, paths: ["type"] },
  { key: "threadId", names: ["Thread ID"], required: true, paths: ["threadId"] },
  { key: "customerEmail", names: ["Customer email"], required: false, paths: ["customer", "customer.email"] },
  { key: "customerName", names: ["Customer name"], required: false, paths: ["customer.name"] },
  { key: "agentId", names: ["Agent ID"], required: false, paths: ["agent.id"] },
  { key: "agentName", names: ["Agent name"], required: false, paths: ["agent", "agent.name"] },
  { key: "agentEmail", names: ["Agent email"], required: false, paths: ["agent.email"] },
  { key: "automatic", names: ["Automatic"], required: false, paths: ["automatic"] },
] as const satisfies readonly ColumnSpec[];

type AssignmentKey = (typeof ASSIGNMENT_COLUMNS)[number]["key"];
type EmailKey = (typeof EMAIL_COLUMNS)[number]["key"];

const COLUMNS: Record<CsvKind, readonly ColumnSpec[]> = { assignments: ASSIGNMENT_COLUMNS, email: EMAIL_COLUMNS };

/** The column our rejects files add; ignored on import. */
export const ERROR_COLUMN = "error";

/** A file's header: where each known column is, and how the file names it. */
export class CsvHeader {
  constructor(
    readonly kind: CsvKind,
    /** The header cells as read, for the rejects file. */
    readonly cells: readonly string[],
    private readonly positions: ReadonlyMap<string, number>,
  ) {}

  position(key: string): number | undefined {
    return this.positions.get(key);
  }

  /** A column's name as the file writes it, or its English name when the file lacks it. */
  label(key: string): string {
    const position = this.positions.get(key);
    const spec = COLUMNS[this.kind].find((s) => s.key === key);
    return position !== undefined ? this.cells[position]!.trim() : (spec?.names[0] ?? key);
  }

  /** The column an event field comes from: `contact.name` -> "Nom du contact". */
  fieldErrors(errors: readonly FieldError[]): FieldError[] {
    return errors.map((e) => ({ path: this.columnOfPath(e.path), message: e.message }));
  }

  private columnOfPath(path: string): string {
    let best: { key: string; length: number } | undefined;
    for (const spec of COLUMNS[this.kind]) {
      for (const p of spec.paths) {
        if ((path === p || path.startsWith(`${p}.`)) && p.length > (best?.length ?? -1)) best = { key: spec.key, length: p.length };
      }
    }
    return best === undefined ? path : this.label(best.key);
  }
}

export function expectedColumns(kind: CsvKind): string {
  const specs = COLUMNS[kind];
  const french = specs.some((s) => s.names.length > 1) ? ` (or in French: ${specs.map((s) => s.names.at(-1)).join(", ")})` : "";
  const required = specs.filter((s) => s.required).map((s) => s.names[0]);
  return `${specs.map((s) => s.names[0]).join(", ")}${french}, in any order; required: ${required.join(", ")}`;
}

/** The header, or what is wrong with it. */
export function readHeader(kind: CsvKind, cells: readonly string[]): CsvHeader | { error: string } {
  const specs = COLUMNS[kind];
  const byName = new Map<string, ColumnSpec>(specs.flatMap((s) => s.names.map((n) => [foldText(n), s] as const)));
  const positions = new Map<string, number>();
  const problems: string[] = [];
  cells.forEach((cell, i) => {
    const name = cell.trim();
    if (foldText(name) === ERROR_COLUMN) return;
    const spec = byName.get(foldText(name));
    const earlier = spec && positions.get(spec.key);
    if (spec === undefined) problems.push(name === "" ? `column ${i + 1} has no name` : `unknown column "${name}"`);
    else if (earlier !== undefined) problems.push(`"${cells[earlier]!.trim()}" and "${name}" are the same column`);
    else positions.set(spec.key, i);
  });
  const missing = specs.filter((s) => s.required && !positions.has(s.key)).map((s) => `"${s.names[0]}"`);
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  if (problems.length > 0) return { error: `${problems.join("; ")}. Expected the columns ${expectedColumns(kind)}` };
  return new CsvHeader(kind, cells, positions);
}

/** `instant`: the row's time as Date.parse reads it (NaN when it cannot), for its id and its order (csv-row-order.ts). */
export type MappedRow = { ok: true; event: { id: string }; instant: number } | { ok: false; errors: FieldError[] };

/**
 * A data row as an event for ingestEvents, or its errors named by column. A row with a bad
 * cell is also checked against the contract, so that all its problems are reported at once.
 */
export function mapRow(header: CsvHeader, cells: readonly string[], timeZone: string | undefined): MappedRow {
  if (cells.length !== header.cells.length) {
    return {
      ok: false,
      errors: [{ path: "(row)", message: `expected ${header.cells.length} cells as in the header, got ${cells.length}` }],
    };
  }
  let given: string | undefined;
  let content: Record<string, unknown>;
  let cellErrors: FieldError[];
  if (header.kind === "assignments") {
    const row = new Row<AssignmentKey>(header, cells, timeZone);
    content = assignmentContent(row);
    cellErrors = row.errors;
  } else {
    const row = new Row<EmailKey>(header, cells, timeZone);
    given = row.value("eventId");
    content = emailContent(row);
    cellErrors = row.errors;
  }
  // Date.parse only names the instant here; the contract decides whether the timestamp is valid.
  const instant = Date.parse(String(content.occurredAt));
  const event = { id: given ?? contentId(content, instant), ...content };
  if (cellErrors.length === 0) return { ok: true, event, instant };
  const parsed = parseEvent(event);
  const more = parsed.ok ? [] : header.fieldErrors(parsed.errors).filter((e) => !cellErrors.some((c) => c.path === e.path));
  return { ok: false, errors: [...cellErrors, ...more] };
}

/**
 * `csv:` + a hash of what the row says, not how: the same instant with another offset, or
 * the same row in French, gives the same id.
 */
function contentId(content: Record<string, unknown>, instant: number): string {
  const key = JSON.stringify({ ...content, occurredAt: Number.isNaN(instant) ? content.occurredAt : instant });
  // One native call (no Hash object per row): the same digest as createHash().update().digest().
  return `csv:${hash("sha256", key, "hex").slice(0, 32)}`;
}

function assignmentContent(row: Row<AssignmentKey>): Record<string, unknown> {
  return {
    type: "assignment",
    occurredAt: row.timestamp("timestamp"),
    conversationId: row.value("conversationId"),
    contact: { id: row.required("contactId"), name: row.value("contactName") },
    // `-` is the seed's "no previous assignee": explicitly nobody. An empty cell (or no
    // such column) says nothing, and the ingest takes the contact's last known assignee.
    previousAssignee: row.text("previousAssignee") === "" ? undefined : row.person("previousAssignee"),
    assignee: row.person("assignee"),
    source: row.source("source"),
    assignedBy: row.person("assignedBy") ?? undefined,
  };
}

const EMAIL_TYPES = ["received", "replied", "closed", "reopened"];

function emailContent(row: Row<EmailKey>): Record<string, unknown> {
  const type = row.emailType("type");
  const base = { type, occurredAt: row.timestamp("timestamp"), threadId: row.required("threadId") };
  if (type === undefined) return base;
  if (type === "email.received") {
    return { ...base, customer: { email: row.value("customerEmail")?.toLowerCase(), name: row.value("customerName") } };
  }
  const agent = emailAgent(row, type);
  return type === "email.replied" ? { ...base, agent, automatic: row.flag("automatic") } : { ...base, agent };
}

/** Replies and closes need an agent; a reopen may have none. */
function emailAgent(row: Row<EmailKey>, type: string): PersonInput | undefined {
  const agent = { id: row.value("agentId"), name: row.value("agentName"), email: row.value("agentEmail")?.toLowerCase() };
  if (agent.id !== undefined || agent.name !== undefined || agent.email !== undefined) return agent;
  if (type === "email.reopened") return undefined;
  const [name, id, email] = (["agentName", "agentId", "agentEmail"] as const).map((k) => row.label(k));
  return row.fail("agentName", `a ${type.slice("email.".length)} email needs an agent: fill ${name}, ${id} or ${email}`);
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/;
const NAME_AND_EMAIL = /^(.*?)\s*<([^<>\s]*@[^<>\s]*)>$/;
const PERSON_HINT = "a name, an email address or Name <email>";

type PersonInput = { id?: string; name?: string; email?: string };

/** Reads the cells of one row; every problem is kept in `errors`, named by column. */
class Row<K extends string> {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly header: CsvHeader,
    private readonly cells: readonly string[],
    private readonly timeZone: string | undefined,
  ) {}

  /** The trimmed value (readCsvCell): null for `-`, empty when the file has no such column. */
  text(key: K): string | null {
    const position = this.header.position(key);
    return position === undefined ? "" : readCsvCell(this.cells[position]!);
  }

  /** The value, or undefined for `-` and empty. */
  value(key: K): string | undefined {
    const text = this.text(key);
    return text === null || text === "" ? undefined : text;
  }

  required(key: K): string | undefined {
    return this.value(key) ?? this.fail(key, "required, but the cell is empty");
  }

  /** As written (the contract checks it), or in UTC when it has no offset and the file's zone is known. */
  timestamp(key: K): string | undefined {
    const value = this.required(key);
    return value !== undefined && LOCAL_TIME.test(value) ? this.localTime(key, value) : value;
  }

  private localTime(key: K, value: string): string | undefined {
    if (this.timeZone === undefined) {
      return this.fail(
        key,
        `"${value}" has no UTC offset: write it like 2026-11-23T09:30:00+01:00, or import with the file's time zone (--time-zone Europe/Paris)`,
      );
    }
    const iso = value.replace(" ", "T");
    const local = DateTime.fromISO(iso, { zone: this.timeZone });
    if (!local.isValid) return this.fail(key, `not a real date and time: ${value}`);
    // luxon moves a time the clocks skipped (spring forward) an hour on: refuse it instead.
    if (local.toFormat(iso.length === 16 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss") !== iso) {
      return this.fail(key, `${value} does not exist in ${this.timeZone}: the clocks skipped that hour`);
    }
    return new Date(local.toMillis()).toISOString();
  }

  /** A person, or null for `-` and empty. */
  person(key: K): PersonInput | null {
    const text = this.value(key);
    if (text === undefined) return null;
    const both = NAME_AND_EMAIL.exec(text);
    if (both) {
      if (!z.regexes.email.test(both[2]!)) return this.fail(key, `expected ${PERSON_HINT}, got "${text}"`) ?? null;
      return { ...(both[1] ? { name: both[1] } : {}), email: both[2]!.toLowerCase() };
    }
    // Only an address is one: a name such as "@jane" or "<b>" comes back from our export as it went.
    return z.regexes.email.test(text) ? { email: text.toLowerCase() } : { name: text };
  }

  source(key: K): Source | undefined {
    const value = this.required(key);
    if (value === undefined) return undefined;
    return (
      sourceFromText(value) ??
      this.fail(
        key,
        `unknown source "${value}": expected one of ${Object.values(SOURCE_LABELS).join(", ")} (or their ids, or French labels)`,
      )
    );
  }

  emailType(key: K): string | undefined {
    const value = this.required(key);
    if (value === undefined) return undefined;
    const short = value.toLowerCase().replace(/^email\./, "");
    return EMAIL_TYPES.includes(short)
      ? `email.${short}`
      : this.fail(key, `expected ${EMAIL_TYPES.join(", ")} (or email.received...), got "${value}"`);
  }

  flag(key: K): boolean | undefined {
    const value = this.value(key)?.toLowerCase();
    if (value === undefined || value === "false" || value === "no" || value === "0") return false;
    if (value === "true" || value === "yes" || value === "1") return true;
    return this.fail(key, `expected true/false, yes/no or 1/0, got "${this.text(key)}"`);
  }

  label(key: K): string {
    return this.header.label(key);
  }

  fail(key: K, message: string): undefined {
    this.errors.push({ path: this.header.label(key), message });
    return undefined;
  }
}
