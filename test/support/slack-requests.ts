// Requests shaped and signed the way Slack sends them to an app's Request URL, so tests
// go through Bolt's real receiver (signature check, body parsing, ack timing).
import { createHmac, randomBytes } from "node:crypto";
import { FAKE_IDS } from "./fake-slack.ts";
import type { Block } from "./slack-app.ts";

export interface SendOptions {
  /** Unix seconds used in the signature; defaults to now. */
  timestamp?: number;
  /** Replaces the computed X-Slack-Signature; `false` sends no signature headers at all. */
  signature?: string | false;
  headers?: Record<string, string>;
}

export interface SlackHttpResult {
  status: number;
  body: string;
  elapsedMs: number;
}

export function signRequest(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): { "X-Slack-Signature": string; "X-Slack-Request-Timestamp": string } {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "X-Slack-Signature": `v0=${digest}`, "X-Slack-Request-Timestamp": String(timestamp) };
}

export interface SlashCommandInput {
  command: string;
  text: string;
  user_id: string;
  team_id: string;
  channel_id: string;
  response_url: string;
  trigger_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  user_name?: string;
  channel_name?: string;
}

export function sendSlashCommand(
  baseUrl: string,
  signingSecret: string,
  input: SlashCommandInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  // Field order and presence as in Slack's form body; enterprise fields only on Grid.
  const form = new URLSearchParams({ token: "fake-verification-token", team_id: input.team_id, team_domain: FAKE_IDS.teamDomain });
  if (input.enterprise_id) {
    form.set("enterprise_id", input.enterprise_id);
    form.set("enterprise_name", "Fake Grid");
  }
  form.set("channel_id", input.channel_id);
  form.set("channel_name", input.channel_name ?? "general");
  form.set("user_id", input.user_id);
  form.set("user_name", input.user_name ?? input.user_id.toLowerCase());
  form.set("command", input.command);
  form.set("text", input.text);
  form.set("api_app_id", FAKE_IDS.appId);
  form.set("is_enterprise_install", String(input.is_enterprise_install ?? false));
  form.set("response_url", input.response_url);
  form.set("trigger_id", input.trigger_id ?? triggerId());
  return post(baseUrl, signingSecret, form.toString(), "application/x-www-form-urlencoded", options);
}

interface ActionInput {
  action_id: string;
  block_id?: string;
  value?: string;
  /** Makes it a static_select action; otherwise it is a button. */
  selected_option?: { value: string; text?: string };
}

export interface BlockActionInput {
  team_id: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  /** A click in a view (the Home tab): Slack sends the view and no message, channel or response_url (channel_id and response_url are not sent). */
  view?: Record<string, unknown>;
  actions: ActionInput[];
  enterprise_id?: string;
  /** Defaults to a message container; pass `{ type: "message", is_ephemeral: true, ... }` for ephemeral sources. */
  container?: Record<string, unknown>;
  /** The source message; defaults to a bot message unless the container is ephemeral (Slack omits it then). */
  message?: Record<string, unknown>;
  state?: Record<string, unknown>;
  trigger_id?: string;
}

export function sendBlockAction(
  baseUrl: string,
  signingSecret: string,
  input: BlockActionInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const messageTs = slackTs();
  const container =
    input.container ??
    (input.view
      ? { type: "view", view_id: input.view.id }
      : { type: "message", message_ts: messageTs, channel_id: input.channel_id, is_ephemeral: false });
  const message =
    input.message ??
    (container.is_ephemeral === true || input.view
      ? undefined
      : { type: "message", subtype: "bot_message", text: "", ts: container.message_ts ?? messageTs, bot_id: FAKE_IDS.botId, blocks: [] });
  const payload = {
    type: "block_actions",
    user: { id: input.user_id, username: input.user_id.toLowerCase(), name: input.user_id.toLowerCase(), team_id: input.team_id },
    api_app_id: FAKE_IDS.appId,
    token: "fake-verification-token",
    container,
    trigger_id: input.trigger_id ?? triggerId(),
    team: { id: input.team_id, domain: FAKE_IDS.teamDomain },
    enterprise: input.enterprise_id ? { id: input.enterprise_id, name: "Fake Grid" } : null,
    is_enterprise_install: false,
    ...(input.view ? { view: input.view } : { channel: { id: input.channel_id, name: "general" }, response_url: input.response_url }),
    ...(message ? { message } : {}),
    state: input.state ?? { values: {} },
    actions: input.actions.map(actionPayload),
  };
  return postPayload(baseUrl, signingSecret, payload, options);
}

export interface ViewSubmissionInput {
  team_id: string;
  user_id: string;
  callback_id: string;
  /** `view.state.values`: { [block_id]: { [action_id]: { type, value | selected_option ... } } }. */
  values: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  view_id?: string;
  response_urls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** The `state.values` Slack sends for a view nobody has touched: each input's initial value. */
export function viewState(view: { blocks?: unknown }): Record<string, Record<string, Record<string, unknown>>> {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const block of (view.blocks ?? []) as Block[]) {
    if (block.type !== "input") continue;
    const e = block.element;
    const state: Record<string, unknown> = { type: e.type };
    if (e.type === "plain_text_input" || e.type === "number_input") state.value = e.initial_value ?? null;
    else if (e.type === "static_select") state.selected_option = e.initial_option ?? null;
    else if (e.type === "multi_users_select") state.selected_users = e.initial_users ?? [];
    else if (e.type === "multi_static_select" || e.type === "checkboxes") state.selected_options = e.initial_options ?? [];
    else if (e.type === "datepicker") state.selected_date = e.initial_date ?? null;
    else throw new Error(`viewState: no initial state known for ${String(e.type)}`);
    values[block.block_id] = { [e.action_id]: state };
  }
  return values;
}

export function sendViewSubmission(
  baseUrl: string,
  signingSecret: string,
  input: ViewSubmissionInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const viewId = input.view_id ?? `V${randomId()}`;
  const payload = {
    type: "view_submission",
    team: { id: input.team_id, domain: FAKE_IDS.teamDomain },
    user: { id: input.user_id, username: input.user_id.toLowerCase(), name: input.user_id.toLowerCase(), team_id: input.team_id },
    api_app_id: FAKE_IDS.appId,
    token: "fake-verification-token",
    trigger_id: triggerId(),
    view: {
      id: viewId,
      team_id: input.team_id,
      type: "modal",
      callback_id: input.callback_id,
      private_metadata: input.private_metadata ?? "",
      state: { values: input.values },
      hash: `${Math.floor(Date.now() / 1000)}.${randomId()}`,
      title: { type: "plain_text", text: "Inbox Pulse", emoji: true },
      blocks: [],
      root_view_id: viewId,
      previous_view_id: null,
      app_id: FAKE_IDS.appId,
      bot_id: FAKE_IDS.botId,
    },
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return postPayload(baseUrl, signingSecret, payload, options);
}

export type EventInput =
  | { type: "url_verification"; challenge: string }
  | { team_id: string; event: Record<string, unknown>; event_id?: string; event_time?: number };

export interface EventOptions extends SendOptions {
  /** Marks the delivery as Slack's Nth retry (X-Slack-Retry-Num / -Reason). */
  retryNum?: number;
}

/** Events API delivery: the url_verification handshake or an `event_callback` envelope around `event`. */
export function sendEvent(baseUrl: string, signingSecret: string, input: EventInput, options: EventOptions = {}): Promise<SlackHttpResult> {
  const body =
    "type" in input
      ? { token: "fake-verification-token", ...input }
      : {
          token: "fake-verification-token",
          team_id: input.team_id,
          api_app_id: FAKE_IDS.appId,
          event: input.event,
          type: "event_callback",
          event_id: input.event_id ?? `Ev${randomId()}`,
          event_time: input.event_time ?? Math.floor(Date.now() / 1000),
          authorizations: [
            { enterprise_id: null, team_id: input.team_id, user_id: FAKE_IDS.botUserId, is_bot: true, is_enterprise_install: false },
          ],
          is_ext_shared_channel: false,
        };
  const headers =
    options.retryNum === undefined
      ? options.headers
      : { "X-Slack-Retry-Num": String(options.retryNum), "X-Slack-Retry-Reason": "http_timeout", ...options.headers };
  return post(baseUrl, signingSecret, JSON.stringify(body), "application/json", { ...options, headers });
}

function actionPayload(action: ActionInput): Record<string, unknown> {
  const common = { action_id: action.action_id, block_id: action.block_id ?? randomId(), action_ts: slackTs() };
  if (action.selected_option) {
    const { value, text = value } = action.selected_option;
    return {
      type: "static_select",
      ...common,
      selected_option: { text: { type: "plain_text", text, emoji: true }, value },
      placeholder: { type: "plain_text", text: "Select", emoji: true },
    };
  }
  return {
    type: "button",
    ...common,
    text: { type: "plain_text", text: action.value ?? action.action_id, emoji: true },
    ...(action.value === undefined ? {} : { value: action.value }),
  };
}

// Interactivity payloads arrive form-encoded as a single `payload` JSON field.
function postPayload(baseUrl: string, signingSecret: string, payload: unknown, options: SendOptions): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(baseUrl, signingSecret, body, "application/x-www-form-urlencoded", options);
}

async function post(
  baseUrl: string,
  signingSecret: string,
  body: string,
  contentType: string,
  options: SendOptions,
): Promise<SlackHttpResult> {
  const signed = signRequest(signingSecret, body, options.timestamp);
  const signing =
    options.signature === false ? {} : options.signature === undefined ? signed : { ...signed, "X-Slack-Signature": options.signature };
  const started = performance.now();
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: { "Content-Type": contentType, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", ...signing, ...options.headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString("hex")}`;
}

function slackTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, "0")}`;
}

function randomId(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}
