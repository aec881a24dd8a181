// The assignment log as CSV: the seed's columns, local times with their offset, and
// cells that a spreadsheet cannot run as formulas (csvCell).
import { DateTime } from "luxon";
import { csvLine } from "../domain/csv-cell.ts";
import { personLabel } from "../domain/person.ts";
import { SOURCE_LABELS } from "../domain/sources.ts";
import type { AssignmentLogRow } from "../store/assignment-queries.ts";
import { LOG_COLUMNS } from "./assignments-view.ts";

export const ASSIGNMENT_CSV_HEADER = csvLine(LOG_COLUMNS);

export function assignmentCsvLine(row: AssignmentLogRow, timeZone: string): string {
  return csvLine([
    DateTime.fromMillis(row.occurredAt, { zone: timeZone }).toISO({ suppressMilliseconds: true })!,
    row.conversationId ?? "-",
    row.contactId,
    row.contactName ?? "-",
    personLabel(row.previousAssignee),
    personLabel(row.assignee),
    SOURCE_LABELS[row.source],
    row.source === "user" ? personLabel(row.assignedBy) : "-",
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
