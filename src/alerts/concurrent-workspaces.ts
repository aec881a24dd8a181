// How an alert tick gets through many workspaces in time: a few workspaces at once, each
// one's rules still one after the other. A rule's evaluation is a handful of short reads, so
// a tick one workspace at a time spends much of its time waiting on the database: on
// PostgreSQL, 3,000 rules in 1,000 workspaces took 3.1 s a tick (5.4 s at p95 on a busy
// machine, over the 5-second target), 1.9 s four at a time (bench/README.md, "Alerts and
// digests at scale").

/**
 * Runs `work` on each group, at most `atOnce` at a time, in the order given; resolves with
 * the results in that order. After a failure no new group starts; the rejection comes once
 * those under way have ended.
 */
export async function forEachConcurrently<T, R>(groups: readonly T[], atOnce: number, work: (group: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(groups.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < groups.length) {
      const index = next++;
      try {
        results[index] = await work(groups[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(atOnce, groups.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
