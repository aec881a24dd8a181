// inbox-pulse report "/assignments last-30-days source:bot" --workspace T0001 [--json] [--charts DIR]
// inbox-pulse export "/assignments last-30-days" --workspace T0001 [--out FILE]
// The same request, report and rendering as in Slack, printed in the terminal.
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { readConfig } from "../config.ts";
import { LOG_PAGE_SIZES } from "../domain/assignment-log.ts";
import { parseCommandText } from "../domain/command-text.ts";
import { asValue, messageText } from "../domain/message.ts";
import { REPORT_COMMANDS } from "../domain/report-commands.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { assigneeChoices, assignmentLogRows } from "../reports/assignments-report.ts";
import { writeAssignmentsCsv } from "../render/csv/assignments-csv.ts";
import { writeAgentPerformanceCsv } from "../render/csv/agent-performance-csv.ts";
import { buildReport, type Report } from "../reports/build-report.ts";
import { loadReportContext } from "../reports/report-context.ts";
import type { Database } from "../store/engine/database.ts";
import { agentPerformanceMessage } from "../render/block-kit/agent-performance-blocks.ts";
import { assignmentsMessage } from "../render/block-kit/assignments-blocks.ts";
import { usage } from "../render/block-kit/help-message.ts";
import { agentFirstResponseChart, sourceCharts, type ChartData } from "../render/charts/chart-data.ts";
import { renderChartPng } from "../render/charts/render-png.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { agentPerformanceText, assignmentsText } from "../render/text/report-text.ts";
import { terminalWidth } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";

const plain = (text: string) => text.replaceAll("*", "").replaceAll("`", "");

/** "/assignments last-7-days source:bot" (the slash is optional) as a request. */
export function requestFromCommandLine(line: string | undefined): ReportRequest {
  const names = Object.keys(REPORT_COMMANDS).join(" or ");
  if (line === undefined)
    throw new UsageError(`expected the report as you would type it in Slack, e.g. "/assignments last-30-days source:bot"`);
  const match = /^\s*\/?([a-z-]+)\s*(.*)$/s.exec(line);
  const report = REPORT_COMMANDS[`/${match?.[1] ?? ""}`];
  if (report === undefined) throw new UsageError(`unknown report "${match?.[1] ?? line}": expected ${names}`);
  const parsed = parseCommandText(report, match![2]!);
  if (parsed.kind === "help") throw new UsageError(plain(usage(report)));
  if (parsed.kind === "error") {
    const suggestion = parsed.suggestion === null ? [] : [" (did you mean ", asValue(parsed.suggestion), "?)"];
    throw new UsageError(messageText([...parsed.message, ...suggestion]));
  }
  return parsed.request;
}

/** The report as the terminal shows it, fitted to its width. */
export function reportText(report: Report): string {
  const width = terminalWidth();
  return report.report === "assignments" ? assignmentsText(report, width) : agentPerformanceText(report, width);
}

/** The report as the terminal shows it (also the end of `npm run demo`). */
export async function terminalReport(db: Database, workspaceId: string, commandLine: string): Promise<string> {
  return reportText(await buildReport(await loadReportContext(db, workspaceId), requestFromCommandLine(commandLine)));
}

function chartsOf(report: Report): [string, ChartData][] {
  if (report.report === "agent-performance") return [["first-response-by-agent", agentFirstResponseChart(report)]];
  const { bar, pie } = sourceCharts(report);
  return [
    ["assignments-by-source", bar],
    ["assignments-share", pie],
  ];
}

export async function reportCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    json: { type: "boolean" },
    charts: { type: "string" },
    page: { type: "string" },
  });
  const workspaceId = requireWorkspace(flags);
  const asked = requestFromCommandLine(positionals[0]);
  const page = typeof flags.page === "string" ? Number(flags.page) : 1;
  if (!Number.isInteger(page) || page < 1) throw new UsageError("--page: expected a page number from 1");
  const request = { ...asked, page: page - 1 };
  const config = readConfig();
  return withDatabase(async (db) => {
    const context = await loadReportContext(db, workspaceId);
    // --json prints the Slack message, whose log pages as the message does; the terminal pages by 20.
    const report = await buildReport(context, request, request.filters, LOG_PAGE_SIZES[flags.json ? config.TABLES : "table"]);
    if (!flags.json) {
      process.stdout.write(reportText(report));
    } else {
      const options = { charts: config.CHARTS, quickChartHost: config.QUICKCHART_HOST, logTable: config.TABLES, interactive: true };
      const message =
        report.report === "assignments"
          ? assignmentsMessage(report, {
              ...options,
              assigneeChoices: await assigneeChoices(context, request),
            })
          : agentPerformanceMessage(report, options);
      process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
    }
    if (typeof flags.charts === "string") {
      mkdirSync(flags.charts, { recursive: true });
      for (const [name, chart] of chartsOf(report)) {
        if (chart.values.length === 0) continue;
        const path = join(flags.charts, `${name}.png`);
        writeFileSync(path, await renderChartPng(chart));
        process.stderr.write(`wrote ${path}\n`);
      }
    }
    return 0;
  });
}

export async function exportCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, { workspace: { type: "string" }, out: { type: "string" } });
  const workspaceId = requireWorkspace(flags);
  const request = requestFromCommandLine(positionals[0]);
  return withDatabase(async (db) => {
    const context = await loadReportContext(db, workspaceId);
    const out = typeof flags.out === "string" ? createWriteStream(flags.out) : process.stdout;
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await once(out, "drain");
    };
    let rows: number;
    if (request.report === "assignments") {
      rows = await writeAssignmentsCsv(assignmentLogRows(context, request), context.timeZone, write);
    } else {
      const report = await buildReport(context, request);
      if (report.report !== "agent-performance") throw new Error("expected an agent-performance report");
      await writeAgentPerformanceCsv(report, write);
      rows = report.agents.length + 1;
    }
    if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`exported ${rows} rows${typeof flags.out === "string" ? ` to ${flags.out}` : ""}\n`);
    return 0;
  });
}
