import { describe, expect, it } from "vitest";
import { formEffectiveDate, formScheduleChange, implicitVersion, planScheduleChange } from "../../src/domain/schedule-versions.ts";
import { defaultSchedule } from "../../src/domain/business-hours/schedule.ts";

describe("the settings form's Applies from", () => {
  const paris = { ...implicitVersion("Europe/Paris"), effectiveFrom: Date.parse("2026-11-01T00:00:00+01:00") };
  // 02:46 in Paris, still the 6th in New York.
  const now = Date.parse("2026-12-07T01:46:00Z");

  it("takes the date it showed as today to mean today in the new zone, so a zone behind the old one is in force at once", () => {
    const from = formEffectiveDate({ date: "2026-12-07" }, paris, now);
    expect(from).toBeNull();
    const change = formScheduleChange(paris, defaultSchedule("America/New_York"), from)!;
    const plan = planScheduleChange([paris], "Europe/Paris", change, now);
    expect(plan.effectiveFrom).toBe(Date.parse("2026-12-06T00:00:00-05:00"));
    expect(plan.effectiveFrom).toBeLessThanOrEqual(now);
  });

  it("keeps any other date, and the start, as picked", () => {
    expect(formEffectiveDate({ date: "2026-12-08" }, paris, now)).toEqual({ date: "2026-12-08" });
    expect(formEffectiveDate({ date: "2026-12-06" }, paris, now)).toEqual({ date: "2026-12-06" });
    expect(formEffectiveDate("start", paris, now)).toBe("start");
    expect(formEffectiveDate(null, paris, now)).toBeNull();
  });
});
