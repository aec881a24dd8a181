import { describe, expect, it } from "vitest";
import { parseIsoWithOffset } from "../../src/ingest/iso-timestamp.ts";

describe("timestamp parsing", () => {
  it("agrees with luxon on 5,000 random timestamps with offsets, and rejects impossible ones", async () => {
    const { DateTime } = await import("luxon");
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    for (let i = 0; i < 5000; i++) {
      const offset = rand(3) === 0 ? "Z" : `${rand(2) ? "+" : "-"}${pad(rand(15))}:${pad([0, 30, 45][rand(3)]!)}`;
      const text = `${1970 + rand(130)}-${pad(1 + rand(12))}-${pad(1 + rand(28))}T${pad(rand(24))}:${pad(rand(60))}:${pad(rand(60))}.${pad(rand(1000), 3)}${offset}`;
      expect(parseIsoWithOffset(text), text).toBe(DateTime.fromISO(text, { setZone: true }).toMillis());
    }
    for (const bad of [
      "2026-02-29T10:00:00Z",
      "2026-04-31T10:00:00Z",
      "2026-13-01T10:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-01-01T10:60:00Z",
      "2026-01-01T10:00:00+25:00",
    ]) {
      expect(parseIsoWithOffset(bad), bad).toBeNull();
    }
    expect(parseIsoWithOffset("2028-02-29T10:00:00+01:00")).toBe(Date.UTC(2028, 1, 29, 9));
    expect(parseIsoWithOffset("2026-01-01T10:00:00.5Z")).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 500));
    expect(parseIsoWithOffset("2026-01-01T10:00:00.123999999Z")).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 123));
  });
});
