// Summary statistics of durations (seconds), as the agent-performance report shows them.
export interface DurationStats {
  average: number | null;
  median: number | null;
  /** 90th percentile, nearest rank: 90% of the values are at or below it. */
  p90: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  return sortedDurationStats(Float64Array.from(values).sort());
}

/** The same figures for values already in ascending order (typed arrays sort numerically). */
export function sortedDurationStats(sorted: ArrayLike<number>): DurationStats {
  const n = sorted.length;
  if (n === 0) return { average: null, median: null, p90: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const middle = Math.floor(n / 2);
  return {
    average: sum / n,
    median: n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    p90: sorted[Math.ceil(0.9 * n) - 1]!,
  };
}

/** The values of all these arrays in one array, ascending. */
export function allSorted(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

/** How many different values an ascending array holds. */
export function distinctCount(sorted: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
