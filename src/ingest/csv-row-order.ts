// The order a CSV file's rows reach the ingest in. A contact's assignments at the same
// instant are ranked in the order they are received (tie_rank, ingest-service.ts), so the
// file's order of events must be the order they arrive in:
// - a file listed oldest first is sent as it is: of two rows at the same instant, the upper
//   one happened first;
// - a file listed newest first (the Assignments report's log, `inbox-pulse export`) is sent
//   bottom-up, batch by batch: there the upper row happened last.
// The file's direction is that of its first two rows with different times. A newest-first
// batch keeps its trailing rows at the instant of its last row for the next batch: a run of
// same-instant rows split between two batches would have its older part received last.
// So such a run is stored in one batch, however long (memory grows with it).
import type { MappedRow } from "./csv-columns.ts";

const instantOf = (row: MappedRow): number | undefined => (row.ok && !Number.isNaN(row.instant) ? row.instant : undefined);

export class CsvRowOrder {
  private first: number | undefined;
  /** Known from the first two rows with different times; until then, oldest first. */
  private newest: boolean | undefined;
  private last: number | undefined;
  /** How many rows, up to the last one noted, are at its instant. */
  private run = 0;

  /** Notes the next row of the file. */
  note(row: MappedRow): void {
    const at = instantOf(row);
    this.run = at !== undefined && at === this.last ? this.run + 1 : 1;
    this.last = at;
    if (this.newest !== undefined || at === undefined) return;
    if (this.first === undefined) this.first = at;
    else if (at !== this.first) this.newest = at < this.first;
  }

  get newestFirst(): boolean {
    return this.newest === true;
  }

  /**
   * How many of the `pending` rows noted last to store now: all of them, or for a newest-first
   * file those before the trailing run (0 while the run is all there is: it waits, however long).
   */
  storable(pending: number): number {
    return this.newestFirst ? Math.max(0, pending - this.run) : pending;
  }
}
