// The Assignments report's log as the seed's table shows it: newest first, in pages, and
// no further than its cap (the CLI export has none).
export const LOG_PAGE_SIZE = 20;
/** The seed's cap on the log table (and on the CSV export from Slack). */
export const LOG_ROW_CAP = 10_000;
