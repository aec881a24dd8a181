// A digest subscription in one mrkdwn line (id, report, schedule in words, channel, next run
// or pause, last outcome): what `/pulse digest list` and the App Home show.
import { DateTime } from "luxon";
import { describeDigestSchedule, type DigestSchedule } from "../../domain/digest-schedule.ts";
import type { ReportName } from "../../domain/report-request.ts";
import { codeSpan, escapeMrkdwn } from "./mrkdwn.ts";

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

export function digestLine({ subscription, schedule, nextDueAt, lastRun: run }: DigestListing): string {
  const next = DateTime.fromMillis(nextDueAt, { zone: schedule.timeZone }).toFormat("ccc d LLL HH:mm");
  const outcome = run ? `last: ${run.status} (${run.periodKey}${run.error ? `, ${escapeMrkdwn(run.error)}` : ""})` : "not run yet";
  const state = subscription.pausedAt ? `:double_vertical_bar: paused (${escapeMrkdwn(subscription.pausedReason ?? "")})` : `next ${next}`;
  return `• ${codeSpan(subscription.id)} /${subscription.report} ${describeDigestSchedule(schedule)} in <#${subscription.channelId}> — ${state} — ${outcome}`;
}
