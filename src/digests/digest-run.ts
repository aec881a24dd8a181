// The one place a digest's run is derived from its subscription: the schedule, when the
// run is due, the period it reports on and the one before it, and the ledger's key. The
// ledger, the reports, the message and its metadata are handed the run, never re-derive it.
import { dueAtOrBefore, nextDueAfter, periodFor, periodKeyFor, type DigestPeriod, type DigestSchedule } from "../domain/digest-schedule.ts";
import { emptyFilters, type ReportRequest } from "../domain/report-request.ts";
import type { DigestListing } from "../render/words/digest-words.ts";
import { buildReport, type Report } from "../reports/build-report.ts";
import { loadReportContext, type ReportContext } from "../reports/report-context.ts";
import type { Database } from "../store/engine/database.ts";
import type { LastRun, Subscription } from "../store/workspace/digests.ts";

export interface DigestRun {
  readonly subscription: Subscription;
  readonly schedule: DigestSchedule;
  /** The instant the run is for (the scheduled one, or now for a preview). */
  readonly dueAt: number;
  /** The last full period before dueAt's local date. */
  readonly period: DigestPeriod;
  /** The ledger's key, e.g. "2026-11-16..2026-11-22": the same whenever the run happens. */
  readonly periodKey: string;
}

/** The result a digest shows (its figures carry the period before's), and the context it was built in. */
export interface DigestReports {
  readonly context: ReportContext;
  readonly report: Report;
}

function scheduleOf(subscription: Subscription): DigestSchedule {
  return JSON.parse(subscription.schedule) as DigestSchedule;
}

function runAt(subscription: Subscription, schedule: DigestSchedule, dueAt: number): DigestRun {
  const period = periodFor(schedule, dueAt);
  return {
    subscription,
    schedule,
    dueAt,
    period,
    periodKey: periodKeyFor(schedule, dueAt),
  };
}

/** The latest run due at or before `now`: what the scheduler posts. */
export function dueRun(subscription: Subscription, now: number): DigestRun {
  const schedule = scheduleOf(subscription);
  return runAt(subscription, schedule, dueAtOrBefore(schedule, now));
}

/** The run as if it were due now: what `/pulse digest preview` shows. */
export function previewRun(subscription: Subscription, now: number): DigestRun {
  return runAt(subscription, scheduleOf(subscription), now);
}

/** A listing with the rows it was made from (for `inbox-pulse digest list --json`). */
export interface StoredDigestListing extends DigestListing {
  readonly subscription: Subscription;
  readonly lastRun: LastRun | undefined;
}

/** A subscription as `/pulse digest list` and the App Home list it: its next run and its last one. */
export function digestListing(subscription: Subscription, lastRun: LastRun | undefined, now: number): StoredDigestListing {
  const schedule = scheduleOf(subscription);
  return { subscription, schedule, nextDueAt: nextDueAfter(schedule, now), lastRun };
}

/** The run's report, built in one context (one read of the workspace) at `now`. */
export async function digestReports(db: Database, run: DigestRun, now: number): Promise<DigestReports> {
  const context = await loadReportContext(db, run.subscription.workspaceId, now);
  const request: ReportRequest = { report: run.subscription.report, period: run.period, filters: emptyFilters(), page: 0 };
  return { context, report: await buildReport(context, request) };
}
