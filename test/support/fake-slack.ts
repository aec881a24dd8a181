// A local stand-in for Slack's Web API, its file-upload host and the response_url hooks,
// so Slack flows run end to end over real HTTP. Point Bolt at it with
// `clientOptions: { slackApiUrl: fake.apiUrl }` and hand `fake.responseUrl()` to requests.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Ids the fake answers with (auth.test, posted messages, uploaded files). */
export const FAKE_IDS = {
  teamId: "T0FAKETEAM",
  teamDomain: "fake-team",
  botUserId: "U0FAKEBOT",
  botId: "B0FAKEBOT",
  appId: "A0FAKEAPP",
} as const;

/** A workspace member as users.info describes one; only `id` is required. */
export interface FakeUser {
  id: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

/** What oauth.v2.access answers for an install code: a workspace install, or org-wide (no teamId). */
export interface FakeInstall {
  botToken: string;
  scopes: string[];
  installerId: string;
  teamId?: string;
  enterpriseId?: string;
}

export interface RecordedCall {
  method: string;
  /** As Slack received them, minus `token`; JSON-typed args (blocks, view, files...) parsed. */
  args: Record<string, unknown>;
  token?: string;
  /** The error the fake answered with (`ratelimited` for a 429), if any. */
  error?: string;
}

export interface RecordedUpload {
  fileId: string;
  /** As declared to files.getUploadURLExternal. */
  filename: string;
  declaredLength: number;
  bytes: Buffer;
}

interface RecordedResponse {
  name: string;
  body: Record<string, unknown>;
}

interface FileRecord {
  id: string;
  filename: string;
  title: string;
  declaredLength: number;
  created: number;
  channels: string[];
}

type Scripted = { kind: "fail"; body: { error: string } & Record<string, unknown> } | { kind: "rateLimit"; retryAfterSeconds: number };

export interface FakeSlackOptions {
  /**
   * Slack's limit on posting: about one message per second per channel. Set, a chat.postMessage
   * less than 1 / this many seconds after the channel's last accepted one answers HTTP 429 with
   * Retry-After (whole seconds, as Slack sends it). Unset: no limit.
   */
  postsPerChannelPerSecond?: number;
}

type Args = Record<string, unknown>;

// A failed method call: the handler throws it and the fake answers `{ ok: false, error }`.
class MethodError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

// Args Slack parses as JSON; @slack/web-api sends any non-primitive arg as a JSON string.
// Methods Slack answers without a token (the app authenticates with its client id and secret).
const TOKENLESS_METHODS = new Set(["oauth.v2.access"]);
const JSON_ARGS = new Set(["attachments", "blocks", "files", "metadata", "unfurls", "user_auth_blocks", "view"]);
// Slack allows a response_url 5 uses; what it answers after that is not documented, so
// the fake picks a loud 404 rather than silently accepting a 6th message.
const RESPONSE_URL_USES = 5;
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly uploads: RecordedUpload[] = [];
  private readonly responseLog: RecordedResponse[] = [];
  private readonly responseUses = new Map<string, number>();
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly users = new Map<string, FakeUser>();
  private readonly usergroups = new Map<string, string[] | "plan_upgrade_required">();
  private readonly files = new Map<string, FileRecord>();
  private readonly dmChannels = new Map<string, string>();
  private oauthApp: { clientId: string; clientSecret: string } | undefined;
  private readonly installCodes = new Map<string, FakeInstall>();
  /** Messages posted per channel, newest first (for conversations.history). */
  private readonly channelHistory = new Map<string, Record<string, unknown>[]>();
  private readonly threads = new Map<string, Record<string, unknown>[]>();
  private readonly waiters = new Set<() => void>();
  private readonly server = createServer((req, res) => {
    this.route(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  /** When each channel last accepted a message (epoch ms), for postsPerChannelPerSecond. */
  private readonly lastPost = new Map<string, number>();
  private seq = 0;
  private baseUrl = "";

  constructor(private readonly options: FakeSlackOptions = {}) {}

  /** Base URL for `clientOptions.slackApiUrl` (web-api appends the method name to it). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url on this server; `name` groups its POSTs for `responses(name)`. */
  responseUrl(name = "response"): string {
    return `${this.baseUrl}/commands/${encodeURIComponent(name)}/${this.nextId()}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves with every call to `method` once `count` have arrived (failed ones included). */
  waitFor(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
    return this.until(
      () => {
        const seen = this.callsTo(method);
        return seen.length >= count ? seen : undefined;
      },
      timeoutMs,
      () =>
        `waited ${timeoutMs} ms for ${count} call(s) to ${method}, got ${this.callsTo(method).length}; calls seen: ${this.describeCalls()}`,
    );
  }

  /** JSON bodies POSTed to response URLs, optionally only those made with `responseUrl(name)`. */
  responses(name?: string): Record<string, unknown>[] {
    return this.responseLog.filter((r) => name === undefined || r.name === name).map((r) => r.body);
  }

  /** Resolves once `count` POSTs arrived (to `responseUrl(name)` only, when a name is given). */
  waitForResponse(count = 1, timeoutMs = 5000, name?: string): Promise<Record<string, unknown>[]> {
    return this.until(
      () => (this.responses(name).length >= count ? this.responses(name) : undefined),
      timeoutMs,
      () =>
        `waited ${timeoutMs} ms for ${count} response_url POST(s), got ${this.responseLog.length}; Web API calls seen: ${this.describeCalls()}`,
    );
  }

  /** The next call to `method` answers `{ ok: false, ...response }`; calls queue in order. */
  failNext(method: string, response: { error: string } & Record<string, unknown>): void {
    this.script(method, { kind: "fail", body: response });
  }

  /** The next call to `method` answers HTTP 429 with `Retry-After`, as Slack does. */
  rateLimitNext(method: string, retryAfterSeconds: number): void {
    this.script(method, { kind: "rateLimit", retryAfterSeconds });
  }

  setUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The app's credentials, which oauth.v2.access checks. */
  setOAuthApp(clientId: string, clientSecret: string): void {
    this.oauthApp = { clientId, clientSecret };
  }

  /** The code Slack's consent page hands the app for this install (single use, as Slack's). */
  addInstallCode(code: string, install: FakeInstall): void {
    this.installCodes.set(code, install);
  }

  setUsergroup(id: string, members: string[] | "plan_upgrade_required"): void {
    this.usergroups.set(id, members);
  }

  /** Forgets recorded traffic and pending scripted answers; users, groups and files stay. */
  reset(): void {
    this.calls.length = 0;
    this.uploads.length = 0;
    this.responseLog.length = 0;
    this.scripted.clear();
    this.lastPost.clear();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    // Keep-alive sockets from fetch would otherwise hold close() open.
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const raw = await readBody(req);
    const [, area, ...rest] = url.pathname.split("/");
    if (area === "api" && rest.length === 1 && rest[0]) return this.apiCall(rest[0], req, url, raw, res);
    if (area === "upload" && req.method === "POST") return this.receiveUpload(rest.at(-1) ?? "", req, raw, res);
    if (area === "commands" && req.method === "POST") return this.receiveResponse(decodeURIComponent(rest[0] ?? ""), url, req, raw, res);
    res.writeHead(404).end();
  }

  private async apiCall(method: string, req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const args: Args = Object.fromEntries(url.searchParams);
    Object.assign(args, await parseArgs(req, raw));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = token === undefined ? { method, args } : { method, args, token };

    const scripted = this.scripted.get(method)?.shift();
    let status = 200;
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
    let body: Args;
    const retryAfterSeconds = scripted?.kind === "rateLimit" ? scripted.retryAfterSeconds : this.channelLimited(method, args);
    if (retryAfterSeconds !== undefined) {
      status = 429;
      headers["retry-after"] = String(retryAfterSeconds);
      body = { ok: false, error: "ratelimited" };
    } else if (scripted?.kind === "fail") {
      body = { ok: false, ...scripted.body };
    } else if (token === undefined && !TOKENLESS_METHODS.has(method)) {
      body = { ok: false, error: "not_authed" };
    } else {
      body = this.answer(method, args);
    }
    if (body.ok === false) call.error = String(body.error);
    // Record before answering so a caller that awaited the API call always finds it here.
    this.record(() => this.calls.push(call));
    res.writeHead(status, headers).end(JSON.stringify(body));
  }

  /** The seconds to wait when this post exceeds the channel's limit, else undefined (and the post counts). */
  private channelLimited(method: string, args: Args): number | undefined {
    const perSecond = this.options.postsPerChannelPerSecond;
    if (perSecond === undefined || method !== "chat.postMessage") return undefined;
    const channel = str(args.channel);
    const now = Date.now();
    const wait = (this.lastPost.get(channel) ?? -Infinity) + 1000 / perSecond - now;
    if (wait > 0) return Math.ceil(wait / 1000);
    this.lastPost.set(channel, now);
    return undefined;
  }

  private answer(method: string, args: Args): Args {
    const handler = this.methods[method];
    if (!handler) return { ok: false, error: "unknown_method", req_method: method };
    try {
      return { ok: true, ...handler(args) };
    } catch (error) {
      if (error instanceof MethodError) return { ok: false, error: error.error };
      throw error;
    }
  }

  private readonly methods: Record<string, (args: Args) => Args> = {
    // As Slack answers it: an org-wide install has no team and is_enterprise_install true.
    "oauth.v2.access": (args) => {
      if (!this.oauthApp || args.client_id !== this.oauthApp.clientId) throw new MethodError("invalid_client_id");
      if (args.client_secret !== this.oauthApp.clientSecret) throw new MethodError("bad_client_secret");
      const code = str(args.code);
      const install = this.installCodes.get(code);
      if (!install) throw new MethodError("invalid_code");
      this.installCodes.delete(code);
      return {
        access_token: install.botToken,
        token_type: "bot",
        scope: install.scopes.join(","),
        bot_user_id: FAKE_IDS.botUserId,
        app_id: FAKE_IDS.appId,
        team: install.teamId === undefined ? null : { id: install.teamId, name: `Team ${install.teamId}` },
        enterprise: install.enterpriseId === undefined ? null : { id: install.enterpriseId, name: `Grid ${install.enterpriseId}` },
        authed_user: { id: install.installerId },
        is_enterprise_install: install.teamId === undefined,
      };
    },
    "auth.test": () => ({
      url: `https://${FAKE_IDS.teamDomain}.slack.com/`,
      team: "Fake Team",
      user: "inbox-pulse",
      team_id: FAKE_IDS.teamId,
      user_id: FAKE_IDS.botUserId,
      bot_id: FAKE_IDS.botId,
      is_enterprise_install: false,
    }),
    "users.info": (args) => {
      const user = this.users.get(str(args.user));
      if (!user) throw new MethodError("user_not_found");
      return { user: userObject(user) };
    },
    "usergroups.users.list": (args) => {
      const members = this.usergroups.get(str(args.usergroup));
      if (members === undefined) throw new MethodError("no_such_subteam");
      if (members === "plan_upgrade_required") throw new MethodError("plan_upgrade_required");
      return { users: members };
    },
    "chat.postMessage": (args) => {
      const channel = requireChannel(args);
      checkMessage(args);
      const ts = this.nextTs();
      const message = { ...this.message(args, ts), ...(args.metadata ? { metadata: args.metadata } : {}) };
      // A thread reply lives in its thread, not in the channel's history (unless broadcast).
      const thread = str(args.thread_ts);
      if (thread) this.threads.set(thread, [...(this.threads.get(thread) ?? []), { ...message, thread_ts: thread }]);
      else this.channelHistory.set(channel, [message, ...(this.channelHistory.get(channel) ?? [])]);
      return { channel, ts, message };
    },
    // The parent, then its replies oldest first, as Slack returns a thread.
    "conversations.replies": (args) => {
      const channel = requireChannel(args);
      const ts = str(args.ts);
      const parent = (this.channelHistory.get(channel) ?? []).find((m) => m.ts === ts);
      if (!parent) throw new MethodError("thread_not_found");
      const withMetadata = String(args.include_all_metadata) === "true";
      const messages = [parent, ...(this.threads.get(ts) ?? [])].map((m) => (withMetadata ? m : { ...m, metadata: undefined }));
      return { messages, has_more: false };
    },
    // Newest first, as Slack returns it; metadata only with include_all_metadata.
    "conversations.history": (args) => {
      const channel = requireChannel(args);
      const withMetadata = String(args.include_all_metadata) === "true";
      const messages = (this.channelHistory.get(channel) ?? []).map((m) => (withMetadata ? m : { ...m, metadata: undefined }));
      return { messages: messages.slice(0, Number(args.limit ?? 100)), has_more: false };
    },
    "chat.postEphemeral": (args) => {
      requireChannel(args);
      if (!args.user) throw new MethodError("user_not_in_channel");
      checkMessage(args);
      return { message_ts: this.nextTs() };
    },
    "chat.update": (args) => {
      const channel = requireChannel(args);
      const ts = str(args.ts);
      if (!ts) throw new MethodError("message_not_found");
      checkMessage(args);
      // A message posted here is replaced in the history, its metadata kept.
      const history = this.channelHistory.get(channel) ?? [];
      const at = history.findIndex((m) => m.ts === ts);
      if (at >= 0) history[at] = { ...history[at], ...this.message(args, ts) };
      return { channel, ts, text: str(args.text), message: this.message(args, ts) };
    },
    "views.open": (args) => {
      if (!args.trigger_id) throw new MethodError("invalid_trigger_id");
      return { view: this.view(args.view) };
    },
    "views.publish": (args) => {
      if (!args.user_id) throw new MethodError("user_not_found");
      return { view: this.view(args.view) };
    },
    "views.push": (args) => {
      if (!args.trigger_id) throw new MethodError("invalid_trigger_id");
      return { view: this.view(args.view) };
    },
    "views.update": (args) => {
      if (!args.view_id && !args.external_id) throw new MethodError("not_found");
      return { view: { ...this.view(args.view), ...(args.view_id ? { id: args.view_id } : {}) } };
    },
    // Every group set with setUsergroup, named after its id; script plan_upgrade_required with failNext.
    "usergroups.list": () => ({
      usergroups: [...this.usergroups.keys()].map((id) => ({
        id,
        team_id: FAKE_IDS.teamId,
        name: `Group ${id}`,
        handle: id.toLowerCase(),
      })),
    }),
    "conversations.open": (args) => {
      const users = str(args.users);
      if (!users) throw new MethodError("users_list_not_supplied");
      let id = this.dmChannels.get(users);
      if (!id) {
        id = `D0FAKE${this.nextId()}`;
        this.dmChannels.set(users, id);
      }
      return { channel: { id } };
    },
    "files.getUploadURLExternal": (args) => {
      const length = Number(args.length);
      if (!args.filename || !Number.isInteger(length) || length < 1) throw new MethodError("invalid_arguments");
      const id = `F0FAKE${this.nextId()}`;
      const filename = str(args.filename);
      this.files.set(id, { id, filename, title: filename, declaredLength: length, created: Math.floor(Date.now() / 1000), channels: [] });
      return { upload_url: `${this.baseUrl}/upload/v1/${id}`, file_id: id };
    },
    "files.completeUploadExternal": (args) => {
      if (!Array.isArray(args.files) || args.files.length === 0) throw new MethodError("invalid_arguments");
      const channel = str(args.channel_id || args.channels);
      const files = (args.files as { id?: string; title?: string }[]).map((entry) => {
        const file = this.files.get(str(entry.id));
        if (!file || !this.uploads.some((u) => u.fileId === file.id)) throw new MethodError("file_not_found");
        if (entry.title) file.title = entry.title;
        if (channel) file.channels.push(channel);
        return this.fileObject(file);
      });
      return { files };
    },
    "files.info": (args) => {
      const file = this.files.get(str(args.file));
      if (!file) throw new MethodError("file_not_found");
      return { file: this.fileObject(file), comments: [] };
    },
  };

  // The upload host takes raw bytes or multipart (web-api posts multipart, field `body`).
  private async receiveUpload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const file = this.files.get(fileId);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("upload_url not found");
      return;
    }
    let bytes = raw;
    if ((req.headers["content-type"] ?? "").startsWith("multipart/form-data")) {
      const form = await toRequest(req, raw).formData();
      const part = [...form.values()].find((value): value is File => typeof value !== "string");
      bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    this.record(() => this.uploads.push({ fileId, filename: file.filename, declaredLength: file.declaredLength, bytes }));
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  }

  private async receiveResponse(name: string, url: URL, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const uses = (this.responseUses.get(url.pathname) ?? 0) + 1;
    this.responseUses.set(url.pathname, uses);
    if (uses > RESPONSE_URL_USES) {
      res.writeHead(404, { "content-type": "text/plain" }).end("used_url");
      return;
    }
    const body = await parseArgs(req, raw).catch(() => ({}));
    if (Object.keys(body).length === 0) {
      res.writeHead(400, { "content-type": "text/plain" }).end("invalid_payload");
      return;
    }
    this.record(() => this.responseLog.push({ name, body }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  }

  private message(args: Args, ts: string): Args {
    return {
      type: "message",
      subtype: "bot_message",
      text: str(args.text),
      user: FAKE_IDS.botUserId,
      bot_id: FAKE_IDS.botId,
      app_id: FAKE_IDS.appId,
      team: FAKE_IDS.teamId,
      ts,
      ...(args.blocks === undefined ? {} : { blocks: args.blocks }),
      ...(args.thread_ts === undefined ? {} : { thread_ts: args.thread_ts }),
    };
  }

  private view(view: unknown): Args {
    if (typeof view !== "object" || view === null) throw new MethodError("invalid_arguments");
    const v = view as Args;
    checkBlocks(v.blocks, MAX_VIEW_BLOCKS);
    const id = `V0FAKE${this.nextId()}`;
    return {
      id,
      team_id: FAKE_IDS.teamId,
      app_id: FAKE_IDS.appId,
      bot_id: FAKE_IDS.botId,
      callback_id: "",
      private_metadata: "",
      external_id: "",
      ...v,
      state: { values: {} },
      hash: `${Date.now()}.${this.nextId()}`,
      root_view_id: id,
      previous_view_id: null,
    };
  }

  private fileObject(file: FileRecord): Args {
    const upload = this.uploads.find((u) => u.fileId === file.id);
    const filetype = file.filename.includes(".") ? (file.filename.split(".").at(-1) ?? "").toLowerCase() : "binary";
    const url = `https://files.slack.com/files-pri/${FAKE_IDS.teamId}-${file.id}/${encodeURIComponent(file.filename)}`;
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.filename,
      title: file.title,
      mimetype: MIME_TYPES[filetype] ?? "application/octet-stream",
      filetype,
      user: FAKE_IDS.botUserId,
      size: upload?.bytes.length ?? 0,
      is_public: file.channels.some((c) => c.startsWith("C")),
      url_private: url,
      url_private_download: `${url}?download=1`,
      permalink: `https://${FAKE_IDS.teamDomain}.slack.com/files/${FAKE_IDS.botUserId}/${file.id}/${encodeURIComponent(file.filename)}`,
      channels: [...file.channels],
    };
  }

  private script(method: string, entry: Scripted): void {
    const queue = this.scripted.get(method) ?? [];
    queue.push(entry);
    this.scripted.set(method, queue);
  }

  private record(push: () => void): void {
    push();
    for (const wake of [...this.waiters]) wake();
  }

  private until<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(attempt);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`FakeSlack: ${describe()}`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  private describeCalls(): string {
    if (this.calls.length === 0) return "(none)";
    return this.calls.map((c) => (c.error ? `${c.method} (${c.error})` : c.method)).join(", ");
  }

  private nextId(): number {
    this.seq += 1;
    return this.seq;
  }

  // Message timestamps are unique per message, like Slack's "seconds.micro" ts.
  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(this.nextId()).padStart(6, "0")}`;
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}

const MIME_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  csv: "text/csv",
  txt: "text/plain",
  json: "application/json",
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toRequest(req: IncomingMessage, raw: Buffer): Request {
  return new Request("http://fake.invalid/", {
    method: "POST",
    headers: { "content-type": req.headers["content-type"] ?? "" },
    body: new Uint8Array(raw),
  });
}

// Form, multipart or JSON, as Slack accepts them; form values of JSON-typed args parsed.
async function parseArgs(req: IncomingMessage, raw: Buffer): Promise<Args> {
  const type = req.headers["content-type"] ?? "";
  if (raw.length === 0) return {};
  if (type.startsWith("application/json")) return JSON.parse(raw.toString("utf8")) as Args;
  const entries = type.startsWith("multipart/form-data")
    ? [...(await toRequest(req, raw).formData()).entries()].filter((e): e is [string, string] => typeof e[1] === "string")
    : [...new URLSearchParams(raw.toString("utf8")).entries()];
  return Object.fromEntries(entries.map(([key, value]) => [key, JSON_ARGS.has(key) ? parseJson(value) : value]));
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function str(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function requireChannel(args: Args): string {
  const channel = str(args.channel);
  if (!channel) throw new MethodError("channel_not_found");
  return channel;
}

function checkMessage(args: Args): void {
  if (!args.text && !args.blocks && !args.attachments) throw new MethodError("no_text");
  checkBlocks(args.blocks, MAX_MESSAGE_BLOCKS);
}

// Only the checks that catch real bugs cheaply: block lists that Slack would reject outright.
function checkBlocks(blocks: unknown, max: number): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks) || blocks.length > max) throw new MethodError("invalid_blocks");
  if (blocks.some((b) => typeof b !== "object" || b === null || typeof (b as Args).type !== "string")) {
    throw new MethodError("invalid_blocks");
  }
}

function userObject(user: FakeUser): Args {
  const tz = user.tz ?? "America/Los_Angeles";
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.real_name ?? user.profile?.real_name ?? name;
  return {
    id: user.id,
    team_id: user.team_id ?? FAKE_IDS.teamId,
    name,
    real_name: realName,
    deleted: user.deleted ?? false,
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_primary_owner: false,
    is_bot: user.is_bot ?? false,
    is_app_user: false,
    tz,
    tz_offset: tzOffsetSeconds(tz),
    profile: {
      real_name: realName,
      display_name: user.profile?.display_name ?? name,
      ...(user.profile?.email === undefined ? {} : { email: user.profile.email }),
    },
  };
}

// Slack's tz_offset: seconds east of UTC right now in that zone.
function tzOffsetSeconds(tz: string): number {
  const label = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(label ?? "");
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}
