// Latency benches (reports, charts, Slack acks): repeated timings of a path beside its
// baseline, p50/p95/p99, and the table row that compares them.
import { percentile, slower, timed, type Check, type TableRow } from "./report.ts";

export interface Latency {
  /** Sorted, in ms. */
  samples: number[];
  p50: number;
  p95: number;
  p99: number;
}

export function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: sorted, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export const ms = (n: number): string => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
/** "12.3 / 15.0 ms" for the percentiles asked. */
export const percentiles = (l: Latency, which: readonly (50 | 95 | 99)[] = [50, 95]): string =>
  `${which.map((p) => (l[`p${p}`] < 10 ? l[`p${p}`].toFixed(2) : l[`p${p}`].toFixed(1))).join(" / ")} ms`;

/** Times `work` `runs` times after `warmups` untimed calls. */
export async function sample(runs: number, warmups: number, work: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmups; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work)).ms);
  return latencyOf(times);
}

/**
 * Times `path` and `baseline` `runs` times each after `warmups` untimed calls of both,
 * alternating them so that a burst of load from other work on the machine hits both alike.
 */
export async function comparePaths<A, B>(
  runs: number,
  warmups: number,
  path: () => Promise<A>,
  baseline: () => Promise<B>,
): Promise<{ path: Latency; baseline: Latency; lastPath: A; lastBaseline: B }> {
  let lastPath!: A;
  let lastBaseline!: B;
  for (let i = 0; i < warmups; i++) {
    lastPath = await path();
    lastBaseline = await baseline();
  }
  const p: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    const one = await timed(path);
    p.push(one.ms);
    lastPath = one.value;
    const two = await timed(baseline);
    b.push(two.ms);
    lastBaseline = two.value;
  }
  return { path: latencyOf(p), baseline: latencyOf(b), lastPath, lastBaseline };
}

export interface LatencyTargets {
  /** The path's p95 (or `at`) must be at or under this many ms. */
  maxMs?: number;
  /** ...and at most this many times the baseline's (same percentile). */
  maxRatio?: number;
  /** The percentile the targets apply to (default 95). */
  at?: 50 | 95 | 99;
}

/** One table row: the path's percentiles beside the baseline's, their ratio at the target's percentile. */
export function latencyRow(
  what: string,
  path: Latency,
  baseline: Latency,
  baselineLabel: string,
  targets: LatencyTargets = {},
  shown: readonly (50 | 95 | 99)[] = [50, 95],
): TableRow {
  const at = targets.at ?? 95;
  const ratio = path[`p${at}`] / baseline[`p${at}`];
  const checks: Check[] = [];
  const words: string[] = [];
  if (targets.maxMs !== undefined) {
    checks.push({ label: `p${at} <= ${targets.maxMs} ms`, ok: path[`p${at}`] <= targets.maxMs });
    words.push(`p${at} <= ${targets.maxMs} ms`);
  }
  if (targets.maxRatio !== undefined) {
    checks.push({ label: `<= ${targets.maxRatio}x baseline`, ok: ratio <= targets.maxRatio });
    words.push(`<= ${targets.maxRatio}x`);
  }
  const label = shown.map((p) => `p${p}`).join("/");
  return {
    what: `${what} (${label})`,
    figure: percentiles(path, shown),
    baseline: `${percentiles(baseline, shown)} (${baselineLabel})`,
    ratio: `${slower(ratio)} at p${at}`,
    target: words.length > 0 ? words.join(", ") : "-",
    ...(checks.length > 0 ? { checks } : {}),
  };
}
