// The real app (Bolt's HTTP receiver + our listeners + ingest routes) against a fake Slack.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { readConfig } from "../../src/config.ts";
import { RateLimiter } from "../../src/ingest/rate-limiter.ts";
import { ingestRoutes } from "../../src/ingest/routes.ts";
import { createLogger } from "../../src/log.ts";
import type { Database } from "../../src/store/engine/database.ts";
import { createSlackApp } from "../../src/slack/slack-app.ts";
import { TokenCipher } from "../../src/secrets/token-cipher.ts";
import { SlackInstallationStore } from "../../src/store/workspace/installations.ts";
import { startFakeSlack, type FakeSlack } from "./fake-slack.ts";
import { sendBlockAction, sendSlashCommand, type SlashCommandInput } from "./slack-requests.ts";

export const SIGNING_SECRET = "test-signing-secret";

/** The settings of an app installed by OAuth into many workspaces (instead of SLACK_BOT_TOKEN). */
export const OAUTH_ENV = {
  SLACK_CLIENT_ID: "1111.2222",
  SLACK_CLIENT_SECRET: "test-client-secret",
  SLACK_STATE_SECRET: "test-state-secret",
  ENCRYPTION_KEY: "9f3c1a7e5b2d4f6081a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7",
} as const;

// Slack payloads are loosely typed JSON: tests read them as such.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as tests walk it, any shape.
export type Block = Record<string, any>;
export type Payload = { text: string; blocks: Block[]; response_type?: string; replace_original?: boolean };
export type ClickedAction = { action_id: string; value?: string; block_id?: string; selected_option?: { value: string } };

export interface SlackTestApp {
  url: string;
  fake: FakeSlack;
  logs: string[];
  /** With `oauth`: where the installs are kept. */
  installations: SlackInstallationStore | undefined;
  /** A signed slash command (`grid` adds the Enterprise Grid fields); resolves with what the app posted to its response_url. */
  command(
    command: string,
    text: string,
    user: string,
    teamId: string,
    grid?: Pick<SlashCommandInput, "enterprise_id" | "is_enterprise_install">,
  ): Promise<{ payload: Payload; elapsedMs: number; status: number }>;
  /** A signed click; resolves with what the app posted to its response_url. */
  click(action: ClickedAction, user: string, teamId: string): Promise<Payload>;
  close(): Promise<void>;
}

/** The message's table: a data_table (TABLES=native) or a table block (TABLES=table). */
export const tableOf = (p: Payload) => (p.blocks ?? []).find((b) => b.type === "table" || b.type === "data_table");
export const cellsOf = (p: Payload): string[][] =>
  (tableOf(p)?.rows ?? []).map((row: Block[]) => row.map((c) => c.text ?? JSON.stringify(c)));
export const actionsOf = (p: Payload): Block[] =>
  (p.blocks ?? []).filter((b) => b.type === "actions").flatMap((b) => b.elements.map((e: Block) => ({ ...e, block_id: b.block_id })));
/** The element with this action id (the test fails if the message has none). */
export function actionOf(p: Payload, id: string): Block {
  const found = actionsOf(p).find((e) => e.action_id === id);
  if (!found) throw new Error(`no element ${id} in the message`);
  return found;
}

/** `oauth`: tokens come from each workspace's install (OAUTH_ENV) rather than SLACK_BOT_TOKEN; `now`: the app's clock. */
export async function startSlackTestApp(
  db: Database,
  env: Record<string, string> = {},
  options: { oauth?: boolean; now?: () => number } = {},
): Promise<SlackTestApp> {
  const fake = await startFakeSlack();
  const config = readConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...(options.oauth ? OAUTH_ENV : { SLACK_BOT_TOKEN: "xoxb-test" }),
    SLACK_API_URL: fake.apiUrl,
    ...env,
  });
  if (options.oauth) fake.setOAuthApp(OAUTH_ENV.SLACK_CLIENT_ID, OAUTH_ENV.SLACK_CLIENT_SECRET);
  const installations = options.oauth ? new SlackInstallationStore(db, new TokenCipher(config.ENCRYPTION_KEY!)) : undefined;
  const logs: string[] = [];
  const log = createLogger("info", (line) => void logs.push(line));
  const routes = ingestRoutes({ db, limiter: new RateLimiter(1e6, 1e6), log });
  const app = createSlackApp({ db, config, log }, routes, {
    clientOptions: { retryConfig: { retries: 0 } },
    installations,
    now: options.now,
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responses = 0;
  return {
    url,
    fake,
    logs,
    installations,
    async command(command, text, user, teamId, grid = {}) {
      const name = `command-${++responses}`;
      const result = await sendSlashCommand(url, SIGNING_SECRET, {
        command,
        text,
        user_id: user,
        team_id: teamId,
        channel_id: "C0CHANNEL",
        response_url: fake.responseUrl(name),
        ...grid,
      });
      const [payload] = await fake.waitForResponse(1, 5000, name);
      return { payload: payload as unknown as Payload, elapsedMs: result.elapsedMs, status: result.status };
    },
    async click(action, user, teamId) {
      const name = `click-${++responses}`;
      await sendBlockAction(url, SIGNING_SECRET, {
        team_id: teamId,
        user_id: user,
        channel_id: "C0CHANNEL",
        response_url: fake.responseUrl(name),
        actions: [action],
      });
      const [payload] = await fake.waitForResponse(1, 5000, name);
      return payload as unknown as Payload;
    },
    async close() {
      await app.stop();
      await fake.close();
    },
  };
}
