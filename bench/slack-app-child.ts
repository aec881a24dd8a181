// The server side of the slack-ack bench, in its own process (so the Slack side, the
// load generator and the fake Web API, does not share its event loop):
//   bolt <db file> <Slack API url> <signing secret>: the real app as test/support/slack-app.ts
//     starts it (createSlackApp, Bolt's HTTPReceiver, the ingest routes) on 127.0.0.1:0;
//   bare: a node:http server that reads the body and answers 200 at once (the baseline).
// Prints {port}; stops when stdin ends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readConfig } from "../src/config.ts";
import { RateLimiter } from "../src/ingest/rate-limiter.ts";
import { ingestRoutes } from "../src/ingest/routes.ts";
import { createLogger } from "../src/log.ts";
import { openDatabase } from "../src/store/engine/database.ts";
import { createSlackApp } from "../src/slack/slack-app.ts";

const [mode, file, apiUrl, signingSecret] = process.argv.slice(2) as [string, string, string, string];

let stop: () => Promise<void>;
let server: Server;
if (mode === "bolt") {
  const db = await openDatabase(`file:${file}`);
  const config = readConfig({ SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: "xoxb-bench", SLACK_API_URL: apiUrl });
  // Warnings and errors reach the bench's stderr: a failed report must not go unnoticed.
  const log = createLogger("warn");
  const app = createSlackApp({ db, config, log }, ingestRoutes({ db, limiter: new RateLimiter(1e6, 1e6), log }));
  server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  stop = async () => {
    await app.stop();
    await db.close();
  };
} else {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stop = () => new Promise((resolve) => server.close(() => resolve()));
}
console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));

process.stdin.resume();
process.stdin.on("end", async () => {
  server.closeAllConnections();
  await stop();
  process.exit(0);
});
