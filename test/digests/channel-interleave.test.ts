import { describe, expect, it } from "vitest";
import { interleaveByChannel } from "../../src/digests/channel-interleave.ts";

const posts = (...channels: string[]) => channels.map((channelId, i) => ({ id: i, channelId }));

describe("the order digests are posted in", () => {
  it("goes round the channels, each channel's own order kept", () => {
    const order = interleaveByChannel(posts("A", "A", "A", "B", "B", "C"));
    expect(order.map((p) => `${p.channelId}${p.id}`)).toEqual(["A0", "B3", "C5", "A1", "B4", "A2"]);
  });

  it("keeps every item once, and an empty list empty", () => {
    const items = posts(..."ABCABCAAAB".split(""));
    expect(
      interleaveByChannel(items)
        .map((p) => p.id)
        .sort((a, b) => a - b),
    ).toEqual(items.map((p) => p.id));
    expect(interleaveByChannel([])).toEqual([]);
  });
});
