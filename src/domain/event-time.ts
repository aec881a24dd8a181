// The instants an event may carry (epoch ms): the ingest rejects others, and the store
// relies on no event being older than EARLIEST_EVENT (src/store/events/conversations.ts).
export const EARLIEST_EVENT = Date.UTC(1970, 0, 1);
export const AFTER_LATEST_EVENT = Date.UTC(2101, 0, 1);

/**
 * How far past its receipt an event may be dated: a sender's clock a little ahead. Later
 * is a wrong clock or time zone, and would count in `today` before it happened.
 */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Why an event dated `occurredAt` cannot have been received at `receivedAt`, or null. */
export function futureTimeError(occurredAt: number, receivedAt: number): string | null {
  if (occurredAt <= receivedAt + MAX_CLOCK_SKEW_MS) return null;
  return (
    `${new Date(occurredAt).toISOString()} is in the future: it was received at ${new Date(receivedAt).toISOString()}, ` +
    `and an event may be dated at most ${MAX_CLOCK_SKEW_MS / 60_000} minutes after its receipt (check the sender's clock and time zone)`
  );
}
