// Durations in words, as every report, chart, digest and export shows them.
const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/** "45 s", "12 min", "1 h 12 min", "2 d 3 h"; minutes from 1 min, hours from 1 day. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const seconds = Math.round(ms / 1000);
  if (seconds === 0) return ms === 0 ? "0 min" : "< 1 s";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < DAY_MINUTES) {
    const [h, m] = [Math.floor(minutes / 60), minutes % 60];
    return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(ms / 3_600_000);
  const [d, h] = [Math.floor(hours / 24), hours % 24];
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}
