// Evaluates one alert rule at one instant (docs/definitions.md, "Alerts"): whether its
// condition holds, the figure that says how bad it is, and what its message shows. Each rule
// reads one index range of its workspace (src/store/queries/alerts.ts, and the report's
// per-agent values for the time rules).
import type { AlertEvaluation } from "../domain/alert-findings.ts";
import type { AlertCondition, AlertRuleSpec } from "../domain/alert-rules.ts";
import { businessMillis, isOpenAt } from "../domain/business-hours/open-time.ts";
import type { BusinessSchedule } from "../domain/business-hours/schedule.ts";
import { scheduleAt } from "../domain/schedule-versions.ts";
import { median, partsDurationStats } from "../domain/statistics.ts";
import { filteredAgentKeys } from "../reports/agent-performance-report.ts";
import type { ReportContext } from "../reports/report-context.ts";
import { sourceCounts, waitingConversations } from "../store/queries/alerts.ts";
import { creditedValues } from "../store/queries/email.ts";
import { streamPeople } from "../store/queries/people.ts";

/** Conversations started longer ago than this are left to the reports: an abandoned thread would keep the alert up for ever. */
const WAITING_HORIZON_MS = 30 * 86_400_000;
/** The oldest waiting customers a message lists. */
const WAITING_LISTED = 10;
const WEEK_MS = 7 * 86_400_000;

/** Waited so far on the rule's clock. */
const waited = (clock: "business" | "any-time", schedule: BusinessSchedule, from: number, to: number) =>
  clock === "any-time" ? to - from : businessMillis(schedule, from, to);

/** The latest start from which a customer has waited longer than `thresholdMs` by `now` (binary search: waits shrink as starts move later). */
function waitingCutoff(
  clock: "business" | "any-time",
  schedule: BusinessSchedule,
  since: number,
  now: number,
  thresholdMs: number,
): number {
  if (clock === "any-time") return Math.max(since, now - thresholdMs);
  if (waited(clock, schedule, since, now) <= thresholdMs) return since;
  let lo = since; // waited more than the threshold
  let hi = now; // waited at most the threshold
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (waited(clock, schedule, mid, now) > thresholdMs) lo = mid;
    else hi = mid;
  }
  return hi;
}

async function findings(context: ReportContext, condition: AlertCondition, schedule: BusinessSchedule): Promise<AlertEvaluation> {
  const { db, workspaceId, now } = context;
  switch (condition.kind) {
    case "waiting": {
      const since = now - WAITING_HORIZON_MS;
      const cutoff = waitingCutoff(condition.clock, schedule, since, now, condition.thresholdSeconds * 1000);
      const { oldest, count } = await waitingConversations(db, workspaceId, since, cutoff, WAITING_LISTED);
      const listed = oldest.map((c) => ({
        customer: c.customerName ?? c.customerEmail,
        startedAt: c.startedAt,
        waitedMs: waited(condition.clock, schedule, c.startedAt, now),
      }));
      return {
        evaluation: count > 0 ? { holds: true, value: Math.round(listed[0]!.waitedMs / 1000) } : { holds: false },
        findings: { kind: "waiting", count, oldest: listed },
      };
    }
    case "response-time": {
      const credit = condition.metric === "first-response" ? "first_response" : "resolution";
      const keys =
        condition.agent === null ? null : await filteredAgentKeys(context, await streamPeople(db, workspaceId, "email"), [condition.agent]);
      const parts = await creditedValues(
        db,
        { workspaceId, start: now - condition.windowSeconds * 1000, end: now, agentKeys: keys },
        credit,
      );
      const stats = partsDurationStats(parts.map((p) => (condition.clock === "business" ? p.businessSeconds : p.seconds)));
      const count = parts.reduce((sum, p) => sum + p.count, 0);
      const seconds = condition.statistic === "median" ? stats.median : stats.average;
      const holds = seconds !== null && count >= condition.minVolume && seconds > condition.thresholdSeconds;
      return { evaluation: holds ? { holds, value: seconds } : { holds: false }, findings: { kind: "response-time", count, seconds } };
    }
    case "source-change": {
      const window = condition.windowSeconds * 1000;
      const windows = [0, 1, 2, 3, 4].map((week) => ({ start: now - window - week * WEEK_MS, end: now - week * WEEK_MS }));
      const [current, ...weeks] = await sourceCounts(db, workspaceId, condition.source, windows);
      const baseline = median(weeks)!;
      const changePercent = baseline === 0 ? null : ((current! - baseline) / baseline) * 100;
      // A spike needs volume now, a drop needed it before; an empty baseline can only spike.
      const holds =
        condition.direction === "up"
          ? current! >= condition.minVolume && (changePercent === null || changePercent > condition.percent)
          : // "change < -100%": the source stopped (-100% is as low as a change goes).
            baseline >= condition.minVolume &&
            changePercent !== null &&
            (changePercent < -condition.percent || (condition.percent >= 100 && current === 0));
      // Larger is worse: more assignments in a spike, fewer in a drop.
      const value = condition.direction === "up" ? current! : baseline - current!;
      return {
        evaluation: holds ? { holds, value } : { holds: false },
        findings: { kind: "source-change", current: current!, baseline, weeks, changePercent },
      };
    }
  }
}

/** Whether the rule counts business time: such a rule starts nothing new while the workspace is closed. */
const countsBusinessTime = (condition: AlertCondition) => condition.kind !== "source-change" && condition.clock === "business";

export async function evaluateAlertRule(context: ReportContext, spec: AlertRuleSpec): Promise<AlertEvaluation> {
  const schedule = scheduleAt(context.timeline.versions, context.now, context.timeline.fallback);
  const result = await findings(context, spec.condition, schedule);
  if (result.evaluation.holds === true && countsBusinessTime(spec.condition) && !isOpenAt(schedule, context.now)) {
    return { ...result, evaluation: { holds: "not-now" } };
  }
  return result;
}
