// A digest subscription in one mrkdwn line (id, report, schedule in words, channel, next run
// or pause, last outcome): what `/pulse digest list` and the App Home show.
import { DateTime } from "luxon";
import { describeDigestSchedule, nextDueAfter } from "../../domain/digest-schedule.ts";
import { scheduleOf } from "../../digests/digest-runner.ts";
import type { LastRun, Subscription } from "../../store/workspace/digests.ts";
import { codeSpan, escapeMrkdwn } from "./mrkdwn.ts";

export function digestLine(subscription: Subscription, run: LastRun | undefined, now: number): string {
  const schedule = scheduleOf(subscription);
  const next = DateTime.fromMillis(nextDueAfter(schedule, now), { zone: schedule.timeZone }).toFormat("ccc d LLL HH:mm");
  const outcome = run ? `last: ${run.status} (${run.periodKey}${run.error ? `, ${escapeMrkdwn(run.error)}` : ""})` : "not run yet";
  const state = subscription.pausedAt ? `:double_vertical_bar: paused (${escapeMrkdwn(subscription.pausedReason ?? "")})` : `next ${next}`;
  return `• ${codeSpan(subscription.id)} /${subscription.report} ${describeDigestSchedule(schedule)} in <#${subscription.channelId}> — ${state} — ${outcome}`;
}
