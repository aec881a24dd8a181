// The instants an event may carry (epoch ms): the ingest rejects others, and the store
// relies on no event being older than EARLIEST_EVENT (src/store/email-store.ts).
export const EARLIEST_EVENT = Date.UTC(1970, 0, 1);
export const AFTER_LATEST_EVENT = Date.UTC(2101, 0, 1);
