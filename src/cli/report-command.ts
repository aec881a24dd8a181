// inbox-pulse report "/assignments last-30-days source:bot" --workspace T0001 [--json] [--charts DIR]
// inbox-pulse export "/assignments last-30-days" --workspace T0001 [--out FILE]
// The same request, report and rendering as in Slack, printed in the terminal.
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { parseCommandText } from "../domain/command-text.ts";
import type { ReportRequest } from "../domain/report-request.ts";
import { readConfig } from "../config.ts";
import { assigneeChoices, assignmentLogRows, buildAssignmentsReport, type ReportContext } from "../reports/assignments-report.ts";
import { writeAssignmentsCsv } from "../reports/assignments-csv.ts";
import type { Database } from "../store/database.ts";
import { workspaceSettings } from "../store/workspace-store.ts";
import { assignmentsMessage } from "../slack/blocks/assignments-blocks.ts";
import { assignmentsUsage } from "../slack/blocks/help-message.ts";
import { sourceCharts } from "../slack/charts/chart-data.ts";
import { renderChartPng } from "../slack/charts/render-png.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { assignmentsText } from "./report-text.ts";
import { UsageError } from "./usage-error.ts";

/** "/assignments last-7-days source:bot" (the slash is optional) as a request. */
export function requestFromCommandLine(line: string | undefined): ReportRequest {
  if (line === undefined) throw new UsageError('expected the report as you would type it in Slack, e.g. "/assignments last-30-days source:bot"');
  const match = /^\s*\/?([a-z-]+)\s*(.*)$/s.exec(line);
  if (match?.[1] !== "assignments") throw new UsageError(`unknown report "${match?.[1] ?? line}": expected /assignments`);
  const parsed = parseCommandText("assignments", match[2]!);
  if (parsed.kind === "help") throw new UsageError(assignmentsUsage().replaceAll("*", "").replaceAll("`", ""));
  if (parsed.kind === "error") {
    throw new UsageError(`${parsed.message.replaceAll("`", "")}${parsed.suggestion ? ` (did you mean "${parsed.suggestion}"?)` : ""}`);
  }
  return parsed.request;
}

async function contextFor(db: Database, workspaceId: string): Promise<ReportContext> {
  const { timeZone } = await workspaceSettings(db.prisma, workspaceId);
  return { sql: db.sql, workspaceId, timeZone };
}

/** The report as the terminal shows it (also the end of `npm run demo`). */
export async function terminalReport(db: Database, workspaceId: string, commandLine: string): Promise<string> {
  const report = await buildAssignmentsReport(await contextFor(db, workspaceId), requestFromCommandLine(commandLine));
  return assignmentsText(report);
}

export async function reportCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    json: { type: "boolean" },
    charts: { type: "string" },
    page: { type: "string" },
  });
  const workspaceId = requireWorkspace(flags);
  const request = requestFromCommandLine(positionals[0]);
  if (typeof flags.page === "string") {
    const page = Number(flags.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError("--page: expected a page number from 1");
    request.page = page - 1;
  }
  const config = readConfig();
  return withDatabase(async (db) => {
    const context = await contextFor(db, workspaceId);
    const report = await buildAssignmentsReport(context, request);
    if (!flags.json) process.stdout.write(assignmentsText(report));
    if (flags.json) {
      const message = assignmentsMessage(report, {
        charts: config.CHARTS,
        quickChartHost: config.QUICKCHART_HOST,
        interactive: true,
        assigneeChoices: await assigneeChoices(context, request),
      });
      process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
    }
    if (typeof flags.charts === "string") {
      mkdirSync(flags.charts, { recursive: true });
      const charts = sourceCharts(report);
      for (const [name, chart] of [["assignments-by-source", charts.bar], ["assignments-share", charts.pie]] as const) {
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
    const context = await contextFor(db, workspaceId);
    const out = typeof flags.out === "string" ? createWriteStream(flags.out) : process.stdout;
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await once(out, "drain");
    };
    const rows = await writeAssignmentsCsv(assignmentLogRows(context, request), context.timeZone, write);
    if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`exported ${rows} assignments${typeof flags.out === "string" ? ` to ${flags.out}` : ""}\n`);
    return 0;
  });
}
