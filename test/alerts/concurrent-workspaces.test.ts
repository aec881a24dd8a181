import { describe, expect, it } from "vitest";
import { forEachConcurrently } from "../../src/alerts/concurrent-workspaces.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("workspaces evaluated a few at once", () => {
  it("keeps the results in the order given, with never more than `atOnce` under way", async () => {
    let running = 0;
    let most = 0;
    const results = await forEachConcurrently([5, 1, 4, 2, 3, 0], 3, async (n) => {
      most = Math.max(most, ++running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it("starts nothing new after a failure, and rejects once those under way have ended", async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const run = forEachConcurrently([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 0) throw new Error("workspace 0 failed");
      await tick();
      ended.push(n);
    });
    await expect(run).rejects.toThrow("workspace 0 failed");
    expect(started).toEqual([0, 1]);
    expect(ended).toEqual([1]);
  });

  it("runs one at a time when asked for 1, and handles no groups", async () => {
    const order: string[] = [];
    await forEachConcurrently(["a", "b"], 1, async (id) => {
      order.push(`start ${id}`);
      await tick();
      order.push(`end ${id}`);
    });
    expect(order).toEqual(["start a", "end a", "start b", "end b"]);
    expect(await forEachConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
