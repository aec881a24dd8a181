// "How these figures are computed": the time zone, the business hours and holidays used, the
// rule of each figure in one line, and what the change compares with, so that a manager can
// answer "how was this counted?" without leaving the message (docs/definitions.md holds the
// full definitions).
import { holidaysText } from "../../domain/business-hours/hours-text.ts";
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { periodDays } from "./report-words.ts";

const ASSIGNMENT_RULES = [
  "Assignments: every assignment in the period, by when it happened; unassignments count, as in respond.io's Assignments report.",
  "Source: how the contact was assigned (a user, a workflow, a bot...), as the inbox reported it.",
  "Log: newest first; previous assignee and conversation id are in the CSV export.",
];

const AGENT_RULES = [
  "First response: from the customer's first email to the first agent reply, credited to the agent who replied.",
  "Resolution: from the customer's first email to the last close, credited to the agent who closed.",
  "Business hours: only time the inbox is open counts, by the hours in force when the conversation started; any time: clock time.",
  "Average as in Heyday's export; median: half the conversations took less. Slowest first: by average first response.",
];

/** "Compared with the previous 30 days (25 Sep - 24 Oct 2026)." */
function comparedWith(period: AssignmentsReport["previous"]["period"]): string {
  return `Change: against ${period.words} (${period.days.first} to ${period.days.last}).`;
}

export function assignmentsMethod(report: Pick<AssignmentsReport, "period" | "previous">): string[] {
  return [`Times in ${report.period.timeZone}.`, ...ASSIGNMENT_RULES, comparedWith(report.previous.period)];
}

/** The holidays of the schedules used that fall in the period, as dates. */
function holidaysIn(report: Pick<AgentPerformanceReport, "period" | "schedules">): string[] {
  const { first, last } = periodDays(report.period);
  const [from, to] = [first.toISODate()!, last.toISODate()!];
  return [...new Set(report.schedules.flatMap((v) => v.schedule.holidays))].filter((day) => day >= from && day <= to);
}

export function agentMethod(report: Pick<AgentPerformanceReport, "period" | "previous" | "schedules">): string[] {
  const holidays = holidaysIn(report);
  return [
    `Times in ${report.period.timeZone}. Business hours: ${describeVersions(report.schedules)}.`,
    holidays.length === 0 ? "No holidays in the period." : `Holidays in the period: ${holidaysText(holidays)}.`,
    ...AGENT_RULES,
    comparedWith(report.previous.period),
  ];
}
