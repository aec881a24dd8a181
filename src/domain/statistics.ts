// Summary statistics of durations (seconds), as the agent-performance report shows them.
export interface DurationStats {
  average: number | null;
  median: number | null;
  /** 90th percentile, nearest rank: 90% of the values are at or below it. */
  p90: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { average: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  return {
    average: sorted.reduce((sum, v) => sum + v, 0) / n,
    median: n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    p90: sorted[Math.ceil(0.9 * n) - 1]!,
  };
}
