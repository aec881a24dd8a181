// An alert episode's steps (src/domain/alert-lifecycle.ts): open once, update in place at
// most every 5 minutes, notify again only after the cooldown and only if worse (or when a
// snooze ends), never after an acknowledgement, resolve when the condition clears.
import { describe, expect, it } from "vitest";
import { nextStep, stepKey, UPDATE_EVERY_MS, type OpenEpisode } from "../../src/domain/alert-lifecycle.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse("2026-12-07T09:00:00Z");

const episode = (over: Partial<OpenEpisode> = {}): OpenEpisode => ({
  episode: 3,
  startedAt: T0,
  value: 100,
  updatedAt: T0,
  notifiedValue: 100,
  notifiedAt: T0,
  notifications: 1,
  acknowledgedBy: null,
  snoozedUntil: null,
  ...over,
});

describe("alert lifecycle", () => {
  it("opens the next episode when the condition becomes true, and only then", () => {
    expect(nextStep(null, 2, { holds: true, value: 5 }, T0, HOUR)).toEqual({ kind: "open", episode: 3 });
    expect(nextStep(null, 2, { holds: false }, T0, HOUR)).toBeNull();
    // A business-hours rule outside business hours starts nothing.
    expect(nextStep(null, 2, { holds: "not-now" }, T0, HOUR)).toBeNull();
  });

  it("updates in place at most every 5 minutes, and only when the figure moved", () => {
    const open = episode();
    expect(nextStep(open, 3, { holds: true, value: 120 }, T0 + UPDATE_EVERY_MS - 1, HOUR)).toBeNull();
    expect(nextStep(open, 3, { holds: true, value: 120 }, T0 + UPDATE_EVERY_MS, HOUR)).toEqual({ kind: "update", episode: 3 });
    expect(nextStep(open, 3, { holds: true, value: 100 }, T0 + HOUR, HOUR)).toBeNull();
    // Closed for the night: the episode goes on untouched.
    expect(nextStep(open, 3, { holds: "not-now" }, T0 + HOUR, HOUR)).toBeNull();
  });

  it("notifies again after the cooldown only if worse than last notified", () => {
    const open = episode();
    expect(nextStep(open, 3, { holds: true, value: 150 }, T0 + HOUR - 1, HOUR)).toEqual({ kind: "update", episode: 3 });
    expect(nextStep(open, 3, { holds: true, value: 150 }, T0 + HOUR, HOUR)).toEqual({ kind: "notify", episode: 3, notification: 2 });
    expect(nextStep(open, 3, { holds: true, value: 90 }, T0 + 2 * HOUR, HOUR)).toEqual({ kind: "update", episode: 3 });
    expect(nextStep(episode({ value: 90 }), 3, { holds: true, value: 90 }, T0 + 2 * HOUR, HOUR)).toBeNull();
    // A 30-minute cooldown.
    expect(nextStep(open, 3, { holds: true, value: 150 }, T0 + 30 * MIN, 30 * MIN)).toMatchObject({ kind: "notify" });
  });

  it("never notifies again once acknowledged, and keeps the message current", () => {
    const acked = episode({ acknowledgedBy: "U1" });
    expect(nextStep(acked, 3, { holds: true, value: 1_000 }, T0 + 5 * HOUR, HOUR)).toEqual({ kind: "update", episode: 3 });
  });

  it("stays quiet while snoozed, then reminds once the snooze is over, worse or not", () => {
    const snoozed = episode({ snoozedUntil: T0 + 4 * HOUR, value: 100 });
    expect(nextStep(snoozed, 3, { holds: true, value: 500 }, T0 + 2 * HOUR, HOUR)).toEqual({ kind: "update", episode: 3 });
    expect(nextStep(snoozed, 3, { holds: true, value: 100 }, T0 + 4 * HOUR, HOUR)).toEqual({ kind: "notify", episode: 3, notification: 2 });
    // After that reminder, only worse counts again.
    const reminded = episode({ snoozedUntil: T0 + 4 * HOUR, notifiedAt: T0 + 4 * HOUR, notifications: 2 });
    expect(nextStep(reminded, 3, { holds: true, value: 100 }, T0 + 6 * HOUR, HOUR)).toBeNull();
  });

  it("resolves when the condition clears, whatever the acknowledgement or snooze", () => {
    expect(nextStep(episode({ acknowledgedBy: "U1", snoozedUntil: T0 + HOUR }), 3, { holds: false }, T0 + MIN, HOUR)).toEqual({
      kind: "resolve",
      episode: 3,
    });
  });

  it("names each step once in the ledger: updates by their 5-minute slot", () => {
    expect(stepKey({ kind: "open", episode: 1 }, T0)).toBe("open");
    expect(stepKey({ kind: "notify", episode: 1, notification: 4 }, T0)).toBe("notify:4");
    expect(stepKey({ kind: "resolve", episode: 1 }, T0)).toBe("resolve");
    const slot = stepKey({ kind: "update", episode: 1 }, T0);
    expect(stepKey({ kind: "update", episode: 1 }, T0 + UPDATE_EVERY_MS - 1)).toBe(slot);
    expect(stepKey({ kind: "update", episode: 1 }, T0 + UPDATE_EVERY_MS)).not.toBe(slot);
  });
});
