// Durations in words, as every report, chart, digest and export shows them.
const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/**
 * Clock time: "45 s", "12 min", "1 h 12 min", "2 d 3 h"; minutes from 1 min, days from 1 day.
 * `hoursOnly` for business time, which counts open hours only: a "day" of 24 of them would
 * read as one calendar day when it is three working days ("28 h 10 min", never "1 d 4 h").
 */
export function formatDuration(ms: number, hoursOnly = false): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
  if (ms < 0) return `-${formatDuration(-ms, hoursOnly)}`;
  const seconds = Math.round(ms / 1000);
  if (seconds === 0) return ms === 0 ? "0 min" : "< 1 s";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < DAY_MINUTES || hoursOnly) {
    const [h, m] = [Math.floor(minutes / 60).toLocaleString("en-US"), minutes % 60];
    return h === "0" ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(ms / 3_600_000);
  const [d, h] = [Math.floor(hours / 24), hours % 24];
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}
