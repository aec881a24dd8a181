import { describe, expect, it } from "vitest";
import { parseDigestSchedule } from "../../src/domain/digest-schedule.ts";
import { digestListing, dueRun, previewRun } from "../../src/digests/digest-run.ts";
import type { Subscription } from "../../src/store/workspace/digests.ts";

function subscription(words: string[], zone: string): Subscription {
  const parsed = parseDigestSchedule(words, zone);
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    id: "dg0001",
    workspaceId: "T0001",
    channelId: "C0001",
    report: "assignments",
    schedule: JSON.stringify(parsed.schedule),
    createdBy: "U0001",
    createdAt: Date.parse("2026-01-01T00:00:00Z"),
    pausedAt: null,
    pausedReason: null,
  };
}

const at = Date.parse;
// Every Monday at 09:00 in Paris: 08:00Z in November.
const weekly = subscription(["weekly", "mon", "09:00"], "Europe/Paris");

describe("a digest's run, derived once from its subscription", () => {
  it("is due at the latest scheduled time, for the last full week, with the ledger's key", () => {
    const run = dueRun(weekly, at("2026-11-23T08:00:00Z"));
    expect(run).toMatchObject({
      dueAt: at("2026-11-23T08:00:00Z"),
      period: { from: "2026-11-16", to: "2026-11-22" },
      periodKey: "2026-11-16..2026-11-22",
    });
    expect(run.schedule).toMatchObject({ frequency: "weekly", weekday: 1, time: "09:00", timeZone: "Europe/Paris" });
    // A minute before, the run due is last Monday's.
    expect(dueRun(weekly, at("2026-11-23T07:59:00Z"))).toMatchObject({
      dueAt: at("2026-11-16T08:00:00Z"),
      periodKey: "2026-11-09..2026-11-15",
    });
  });

  it("previews as if it were due now, and lists the next run", () => {
    const now = at("2026-11-23T07:59:00Z");
    expect(previewRun(weekly, now)).toMatchObject({ dueAt: now, periodKey: "2026-11-16..2026-11-22" });
    expect(digestListing(weekly, undefined, now)).toMatchObject({ nextDueAt: at("2026-11-23T08:00:00Z"), lastRun: undefined });
  });
});
