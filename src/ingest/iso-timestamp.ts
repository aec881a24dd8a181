// The contract's timestamps: YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or ±HH[:MM]. Parsed by hand:
// luxon's fromISO cost 10 µs an event, most of the validation time of a bulk ingest (bench: ingest-phases).
export const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of an ISO 8601 timestamp with an offset, or null when it is not a real instant. */
export function parseIsoWithOffset(value: string): number | null {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return null;
  // Unary + on the captures: this runs once per event of a bulk ingest.
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = m[6] === undefined ? 0 : +m[6];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = m[10] === undefined ? 0 : +m[10];
  const offsetMinutes = m[11] === undefined ? 0 : +m[11];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Fractions beyond milliseconds are cut, not rounded: "…59.9999Z" stays in its second.
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : +(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0"));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}
