// How a list command prints (`digest list`, `alert list`): one line per item, or with --json
// the items as JSON, and a sentence when there is none.
export function printList<T>(
  items: readonly T[],
  o: { json: boolean; toJson: (item: T) => unknown; line: (item: T) => string; none: string },
): number {
  if (o.json) {
    process.stdout.write(`${JSON.stringify(items.map(o.toJson), null, 2)}\n`);
    return 0;
  }
  if (items.length === 0) process.stdout.write(`${o.none}\n`);
  for (const item of items) process.stdout.write(`${o.line(item)}\n`);
  return 0;
}
