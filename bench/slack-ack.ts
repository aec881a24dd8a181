// Slash-command acknowledgement: signed `/assignments` commands (as Slack sends them) to the
// real app (Bolt's HTTPReceiver, our listeners, the demo data in SQLite) in a child process,
// timed until the HTTP 200; beside the same signed POSTs to a bare node:http server that
// answers 200 at once, so the ratio is Bolt's and our listener's share. The reports each
// command triggers go to a fake Slack's response_url (test/support/fake-slack.ts): the bench
// waits for every one, and times it too, as the work after the ack competes with the acks.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEMO_WORKSPACE_ID, demoEnd } from "../src/demo/demo-data.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { openDatabase } from "../src/store/engine/database.ts";
import { rawHandles } from "../src/store/engine/raw-handles.ts";
import { startFakeSlack, type FakeSlack } from "../test/support/fake-slack.ts";
import { sendSlashCommand } from "../test/support/slack-requests.ts";
import { latencyOf, latencyRow, ms, percentiles, type Latency } from "./lib/latency.ts";
import { envInt, int, secs, startChild, tempFolder, timed, type BenchResult } from "./lib/report.ts";

const COMMANDS = envInt("BENCH_COMMANDS", 300);
const SENDERS = envInt("BENCH_SENDERS", 4);
const SIGNING_SECRET = "bench-signing-secret";
const ADMIN = "U0BENCHADMIN";
const TARGET = { maxMs: 50, at: 99 as const };
// Reports queued behind a burst of 300 can take a while; Slack allows 30 minutes.
const REPORT_TIMEOUT_MS = 180_000;

interface Round {
  acks: number[];
  /** ms from sending the command to its report reaching response_url; empty for the bare server. */
  reports: number[];
}

let sent = 0;

/**
 * Sends `count` signed /assignments commands from `senders` concurrent loops (each waits for
 * its ack, not for the report); then waits for every report when `reports` is set.
 */
async function send(url: string, fake: FakeSlack, count: number, senders: number, reports: boolean, oneAtATime = false): Promise<Round> {
  const acks: number[] = [];
  const delivered: Promise<number>[] = [];
  let next = 0;
  const loop = async () => {
    while (next++ < count) {
      const name = `cmd-${++sent}`;
      const start = performance.now();
      // Waiting from before the POST: a report cannot arrive unseen.
      const reported = reports ? fake.waitForResponse(1, REPORT_TIMEOUT_MS, name).then(() => performance.now() - start) : undefined;
      const result = await sendSlashCommand(url, SIGNING_SECRET, {
        command: "/assignments",
        text: "",
        user_id: ADMIN,
        team_id: DEMO_WORKSPACE_ID,
        channel_id: "C0BENCH",
        response_url: fake.responseUrl(name),
      });
      if (result.status !== 200) throw new Error(`command answered ${result.status}: ${result.body.slice(0, 200)}`);
      acks.push(result.elapsedMs);
      if (reported) {
        delivered.push(reported);
        if (oneAtATime) await reported;
      }
    }
  };
  await Promise.all(Array.from({ length: senders }, loop));
  const times = await Promise.all(delivered);
  for (const body of fake.responses()) {
    // A report, not an apology: the work after the ack really was done.
    if (!Array.isArray(body.blocks) || String(body.text).includes("went wrong") || String(body.text).startsWith("Sorry")) {
      throw new Error(`a response_url got no report: ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
  fake.reset();
  return { acks, reports: times };
}

async function startServer(mode: "bolt" | "bare", file: string, fake: FakeSlack) {
  const child = startChild("slack-app-child.ts", [mode, file, fake.apiUrl, SIGNING_SECRET]);
  const { port } = await child.nextMessage<{ port: number }>();
  return { url: `http://127.0.0.1:${port}`, stop: () => child.finish() };
}

export async function run(): Promise<BenchResult> {
  const tmp = tempFolder("slack-ack");
  const fake = await startFakeSlack();
  const notes: string[] = [];
  try {
    const file = join(tmp.dir, "slack.db");
    const db = await openDatabase(`file:${file}`);
    const demo = await timed(() => loadDemo(db, { workspaceId: DEMO_WORKSPACE_ID, end: demoEnd(new Date()) }));
    const [assignments] = await rawHandles(db).sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ?", [
      DEMO_WORKSPACE_ID,
    ]);
    await db.close();
    notes.push(
      `database: the demo data (${int(demo.value.stored)} events, ${int(assignments!.n)} assignments, 120 days; SQLite), loaded in ${secs(demo.ms)}`,
    );
    // An admin, so each command also makes the users.info call of the permission check.
    fake.setUser({ id: ADMIN, team_id: DEMO_WORKSPACE_ID, is_admin: true, profile: { email: "admin@example.com" } });

    const bare = await startServer("bare", file, fake);
    const bolt = await startServer("bolt", file, fake);
    const rounds: Record<string, { bolt: Round; bare: Round }> = {};
    try {
      // Warm-up: JIT, prepared statements, Bolt's auth.test, keep-alive connections.
      await send(bolt.url, fake, 20, 1, true, true);
      await send(bare.url, fake, 20, 1, false);
      rounds.sequential = { bare: await send(bare.url, fake, COMMANDS, 1, false), bolt: await send(bolt.url, fake, COMMANDS, 1, true) };
      rounds.concurrent = {
        bare: await send(bare.url, fake, COMMANDS, SENDERS, false),
        bolt: await send(bolt.url, fake, COMMANDS, SENDERS, true),
      };
      // Without a queue: each command waits for its report before the next is sent.
      rounds.single = { bare: { acks: [], reports: [] }, bolt: await send(bolt.url, fake, Math.min(50, COMMANDS), 1, true, true) };
    } finally {
      await bolt.stop();
      await bare.stop();
    }
    const lat = (values: number[]): Latency => latencyOf(values);
    const single = lat(rounds.single!.bolt.reports);
    const rows = [
      latencyRow(
        `ack, ${COMMANDS} commands, 1 sender`,
        lat(rounds.sequential!.bolt.acks),
        lat(rounds.sequential!.bare.acks),
        "bare node:http 200",
        TARGET,
        [50, 95, 99],
      ),
      latencyRow(
        `ack, ${COMMANDS} commands, ${SENDERS} senders`,
        lat(rounds.concurrent!.bolt.acks),
        lat(rounds.concurrent!.bare.acks),
        "bare node:http 200",
        TARGET,
        [50, 95, 99],
      ),
      latencyRow(
        `report at response_url, burst of ${COMMANDS}, 1 sender`,
        lat(rounds.sequential!.bolt.reports),
        single,
        "one command at a time",
      ),
      latencyRow(
        `report at response_url, burst of ${COMMANDS}, ${SENDERS} senders`,
        lat(rounds.concurrent!.bolt.reports),
        single,
        "one command at a time",
      ),
    ];
    notes.push(
      `ack of the one-at-a-time round: ${percentiles(lat(rounds.single!.bolt.acks), [50, 95, 99])} (p50/p95/p99); ` +
        `its report: ${percentiles(single, [50, 95])}, slowest ${ms(single.samples.at(-1)!)}`,
      `every response_url got its report (${int(2 * COMMANDS + Math.min(50, COMMANDS))} timed, plus 20 warm-up); CHARTS=native (no PNG render after the ack)`,
      "app and bare server each in a child process; commands, fake Web API and response_url in this one",
    );
    return { rows, notes };
  } finally {
    await fake.close();
    tmp.remove();
  }
}
