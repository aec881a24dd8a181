// The App Home tab (result -> Block Kit). Pure: the listener builds the reports and digest
// lines. People who may run reports see the last 7 days at a glance, with the same blocks
// and figures as the reports; others see what the app does and whom to ask (contact
// names are personal data).
import { describeVersions } from "../../domain/schedule-versions.ts";
import type { ReportName } from "../../domain/report-request.ts";
import type { AgentPerformanceReport } from "../../reports/agent-performance-report.ts";
import { AGENT_REPORT_TITLE } from "../words/agent-performance-words.ts";
import type { AssignmentsReport } from "../../reports/assignments-report.ts";
import { formatCount, periodDates, periodWords, truncate } from "../words/report-words.ts";
import { REFUSAL } from "./refusals.ts";
import { teamBlocks } from "./agent-performance-blocks.ts";
import { summaryBlocks } from "./assignments-blocks.ts";
import { actionsBlock, mrkdwn, noticeBlocks, plain, titleBlocks, type Block } from "./common-blocks.ts";
import { codeSpan } from "./mrkdwn.ts";
import { SLACK_LIMITS } from "./limits.ts";

export interface HomeView {
  type: "home";
  blocks: Block[];
}

/** A click on "Open /<report>" carries the report's name as its value. */
export const HOME_ACTIONS = { openPrefix: "home_open_", refresh: "home_refresh" } as const;

/**
 * Digests, and alerts, shown before "and N more". With the glance's blocks this keeps the
 * view well within the 100 blocks of a Home tab.
 */
const MAX_HOME_LINES = 25;

export interface HomeGlance {
  assignments: AssignmentsReport;
  agents: AgentPerformanceReport;
  /** One mrkdwn line per digest (digestLine), in the order to show. */
  digests: string[];
  /** One mrkdwn line per alert rule with its state (alertLine), in the order to show. */
  alerts: string[];
}

const button = (text: string, actionId: string, value?: string) => ({
  type: "button" as const,
  text: plain(text),
  action_id: actionId,
  ...(value === undefined ? {} : { value }),
});

const openButton = (report: ReportName) => button(`Open /${report}`, `${HOME_ACTIONS.openPrefix}${report}`, report);

const refreshButton = () => button("Refresh", HOME_ACTIONS.refresh);

/** A titled list of one-line items (digests, alerts): what to type when empty, the command that shows them all. */
function listBlocks(title: string, lines: string[], empty: string, command: string): Block[] {
  const blocks: Block[] = [{ type: "header", text: plain(title) }];
  if (lines.length === 0) return [...blocks, { type: "context", elements: [mrkdwn(empty)] }];
  blocks.push(
    ...lines.slice(0, MAX_HOME_LINES).map((line): Block => ({ type: "section", text: mrkdwn(truncate(line, SLACK_LIMITS.text)) })),
  );
  if (lines.length > MAX_HOME_LINES) {
    blocks.push({
      type: "context",
      elements: [mrkdwn(`…and ${formatCount(lines.length - MAX_HOME_LINES)} more: \`${command}\` shows them all.`)],
    });
  }
  return blocks;
}

export function homeView(glance: HomeGlance, updatedAt: string): HomeView {
  const { assignments, agents } = glance;
  return {
    type: "home",
    blocks: [
      ...titleBlocks(`Inbox Pulse · ${periodWords(assignments.period)}`, [
        `${periodDates(assignments.period)} · times in ${assignments.period.timeZone} · updated ${updatedAt}`,
      ]),
      ...summaryBlocks(assignments),
      ...noticeBlocks(assignments.notices),
      { type: "divider" },
      { type: "section", text: mrkdwn(`*${AGENT_REPORT_TITLE}*`) },
      { type: "context", elements: [plain(`Business hours: ${describeVersions(agents.schedules)}`)] },
      ...teamBlocks(agents),
      ...actionsBlock([openButton("assignments"), openButton("agent-performance"), refreshButton()]),
      { type: "context", elements: [plain("A full report opens in your direct messages with Inbox Pulse, with its menus and exports.")] },
      { type: "divider" },
      ...listBlocks(
        "Alerts",
        glance.alerts,
        "No alerts yet. `/pulse alert add #channel waiting > 2h` tells a channel when customers wait too long.",
        "/pulse alert list",
      ),
      ...listBlocks(
        "Digests",
        glance.digests,
        "No digests yet. `/pulse digest add #channel weekly mon 09:00` posts one every week.",
        "/pulse digest list",
      ),
    ],
  };
}

/** For people who may not run reports: what the app does and whom to ask. */
export function explanationView(userId: string): HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: plain("Inbox Pulse") },
      {
        type: "section",
        text: mrkdwn(
          "Inbox Pulse shows how the support inbox is doing: who got which contact and from which source (`/assignments`), " +
            "how fast email is first answered and resolved, per agent (`/agent-performance`), and scheduled digests in channels.",
        ),
      },
      { type: "section", text: mrkdwn(REFUSAL) },
      { type: "context", elements: [mrkdwn(`Your user id: ${codeSpan(userId)}`)] },
      ...actionsBlock([refreshButton()]),
    ],
  };
}

/** When the glance could not be built: the error id, also in the log. */
export function homeErrorView(text: string): HomeView {
  return {
    type: "home",
    blocks: [{ type: "header", text: plain("Inbox Pulse") }, { type: "section", text: mrkdwn(text) }, ...actionsBlock([refreshButton()])],
  };
}
