// The settings modal (`/pulse settings`) and the one-time view of a new ingest token. Every
// input block keeps the same block_id and action_id whenever the view is rebuilt, so a
// views.update after a token change keeps what the admin has typed but not saved yet.
import type { types } from "@slack/bolt";
import { holidaysText, weeklyHoursText } from "../../domain/business-hours/hours-text.ts";
import type { BusinessSchedule } from "../../domain/business-hours/schedule.ts";
import { SERVER_DEFAULT, type ChartMode } from "../../domain/chart-modes.ts";
import { MAX_RETENTION_DAYS, type AccessEntry, type WorkspaceSettings } from "../../domain/workspace-settings.ts";
import { mrkdwn, option, plain } from "./common-blocks.ts";
import { codeSpan, escapeMrkdwn } from "./mrkdwn.ts";

export const SETTINGS_CALLBACK = "settings";
/** The input blocks; each holds one element whose action_id is INPUT. */
export const SETTINGS_BLOCKS = {
  timeZone: "settings_time_zone",
  hours: "settings_hours",
  holidays: "settings_holidays",
  appliesFrom: "settings_applies_from",
  users: "settings_access_users",
  usergroups: "settings_access_usergroups",
  chartMode: "settings_chart_mode",
  retention: "settings_retention",
  erase: "settings_erase",
} as const;
export const INPUT = "input";
export const SETTINGS_ACTIONS = { createToken: "settings_token_create", revokeToken: "settings_token_revoke" } as const;
export const ERASE_ON_UNINSTALL = "erase";
// A modal holds 100 blocks; the rest of the form takes about 20.
const MAX_TOKENS_SHOWN = 50;

const CHART_MODE_LABELS: Record<ChartMode, string> = {
  native: "Slack's native charts",
  quickchart: "QuickChart images",
  upload: "PNG images uploaded to Slack",
  none: "No charts",
};

export interface Usergroup {
  id: string;
  name: string;
}

/** An ingest token as the settings list it: never the token itself. */
export interface TokenLine {
  id: string;
  label: string | null;
  createdAt: Date;
}

export interface SettingsViewData {
  settings: WorkspaceSettings;
  /** The schedule in force now. */
  schedule: BusinessSchedule;
  /** "Applies from" as it opens: today's local date, or null when no hours were ever set (a first change covers all history). */
  appliesFrom: string | null;
  access: AccessEntry[];
  /** The workspace's user groups (at most 100), or why there are none to pick from. */
  usergroups: { groups: Usergroup[]; truncated: boolean } | { unavailable: string };
  /** Active tokens, oldest first. */
  tokens: TokenLine[];
  serverCharts: ChartMode;
}

const header = (text: string): types.HeaderBlock => ({ type: "header", text: plain(text) });
const note = (text: string): types.ContextBlock => ({ type: "context", elements: [mrkdwn(text)] });
const hint = (text: string) => ({ hint: plain(text) });

function input(blockId: string, label: string, element: types.InputBlockElement, extra: Partial<types.InputBlock> = {}): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plain(label),
    element: { ...element, action_id: INPUT } as types.InputBlockElement,
    ...extra,
  };
}

function textInput(initial: string, multiline = false): types.PlainTextInput {
  // Slack refuses an empty initial_value.
  return { type: "plain_text_input", action_id: INPUT, multiline, ...(initial === "" ? {} : { initial_value: initial }) };
}

function accessBlocks(data: SettingsViewData): types.KnownBlock[] {
  const users = data.access.filter((e) => e.kind === "user").map((e) => e.subjectId);
  const blocks: types.KnownBlock[] = [
    header("Who may run reports"),
    note("Workspace admins and owners always can. Reports show contacts' names, so allow only the people who need them."),
    input(
      SETTINGS_BLOCKS.users,
      "Also these people",
      { type: "multi_users_select", action_id: INPUT, ...(users.length > 0 ? { initial_users: users } : {}) },
      { optional: true },
    ),
  ];
  if ("unavailable" in data.usergroups) return [...blocks, note(data.usergroups.unavailable)];
  const { groups, truncated } = data.usergroups;
  const chosen = new Set(data.access.filter((e) => e.kind === "usergroup").map((e) => e.subjectId));
  const options = groups.map((g) => option(g.name, g.id));
  const initial = options.filter((o) => chosen.has(o.value!));
  blocks.push(
    input(
      SETTINGS_BLOCKS.usergroups,
      "And the members of these user groups",
      { type: "multi_static_select", action_id: INPUT, options, ...(initial.length > 0 ? { initial_options: initial } : {}) },
      {
        optional: true,
        ...(truncated ? hint("Only the first 100 user groups fit in this menu; the ones already allowed are always listed.") : {}),
      },
    ),
  );
  return blocks;
}

function chartModeBlock(data: SettingsViewData): types.InputBlock {
  const options = [
    option(`Server default (${CHART_MODE_LABELS[data.serverCharts]})`, SERVER_DEFAULT),
    ...(Object.keys(CHART_MODE_LABELS) as ChartMode[]).map((mode) => option(CHART_MODE_LABELS[mode], mode)),
  ];
  const current = data.settings.chartMode ?? SERVER_DEFAULT;
  return input(
    SETTINGS_BLOCKS.chartMode,
    "Charts",
    { type: "static_select", action_id: INPUT, options, initial_option: options.find((o) => o.value === current)! },
    hint("Native charts keep the data inside Slack; QuickChart sends the counts to the QuickChart server; uploads are rendered here."),
  );
}

function tokenBlocks(tokens: readonly TokenLine[]): types.KnownBlock[] {
  const shown = tokens.slice(0, MAX_TOKENS_SHOWN).map(
    (token): types.SectionBlock => ({
      type: "section",
      block_id: `settings_token_${token.id}`,
      text: mrkdwn(
        `*${escapeMrkdwn(token.label ?? "No label")}* · ${codeSpan(token.id)} · created ${token.createdAt.toISOString().slice(0, 10)}`,
      ),
      accessory: {
        type: "button",
        action_id: SETTINGS_ACTIONS.revokeToken,
        text: plain("Revoke"),
        style: "danger",
        value: token.id,
        confirm: {
          title: plain("Revoke this token?"),
          text: mrkdwn(`Anything still sending events with ${codeSpan(token.id)} will get 401 from now on. This cannot be undone.`),
          confirm: plain("Revoke"),
          deny: plain("Keep it"),
          style: "danger",
        },
      },
    }),
  );
  const more = tokens.length - shown.length;
  return [
    header("Ingest tokens"),
    note("A token lets a system send events to `POST /api/v1/events`. A new token is shown once; only its hash is stored."),
    ...(tokens.length === 0 ? [note("No active tokens.")] : shown),
    ...(more > 0 ? [note(`${more} more: \`npx inbox-pulse token list\` lists them all.`)] : []),
    {
      type: "actions",
      block_id: "settings_token_actions",
      elements: [{ type: "button", action_id: SETTINGS_ACTIONS.createToken, text: plain("Create token") }],
    },
  ];
}

export function settingsView(data: SettingsViewData): types.ModalView {
  const { settings, schedule } = data;
  return {
    type: "modal",
    callback_id: SETTINGS_CALLBACK,
    title: plain("Inbox Pulse settings"),
    submit: plain("Save"),
    close: plain("Cancel"),
    blocks: [
      header("Reporting time"),
      input(
        SETTINGS_BLOCKS.timeZone,
        "Time zone",
        textInput(settings.timeZone),
        hint("An IANA name such as Europe/Paris, America/New_York or UTC. Periods and digests follow it."),
      ),
      input(
        SETTINGS_BLOCKS.hours,
        "Business hours",
        textInput(weeklyHoursText(schedule.intervals), true),
        hint(
          "Days then hours, groups separated by ; or new lines: mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00. An end before the start runs overnight (fri 22:00-06:00).",
        ),
      ),
      input(SETTINGS_BLOCKS.holidays, "Holidays (closed all day)", textInput(holidaysText(schedule.holidays), true), {
        optional: true,
        ...hint("Dates or ranges separated by commas: 2026-12-25, 2026-12-31..2027-01-01."),
      }),
      input(
        SETTINGS_BLOCKS.appliesFrom,
        "Applies from",
        { type: "datepicker", action_id: INPUT, ...(data.appliesFrom === null ? {} : { initial_date: data.appliesFrom }) },
        {
          optional: true,
          ...hint(
            data.appliesFrom === null
              ? "Empty: all history, imported conversations included. Conversations that started on or after the date are measured with these hours."
              : "Conversations that started on or after this date are measured with these hours; their figures are recomputed. Empty: today.",
          ),
        },
      ),
      ...accessBlocks(data),
      header("Charts and data"),
      chartModeBlock(data),
      input(
        SETTINGS_BLOCKS.retention,
        "Keep events for (days)",
        {
          type: "number_input",
          action_id: INPUT,
          is_decimal_allowed: false,
          min_value: "1",
          max_value: String(MAX_RETENTION_DAYS),
          ...(settings.retentionDays === null ? {} : { initial_value: String(settings.retentionDays) }),
        },
        { optional: true, ...hint("Events older than this are deleted every night. Leave it empty to keep everything.") },
      ),
      input(
        SETTINGS_BLOCKS.erase,
        "When the app is uninstalled",
        {
          type: "checkboxes",
          action_id: INPUT,
          options: [option("Erase this workspace's data too", ERASE_ON_UNINSTALL)],
          ...(settings.eraseOnUninstall ? { initial_options: [option("Erase this workspace's data too", ERASE_ON_UNINSTALL)] } : {}),
        },
        { optional: true },
      ),
      ...tokenBlocks(data.tokens),
    ],
  };
}

/** Pushed over the settings after "Create token": the only time the token is shown. */
export function newTokenView(token: string, info: Pick<TokenLine, "id">): types.ModalView {
  return {
    type: "modal",
    title: plain("New ingest token"),
    close: plain("Done"),
    blocks: [
      { type: "section", text: mrkdwn(`:warning: *Copy this token now: it will not be shown again.* Its id is ${codeSpan(info.id)}.`) },
      // base64url characters only: nothing in it is markup.
      { type: "section", text: mrkdwn(`\`\`\`${token}\`\`\``) },
      note("Send it as `Authorization: Bearer <token>` to `POST /api/v1/events`. If it leaks, revoke it in the settings."),
    ],
  };
}

/** A one-line view pushed over the settings: a refusal or an error id. */
export function noticeView(text: string): types.ModalView {
  return { type: "modal", title: plain("Inbox Pulse settings"), close: plain("Close"), blocks: [{ type: "section", text: plain(text) }] };
}
