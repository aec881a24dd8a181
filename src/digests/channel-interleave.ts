// The order the digest runner posts in: consecutive posts go to different channels. Slack
// takes about one message per second per channel and answers 429 beyond it, and the Web API
// client then holds back every call it has, not only that channel's: five digests of one
// channel posted back to back cost seconds each (bench/README.md, "Alerts and digests at
// scale"). Spread out, a channel's next digest comes a whole round of channels later.

/**
 * The items in rounds: each channel's first (channels in the order they first appear), then
 * each one's second, and so on; within a channel the order is kept.
 */
export function interleaveByChannel<T extends { channelId: string }>(items: readonly T[]): T[] {
  const byChannel = new Map<string, T[]>();
  for (const item of items) {
    const list = byChannel.get(item.channelId);
    if (list) list.push(item);
    else byChannel.set(item.channelId, [item]);
  }
  const out: T[] = [];
  const channels = [...byChannel.values()];
  for (let turn = 0; out.length < items.length; turn++) {
    for (const list of channels) if (turn < list.length) out.push(list[turn]!);
  }
  return out;
}
