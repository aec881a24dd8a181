// The drill-down's distribution of first-response times in business hours
// (docs/definitions.md, "Drill-down"): six buckets, the most a native chart holds, cut where a
// manager's expectations change (a quarter hour, half an hour, an hour, half and a whole
// working day of 8 h).
const MINUTE = 60;
const HOUR = 3600;

export interface ResponseTimeBucket {
  readonly label: string;
  /** Seconds; a time falls in the first bucket whose bound it is below. null: no bound. */
  readonly below: number | null;
}

export const FIRST_RESPONSE_BUCKETS: readonly ResponseTimeBucket[] = [
  { label: "< 15 min", below: 15 * MINUTE },
  { label: "15-30 min", below: 30 * MINUTE },
  { label: "30 min-1 h", below: HOUR },
  { label: "1-4 h", below: 4 * HOUR },
  { label: "4-8 h", below: 8 * HOUR },
  { label: "> 8 h", below: null },
];

/** The bounds between buckets, ascending: what a count per bucket is computed from. */
export const BUCKET_BOUNDS: readonly number[] = FIRST_RESPONSE_BUCKETS.flatMap((b) => (b.below === null ? [] : [b.below]));
