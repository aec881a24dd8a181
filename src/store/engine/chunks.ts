// Long lists of keys go to the database in chunks: each statement stays within both
// databases' parameter limits.
export const CHUNK = 500;

export async function inChunks<K, T>(keys: readonly K[], query: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < keys.length; start += CHUNK) results.push(...(await query(keys.slice(start, start + CHUNK))));
  return results;
}

/** `?, ?, ...`: n placeholders. */
export function placeholders(n: number): string {
  return new Array(n).fill("?").join(", ");
}
