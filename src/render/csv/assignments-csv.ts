// The assignment log as CSV: the seed's columns, local times with their offset, and
// cells that a spreadsheet cannot run as formulas (csvCell). `inbox-pulse import
// assignments` reads it back to the same log.
import { DateTime } from "luxon";
import { csvLine } from "../../domain/csv-cell.ts";
import { personLabel, type Person } from "../../domain/person.ts";
import { SOURCE_LABELS } from "../../domain/sources.ts";
import type { AssignmentLogRow } from "../../reports/assignments-report.ts";
import { LOG_COLUMNS } from "../words/assignments-words.ts";

const ASSIGNMENT_CSV_HEADER = csvLine(LOG_COLUMNS);

/** A person as the log shows it (name, else email, else id); null for nobody, written `-`. */
const personCell = (person: Person | null) => (person === null ? null : personLabel(person));

function assignmentCsvLine(row: AssignmentLogRow, timeZone: string): string {
  return csvLine([
    DateTime.fromMillis(row.occurredAt, { zone: timeZone }).toISO({ suppressMilliseconds: true })!,
    row.conversationId,
    row.contactId,
    row.contactName,
    personCell(row.previousAssignee),
    personCell(row.assignee),
    SOURCE_LABELS[row.source],
    row.source === "user" ? personCell(row.assignedBy) : null,
  ]);
}

/** Writes the CSV of the rows to `write`; returns how many rows were written. */
export async function writeAssignmentsCsv(
  rows: AsyncIterable<AssignmentLogRow>,
  timeZone: string,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  await write(ASSIGNMENT_CSV_HEADER);
  let count = 0;
  for await (const row of rows) {
    await write(assignmentCsvLine(row, timeZone));
    count++;
  }
  return count;
}
