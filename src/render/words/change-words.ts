// A figure's change against the previous period in words, the same in every report, the App
// Home and digests: "▲ 12%" for counts, "▼ 6 min" for durations (a fall there is good news,
// and minutes say more to a manager than a percentage of a duration).
import { formatDuration } from "../../domain/durations.ts";
import { change, type Change } from "../../domain/period-change.ts";

const ARROWS = { up: "▲", down: "▼" } as const;

/** Said where the previous period had nothing to compare with. */
const NO_PREVIOUS = "no previous data";

/** "12%", "0.4%" (under 1%, one decimal so that a small move does not read as none). */
function percentWords(percent: number): string {
  const size = Math.abs(percent);
  return `${size < 1 ? size.toFixed(1) : Math.round(size).toLocaleString("en-US")}%`;
}

function words(c: Change, amount: (moved: { percent: number; delta: number }) => string): string {
  if (c.kind === "none") return "-";
  if (c.kind === "new") return NO_PREVIOUS;
  if (c.kind === "same") return "no change";
  return `${ARROWS[c.kind]} ${amount(c)}`;
}

/** A change against the period before, named: "▲ 12% vs the previous 30 days", or "no data for the previous 30 days". */
export function versus(changeWords: string, before: string): string {
  return changeWords === NO_PREVIOUS ? `no data for ${before}` : `${changeWords} vs ${before}`;
}

/** A count's change: "▲ 12%", "▼ 3%", "no change", "no previous data". */
export function countChange(current: number, previous: number): string {
  return words(change(current, previous), (c) => percentWords(c.percent));
}

/**
 * A duration's change (seconds): "▼ 6 min", "▲ 1 h 5 min"; `businessTime` writes hours only
 * (docs/definitions.md, "Business hours").
 */
export function durationChange(current: number | null, previous: number | null, businessTime: boolean): string {
  return words(change(current, previous), (c) => formatDuration(Math.abs(c.delta) * 1000, businessTime));
}
