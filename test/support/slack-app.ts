// The real app (Bolt's HTTP receiver + our listeners + ingest routes) against a fake Slack.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { readConfig } from "../../src/config.ts";
import { RateLimiter } from "../../src/ingest/rate-limiter.ts";
import { ingestRoutes } from "../../src/ingest/routes.ts";
import { createLogger } from "../../src/log.ts";
import type { Database } from "../../src/store/database.ts";
import { createSlackApp } from "../../src/slack/slack-app.ts";
import { startFakeSlack, type FakeSlack } from "./fake-slack.ts";

export const SIGNING_SECRET = "test-signing-secret";

export interface SlackTestApp {
  url: string;
  fake: FakeSlack;
  logs: string[];
  close(): Promise<void>;
}

export async function startSlackTestApp(db: Database, env: Record<string, string> = {}): Promise<SlackTestApp> {
  const fake = await startFakeSlack();
  const config = readConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_API_URL: fake.apiUrl,
    ...env,
  });
  const logs: string[] = [];
  const log = createLogger("info", (line) => void logs.push(line));
  const routes = ingestRoutes({ db, limiter: new RateLimiter(1e6, 1e6), log });
  const app = createSlackApp({ db, config, log }, routes, { retryConfig: { retries: 0 } });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fake,
    logs,
    async close() {
      await app.stop();
      await fake.close();
    },
  };
}
