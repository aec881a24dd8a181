// A figure against the same figure over the previous period (src/domain/previous-period.ts):
// the one computation behind every "▲ 12%" and "▼ 6 min" that a report, the App Home or a
// digest shows. Pure arithmetic on non-negative figures (counts, durations); the wording is
// render/words/change-words.ts'.

/**
 * `percent`: the relative change (+12.5 = an eighth more); `delta`: current minus previous,
 * in the figure's unit. "new": nothing before (0 or no value) and something now; "none": no
 * figure now (an average over no conversations), so nothing can be said of it.
 */
export type Change =
  | { kind: "up" | "down" | "same"; percent: number; delta: number }
  | { kind: "new"; percent: null; delta: null }
  | { kind: "none"; percent: null; delta: null };

export function change(current: number | null, previous: number | null): Change {
  if (current === null) return { kind: "none", percent: null, delta: null };
  if (current === previous) return { kind: "same", percent: 0, delta: 0 };
  if (previous === null || previous === 0) return { kind: "new", percent: null, delta: null };
  const percent = (100 * (current - previous)) / previous;
  return { kind: percent > 0 ? "up" : "down", percent, delta: current - previous };
}
