// The real app server in its own process (so the load generator does not share its event
// loop), on the database URL given: prints {port, token}; a "mark" line on stdin starts the CPU clock (after warm-up);
// at stdin's end it prints the CPU time since the mark and its peak RSS, and stops.
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { startApp } from "../src/app.ts";
import { readConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { createToken } from "../src/store/workspace/tokens.ts";
import { peakRssKiB } from "./lib/peak-rss.ts";

const [databaseUrl, workspaceId] = process.argv.slice(2) as [string, string];

// readConfig rejects PORT=0 (it wants a positive number), so ask the OS for a free port first.
const freePort = await new Promise<number>((resolve, reject) => {
  const probe = createServer().once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const config = readConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  PORT: String(freePort),
  INGEST_RATE_PER_MINUTE: "100000000",
  INGEST_RATE_BURST: "100000",
});
// Log lines are formatted as in production, then dropped: their cost counts, not their noise.
const app = await startApp(
  config,
  createLogger(config.LOG_LEVEL, () => undefined),
);
const { token } = await createToken(app.db, workspaceId, "bench");
let cpuAtMark = process.cpuUsage();
console.log(JSON.stringify({ port: app.port, token }));

const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  if (line === "mark") cpuAtMark = process.cpuUsage();
});
input.on("close", async () => {
  const cpu = process.cpuUsage(cpuAtMark);
  await app.stop();
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: peakRssKiB() }));
  process.exit(0);
});
