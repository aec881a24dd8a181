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
function sortedDurationStats(sorted: ArrayLike<number>): DurationStats {
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

/**
 * The same figures over several ascending arrays taken together, without merging them: a
 * team's figures from its agents'. Merging and sorting the team's values cost about 40% of the
 * report's time (bench/README.md, "/agent-performance figures").
 */
export function partsDurationStats(parts: readonly Float64Array[]): DurationStats {
  let n = 0;
  let sum = 0;
  for (const part of parts) {
    n += part.length;
    for (let i = 0; i < part.length; i++) sum += part[i]!;
  }
  if (n === 0) return { average: null, median: null, p90: null };
  const middle = Math.floor(n / 2);
  return {
    average: sum / n,
    median: n % 2 === 1 ? kthOfParts(parts, middle) : (kthOfParts(parts, middle - 1) + kthOfParts(parts, middle)) / 2,
    p90: kthOfParts(parts, Math.ceil(0.9 * n) - 1),
  };
}

/** The first index of an ascending array whose value is above `value` (`orEqual`: at or above). */
function boundOf(sorted: Float64Array, value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value || (!orEqual && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest value (from 0) of ascending arrays taken together. Each array keeps a
 * window of candidates; a pivot from the middle of the widest window either is the answer or
 * halves that window, so it takes O(arrays x log n) pivots of O(arrays x log n) each.
 */
function kthOfParts(parts: readonly Float64Array[], k: number): number {
  const lo = parts.map(() => 0);
  const hi = parts.map((p) => p.length);
  for (;;) {
    let widest = 0;
    for (let i = 1; i < parts.length; i++) if (hi[i]! - lo[i]! > hi[widest]! - lo[widest]!) widest = i;
    const pivot = parts[widest]![(lo[widest]! + hi[widest]!) >>> 1]!;
    let below = 0;
    let through = 0;
    const belowAt = parts.map((p) => boundOf(p, pivot, true));
    const throughAt = parts.map((p) => boundOf(p, pivot, false));
    for (let i = 0; i < parts.length; i++) {
      below += belowAt[i]!;
      through += throughAt[i]!;
    }
    if (k >= below && k < through) return pivot;
    for (let i = 0; i < parts.length; i++) {
      if (k < below) hi[i] = Math.min(hi[i]!, belowAt[i]!);
      else lo[i] = Math.max(lo[i]!, throughAt[i]!);
    }
  }
}

/** The values of ascending arrays in one ascending array, merged two by two (O(n log arrays)). */
export function mergedSorted(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 0) return new Float64Array(0);
  let level = [...parts];
  while (level.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let at = 0;
  while (i < a.length && j < b.length) out[at++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[at++] = a[i++]!;
  while (j < b.length) out[at++] = b[j++]!;
  return out;
}

/** How many different values an ascending array holds. */
export function distinctCount(sorted: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
