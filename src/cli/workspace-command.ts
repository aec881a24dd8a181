// inbox-pulse workspace show|set --workspace T0001 [--time-zone Europe/Paris [--from 2026-01-01|start]]
//   [--chart-mode native|quickchart|upload|none|default] [--retention-days N|none] [--erase-on-uninstall yes|no] [--json]
// inbox-pulse access list|add|remove --workspace T0001 [--user U123 | --usergroup S123]
// The settings of `/pulse settings` but the business hours (inbox-pulse hours) and the access list (access).
import { readConfig } from "../config.ts";
import { defaultSchedule } from "../domain/business-hours/schedule.ts";
import { describeSchedule } from "../domain/business-hours/hours-text.ts";
import { CHART_MODES, parseChartChoice, SERVER_DEFAULT, type ChartMode } from "../domain/chart-modes.ts";
import { fromText } from "../domain/schedule-versions.ts";
import { isValidTimeZone } from "../domain/periods.ts";
import { isUserId, isUsergroupId } from "../domain/slack-ids.ts";
import { parseRetentionDays, RETENTION_DAYS_RULE, type WorkspaceSettings } from "../domain/workspace-settings.ts";
import { applyScheduleChange } from "../store/workspace/schedule-changes.ts";
import {
  grantReportAccess,
  listReportAccess,
  revokeReportAccess,
  updateWorkspaceSettings,
  workspaceSettings,
} from "../store/workspace/workspaces.ts";
import { parseCommandArgs, requireWorkspace, type ParsedArgs } from "./args.ts";
import { withDatabase } from "./database.ts";
import { fromFlag, recomputeAfter } from "./schedule-output.ts";
import { UsageError } from "./usage-error.ts";

type SettingsPatch = Partial<Omit<WorkspaceSettings, "timeZone">>;

/** The settings `workspace set` changes besides the time zone, each flag checked as the settings form checks its field. */
function settingsPatch(flags: ParsedArgs["flags"]): SettingsPatch {
  const patch: SettingsPatch = {};
  const chart = flags["chart-mode"];
  if (typeof chart === "string") {
    const mode = parseChartChoice(chart);
    if (mode === undefined)
      throw new UsageError(`--chart-mode: expected ${CHART_MODES.join(", ")} or ${SERVER_DEFAULT} (the server's CHARTS), got "${chart}"`);
    patch.chartMode = mode;
  }
  const retention = flags["retention-days"];
  if (typeof retention === "string") {
    const days = retention === "none" ? null : parseRetentionDays(retention);
    if (days === null && retention !== "none")
      throw new UsageError(`--retention-days: expected ${RETENTION_DAYS_RULE}, or none to keep everything, got "${retention}"`);
    patch.retentionDays = days;
  }
  const erase = flags["erase-on-uninstall"];
  if (typeof erase === "string") {
    if (erase !== "yes" && erase !== "no") throw new UsageError(`--erase-on-uninstall: expected yes or no, got "${erase}"`);
    patch.eraseOnUninstall = erase === "yes";
  }
  return patch;
}

/** One line per setting given, as `workspace show` prints them; `serverCharts`: CHARTS where this command runs. */
function settingLines({ chartMode, retentionDays, eraseOnUninstall }: SettingsPatch, serverCharts: ChartMode): string[] {
  const lines: string[] = [];
  if (chartMode !== undefined)
    lines.push(`chart mode: ${chartMode ?? `${SERVER_DEFAULT} (the server's CHARTS setting; ${serverCharts} where this command runs)`}`);
  if (retentionDays !== undefined)
    lines.push(
      `retention days: ${retentionDays === null ? "none (events are kept)" : `${retentionDays} (the retention job deletes older events)`}`,
    );
  if (eraseOnUninstall !== undefined)
    lines.push(
      `erase on uninstall: ${eraseOnUninstall ? "yes (all the workspace's data)" : "no (the data stays; a new install finds it)"}`,
    );
  return lines;
}

export async function workspaceCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    "time-zone": { type: "string" },
    from: { type: "string" },
    "chart-mode": { type: "string" },
    "retention-days": { type: "string" },
    "erase-on-uninstall": { type: "string" },
    json: { type: "boolean" },
  });
  const workspaceId = requireWorkspace(flags);
  const action = positionals[0];
  // The CHARTS a workspace's "default" stands for, as set where this command runs.
  const serverCharts = () => readConfig().CHARTS;
  if (action === "show") {
    return withDatabase(async (db) => {
      const settings = await workspaceSettings(db, workspaceId);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ workspaceId, ...settings, serverCharts: serverCharts() }, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(
        [`Workspace ${workspaceId}`, `time zone: ${settings.timeZone}`, ...settingLines(settings, serverCharts()), ""].join("\n"),
      );
      return 0;
    });
  }
  if (action === "set") {
    const zone = flags["time-zone"];
    if (zone !== undefined && (typeof zone !== "string" || !isValidTimeZone(zone))) {
      throw new UsageError("--time-zone: expected an IANA time zone such as Europe/Paris or America/New_York");
    }
    if (flags.from !== undefined && zone === undefined)
      throw new UsageError("--from: only with --time-zone (business hours: hours set --from)");
    const from = fromFlag(flags.from);
    const patch = settingsPatch(flags);
    if (zone === undefined && Object.keys(patch).length === 0) {
      throw new UsageError("workspace set: expected at least one of --time-zone, --chart-mode, --retention-days, --erase-on-uninstall");
    }
    return withDatabase(async (db) => {
      if (Object.keys(patch).length > 0) {
        await updateWorkspaceSettings(db, workspaceId, patch);
        process.stdout.write(
          [`Workspace ${workspaceId} saved:`, ...settingLines(patch, serverCharts()).map((l) => `  ${l}`), ""].join("\n"),
        );
      }
      if (zone === undefined) return 0;
      const plan = await applyScheduleChange(db, workspaceId, { kind: "time-zone", timeZone: zone, from });
      process.stdout.write(`Workspace ${workspaceId} now reports in ${zone}.\n`);
      if (plan.unchanged === "custom-hours-keep-their-zone") {
        process.stdout.write(
          "Business hours keep the time zone they were set in (see hours show); set them again with hours set --time-zone to move them.\n",
        );
      } else if (plan.unchanged === null) {
        process.stdout.write(
          `The default business hours follow it ${fromText(plan.effectiveFrom, zone)}: ${describeSchedule(defaultSchedule(zone))}.\n`,
        );
        await recomputeAfter(db, workspaceId, plan);
      }
      return 0;
    });
  }
  throw new UsageError(
    "workspace: expected show or set, e.g. workspace set --workspace T0001 --time-zone Europe/Paris or --chart-mode native",
  );
}

export async function accessCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    user: { type: "string" },
    usergroup: { type: "string" },
    json: { type: "boolean" },
  });
  const workspaceId = requireWorkspace(flags);
  const action = positionals[0];
  if (action === "list") {
    return withDatabase(async (db) => {
      const entries = await listReportAccess(db, workspaceId);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return 0;
      }
      process.stdout.write("Workspace admins and owners can always run reports.\n");
      for (const e of entries) process.stdout.write(`${e.kind}\t${e.subjectId}\n`);
      if (entries.length === 0) process.stdout.write("Nobody else is allowed yet.\n");
      return 0;
    });
  }
  if (action !== "add" && action !== "remove") {
    throw new UsageError("access: expected list, add or remove, e.g. access add --workspace T0001 --user U0123ABC");
  }
  const user = typeof flags.user === "string" ? flags.user : undefined;
  const group = typeof flags.usergroup === "string" ? flags.usergroup : undefined;
  if ((user === undefined) === (group === undefined)) throw new UsageError("access: give exactly one of --user U... or --usergroup S...");
  if (user !== undefined && !isUserId(user)) throw new UsageError("--user: expected a Slack user id such as U0123ABC");
  if (group !== undefined && !isUsergroupId(group)) throw new UsageError("--usergroup: expected a Slack user group id such as S0123ABC");
  const subjectId = (user ?? group)!;
  return withDatabase(async (db) => {
    if (action === "add") {
      await grantReportAccess(db, workspaceId, { subjectId, kind: user ? "user" : "usergroup" });
      process.stdout.write(`${subjectId} may now run reports in ${workspaceId}.\n`);
      return 0;
    }
    if (!(await revokeReportAccess(db, workspaceId, subjectId))) {
      process.stderr.write(`${subjectId} was not on the list of ${workspaceId}.\n`);
      return 1;
    }
    process.stdout.write(`${subjectId} removed.\n`);
    return 0;
  });
}
