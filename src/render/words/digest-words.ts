// A digest in words, the same in every medium: its line in a list (`/pulse digest list`, the
// App Home, `inbox-pulse digest list`) and the answer to adding one. The medium passes its
// markup: Slack's mrkdwn, or plain text for the terminal.
import { DateTime } from "luxon";
import { describeDigestSchedule, type DigestSchedule } from "../../domain/digest-schedule.ts";
import type { ReportName } from "../../domain/report-request.ts";
import type { Markup } from "./markup.ts";

/** What a digest's line shows, derived by src/digests/digest-run.ts. */
export interface DigestListing {
  readonly subscription: {
    readonly id: string;
    readonly report: ReportName;
    readonly channelId: string;
    readonly pausedAt: number | null;
    readonly pausedReason: string | null;
  };
  readonly schedule: DigestSchedule;
  readonly nextDueAt: number;
  readonly lastRun: { readonly status: string; readonly periodKey: string; readonly error: string | null } | undefined;
}

/** "/assignments every Monday at 09:00 (Europe/Paris) in <channel>". */
function whatAndWhere({ subscription, schedule }: DigestListing, m: Markup): string {
  return `/${subscription.report} ${describeDigestSchedule(schedule)} in ${m.channel(subscription.channelId)}`;
}

/** id, report, schedule in words, channel, next run (local time) or pause, last outcome. */
export function digestLineWords(listing: DigestListing, m: Markup): string {
  const { subscription, schedule, nextDueAt, lastRun: run } = listing;
  const next = DateTime.fromMillis(nextDueAt, { zone: schedule.timeZone }).toFormat("ccc d LLL HH:mm");
  const outcome = run ? `last: ${run.status} (${run.periodKey}${run.error ? `, ${m.text(run.error)}` : ""})` : "not run yet";
  const state = subscription.pausedAt ? `${m.paused} (${m.text(subscription.pausedReason ?? "")})` : `next ${next}`;
  return `${m.id(subscription.id)} ${whatAndWhere(listing, m)} — ${state} — ${outcome}`;
}

/** The answer to adding a digest: what it posts, where, and when first. */
export function digestAddedWords(listing: DigestListing, m: Markup): string {
  const first = DateTime.fromMillis(listing.nextDueAt, { zone: listing.schedule.timeZone }).toFormat("ccc d LLL yyyy HH:mm");
  return `Digest ${m.id(listing.subscription.id)}: ${whatAndWhere(listing, m)}. First post: ${first}.`;
}
