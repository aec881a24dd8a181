// A figure against the same figure for the period before, as a digest shows it. Pure
// arithmetic on non-negative figures (counts, durations); the wording is changeText's.

/** `percent` is the relative change (+12.5 = an eighth more); there is none for "new" and "none". */
export type Change = { kind: "up" | "down" | "same"; percent: number } | { kind: "new" | "none"; percent: null };

/**
 * "new" when there was nothing before (0 or no value) and there is now; "none" when there
 * is no figure now (an average over no conversations), since nothing can be said of it.
 */
export function change(current: number | null, previous: number | null): Change {
  if (current === null) return { kind: "none", percent: null };
  if (current === previous) return { kind: "same", percent: 0 };
  if (previous === null || previous === 0) return { kind: "new", percent: null };
  const percent = (100 * (current - previous)) / previous;
  return { kind: percent > 0 ? "up" : "down", percent };
}
