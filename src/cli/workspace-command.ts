// inbox-pulse workspace show|set --workspace T0001 [--time-zone Europe/Paris [--from 2026-01-01|start]]
// inbox-pulse access list|add|remove --workspace T0001 [--user U123 | --usergroup S123]
import { defaultSchedule } from "../domain/business-hours/schedule.ts";
import { describeSchedule } from "../domain/business-hours/hours-text.ts";
import { fromText } from "../domain/schedule-versions.ts";
import { isValidTimeZone } from "../domain/periods.ts";
import { applyScheduleChange } from "../store/workspace/schedule-changes.ts";
import { grantReportAccess, listReportAccess, revokeReportAccess, workspaceSettings } from "../store/workspace/workspaces.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { fromFlag, recomputeAfter } from "./schedule-output.ts";
import { UsageError } from "./usage-error.ts";

export async function workspaceCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    "time-zone": { type: "string" },
    from: { type: "string" },
  });
  const workspaceId = requireWorkspace(flags);
  const action = positionals[0];
  if (action === "show") {
    return withDatabase(async (db) => {
      const settings = await workspaceSettings(db, workspaceId);
      process.stdout.write(`Workspace ${workspaceId}\ntime zone: ${settings.timeZone}\n`);
      return 0;
    });
  }
  if (action === "set") {
    const zone = flags["time-zone"];
    if (typeof zone !== "string" || !isValidTimeZone(zone)) {
      throw new UsageError("--time-zone: expected an IANA time zone such as Europe/Paris or America/New_York");
    }
    const from = fromFlag(flags.from);
    return withDatabase(async (db) => {
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
  throw new UsageError("workspace: expected show or set, e.g. workspace set --workspace T0001 --time-zone Europe/Paris");
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
  if (user !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(user)) throw new UsageError("--user: expected a Slack user id such as U0123ABC");
  if (group !== undefined && !/^S[A-Z0-9]{2,}$/.test(group))
    throw new UsageError("--usergroup: expected a Slack user group id such as S0123ABC");
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
