// Reads a submitted settings modal: every field checked, each problem reported on its own
// block (Slack shows it under the field), nothing half-read. The hours and holidays use the
// parsers of `npx inbox-pulse hours set`, so both accept exactly the same text.
import type { ViewOutput } from "@slack/bolt";
import { parseHolidays, parseWeeklyHours } from "../../../domain/business-hours/hours-text.ts";
import { validateSchedule, type BusinessSchedule } from "../../../domain/business-hours/schedule.ts";
import { isValidTimeZone } from "../../../domain/periods.ts";
import { parseEffectiveDate, type EffectiveDate } from "../../../domain/schedule-versions.ts";
import { CHART_MODES, parseChartChoice } from "../../../domain/chart-modes.ts";
import { isUserId, isUsergroupId } from "../../../domain/slack-ids.ts";
import { parseRetentionDays, RETENTION_DAYS_RULE, type AccessKind, type WorkspaceSettings } from "../../../domain/workspace-settings.ts";
import { ERASE_ON_UNINSTALL, INPUT, SETTINGS_BLOCKS } from "../../../render/block-kit/settings-blocks.ts";

export type SettingsForm =
  | {
      ok: true;
      settings: WorkspaceSettings;
      schedule: BusinessSchedule;
      /** null: the default (all history for a first change, else today). */
      appliesFrom: EffectiveDate | null;
      access: Partial<Record<AccessKind, string[]>>;
    }
  | { ok: false; errors: Record<string, string> };

type Values = ViewOutput["state"]["values"];

export function readSettingsForm(values: Values): SettingsForm {
  const errors: Record<string, string> = {};
  const field = (block: string) => values[block]?.[INPUT];
  const text = (block: string) => field(block)?.value?.trim() ?? "";

  const timeZone = text(SETTINGS_BLOCKS.timeZone);
  if (timeZone === "") errors[SETTINGS_BLOCKS.timeZone] = "Enter a time zone: an IANA name such as Europe/Paris";
  else if (!isValidTimeZone(timeZone))
    errors[SETTINGS_BLOCKS.timeZone] = `Unknown time zone "${timeZone}" — use an IANA name such as Europe/Paris`;

  const weekly = parseWeeklyHours(text(SETTINGS_BLOCKS.hours));
  if (!weekly.ok) errors[SETTINGS_BLOCKS.hours] = weekly.error;
  const holidays = parseHolidays(text(SETTINGS_BLOCKS.holidays));
  if (!holidays.ok) errors[SETTINGS_BLOCKS.holidays] = holidays.error;

  const fromDate = field(SETTINGS_BLOCKS.appliesFrom)?.selected_date ?? null;
  const appliesFrom = fromDate === null ? null : parseEffectiveDate(fromDate);
  if (fromDate !== null && appliesFrom === null)
    errors[SETTINGS_BLOCKS.appliesFrom] = `"${fromDate}" is not a date from 1970 to 2100: pick one in the calendar`;

  const users = field(SETTINGS_BLOCKS.users)?.selected_users ?? [];
  const badUser = users.find((id) => !isUserId(id));
  if (badUser !== undefined) errors[SETTINGS_BLOCKS.users] = `"${badUser}" is not a Slack user id: pick people from the menu`;
  // Left out of the modal (no user groups on this plan): the allowed groups stay as they are.
  const groupsField = field(SETTINGS_BLOCKS.usergroups);
  const usergroups = groupsField ? (groupsField.selected_options ?? []).map((o) => o.value) : undefined;
  const badGroup = usergroups?.find((id) => !isUsergroupId(id));
  if (badGroup !== undefined) errors[SETTINGS_BLOCKS.usergroups] = `"${badGroup}" is not a user group id: pick groups from the menu`;

  const chartMode = parseChartChoice(field(SETTINGS_BLOCKS.chartMode)?.selected_option?.value ?? "");
  if (chartMode === undefined) errors[SETTINGS_BLOCKS.chartMode] = `Pick how charts are drawn: server default, ${CHART_MODES.join(", ")}`;

  const retentionText = text(SETTINGS_BLOCKS.retention);
  const retentionDays = retentionText === "" ? null : parseRetentionDays(retentionText);
  if (retentionText !== "" && retentionDays === null) {
    errors[SETTINGS_BLOCKS.retention] = `Expected ${RETENTION_DAYS_RULE}, got "${retentionText}"; leave it empty to keep everything`;
  }
  const eraseOnUninstall = (field(SETTINGS_BLOCKS.erase)?.selected_options ?? []).some((o) => o.value === ERASE_ON_UNINSTALL);

  if (Object.keys(errors).length > 0 || !weekly.ok || !holidays.ok || chartMode === undefined) return { ok: false, errors };
  const checked = validateSchedule({ timeZone, intervals: weekly.intervals, holidays: holidays.holidays });
  if (!checked.ok) {
    // Each schedule field's errors go under the input it came from.
    const blockOf = (path: string) =>
      path.startsWith("holidays")
        ? SETTINGS_BLOCKS.holidays
        : path.startsWith("timeZone")
          ? SETTINGS_BLOCKS.timeZone
          : SETTINGS_BLOCKS.hours;
    for (const e of checked.errors) errors[blockOf(e.path)] = [errors[blockOf(e.path)], e.message].filter(Boolean).join("; ");
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: { timeZone, chartMode, retentionDays, eraseOnUninstall },
    schedule: checked.schedule,
    appliesFrom,
    access: { user: users, ...(usergroups ? { usergroup: usergroups } : {}) },
  };
}
