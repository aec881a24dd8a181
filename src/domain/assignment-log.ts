// The Assignments report's log as the seed's table shows it: newest first, in pages, and
// no further than its cap (the CLI export has none).

/**
 * How a Slack message shows the log (the TABLES setting): "native", a data_table block that
 * Slack pages, sorts and filters itself; "table", a table block paged by our buttons, for
 * clients that cannot draw a data_table.
 */
export const LOG_TABLES = ["native", "table"] as const;
export type LogTable = (typeof LOG_TABLES)[number];

/** Rows per page of the log: what one data_table holds (its 100-row limit), or a table block's page. */
export const LOG_PAGE_SIZES: Record<LogTable, number> = { native: 100, table: 20 };
export const LOG_PAGE_SIZE = LOG_PAGE_SIZES.table;

/** The seed's cap on the log table (and on the CSV export from Slack). */
export const LOG_ROW_CAP = 10_000;
