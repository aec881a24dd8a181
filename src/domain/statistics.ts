// Summary statistics of durations (seconds), as the agent-performance report shows them.
export interface DurationStats {
  average: number | null;
  median: number | null;
  /** 90th percentile, nearest rank: 90% of the values are at or below it. */
  p90: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  return partsDurationStats([Float64Array.from(values)]);
}

/** The median of any numbers (null for none): the middle value, or the mean of the two middle ones. */
export const median = (values: readonly number[]): number | null => durationStats(values).median;

/**
 * The figures of several arrays of values taken together (a team's from its agents'), in
 * any order. The median and the 90th percentile are found by selection in one copy of the
 * values, in linear time: sorting every agent's values took about 40% of the report's
 * main-thread time (bench/README.md, "/agent-performance figures").
 */
export function partsDurationStats(parts: readonly Float64Array[]): DurationStats {
  const values = joined(parts);
  const n = values.length;
  if (n === 0) return { average: null, median: null, p90: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const middle = Math.floor(n / 2);
  const median = select(values, middle, 0);
  // Selection leaves every value before `middle` at or below it, and every value after it at or above.
  let below = Number.NEGATIVE_INFINITY;
  if (n % 2 === 0) for (let i = 0; i < middle; i++) below = Math.max(below, values[i]!);
  return {
    average: sum / n,
    median: n % 2 === 1 ? median : (below + median) / 2,
    p90: select(values, Math.ceil(0.9 * n) - 1, middle),
  };
}

function joined(parts: readonly Float64Array[]): Float64Array {
  let n = 0;
  for (const part of parts) n += part.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The k-th smallest value (from 0) of `values[from..]`, left at index k with the smaller ones
 * before it and the larger ones after (Hoare's selection; the pivot a median of three, and
 * ties split between both sides, so that runs of equal values stay linear).
 */
function select(values: Float64Array, k: number, from: number): number {
  let lo = from;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo]!;
    const b = values[(lo + hi) >>> 1]!;
    const c = values[hi]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // Now values[lo..j] <= pivot, values[i..hi] >= pivot, and any between equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/**
 * How many different values the arrays hold together: non-negative integers (customer
 * numbers), marked in a bitmap of their range, or in an open-addressing table when the range
 * is far wider than their count; either beats sorting them.
 */
export function distinctCount(parts: readonly Float64Array[]): number {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    n += part.length;
    for (let i = 0; i < part.length; i++) {
      min = Math.min(min, part[i]!);
      max = Math.max(max, part[i]!);
    }
  }
  if (n === 0) return 0;
  return max - min < 64 * n ? distinctInRange(parts, min, max) : distinctByHash(parts, n);
}

/** A workspace's customer numbers are mostly close together: one bit each, a table that stays in cache. */
function distinctInRange(parts: readonly Float64Array[], min: number, max: number): number {
  const seen = new Uint32Array(Math.floor((max - min) / 32) + 1);
  let count = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const offset = part[i]! - min;
      const word = Math.floor(offset / 32);
      const bit = 1 << (offset % 32);
      if ((seen[word]! & bit) === 0) {
        seen[word]! |= bit;
        count++;
      }
    }
  }
  return count;
}

function distinctByHash(parts: readonly Float64Array[], n: number): number {
  // At most half full: a free slot is never far.
  const bits = 32 - Math.clz32(2 * n - 1);
  const mask = (1 << bits) - 1;
  const slots = new Float64Array(1 << bits).fill(-1);
  let count = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const value = part[i]!;
      let slot = Math.imul((value | 0) ^ ((value / 4_294_967_296) | 0), 0x9e3779b1) >>> (32 - bits);
      for (;;) {
        const held = slots[slot]!;
        if (held === value) break;
        if (held === -1) {
          slots[slot] = value;
          count++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  return count;
}
