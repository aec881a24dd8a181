// Slack's answers that decide what a scheduled post (a digest, an alert) does next.

/** Errors that no retry can fix: the digest or alert is paused and its creator told. */
export const PAUSING_ERRORS: ReadonlySet<string> = new Set(["channel_not_found", "not_in_channel", "is_archived", "channel_is_archived"]);

/** The Web API's error code (`channel_not_found`...), if the error came from Slack. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}
