// inbox-pulse demo [--workspace TDEMO0001] [--days 120]: fills the configured database
// with demo data up to the start of the current hour. Safe to run again (see demo-data.ts).
import { DEMO_DAYS, DEMO_TIME_ZONE, DEMO_WORKSPACE_ID, demoEnd } from "../demo/demo-data.ts";
import { loadDemo } from "../demo/load-demo.ts";
import { EVENT_TYPES } from "../ingest/event-schemas.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { terminalReport } from "./report-command.ts";
import { UsageError } from "./usage-error.ts";

const MAX_DAYS = 3650;

const count = (n: number) => n.toLocaleString("en-US");

export async function demoCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, { workspace: { type: "string" }, days: { type: "string" } });
  if (positionals.length > 0) {
    throw new UsageError(`demo: unexpected "${positionals[0]}", e.g. demo --workspace ${DEMO_WORKSPACE_ID} --days ${DEMO_DAYS}`);
  }
  const workspaceId = requireWorkspace({ workspace: flags.workspace ?? DEMO_WORKSPACE_ID });
  const days = flags.days === undefined ? DEMO_DAYS : Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new UsageError(`--days: expected a whole number of days from 1 to ${MAX_DAYS}, e.g. --days ${DEMO_DAYS}`);
  }
  const end = demoEnd(new Date());

  return withDatabase(async (db) => {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`Demo data for workspace ${workspaceId} (${DEMO_TIME_ZONE}): ${days} days up to ${end.toISOString()}, ${db.target.provider}`);
    const started = performance.now();
    const summary = await loadDemo(db, { workspaceId, end, days }, (p) => {
      const through = p.through.slice(0, 10);
      out(`  ${count(p.events).padStart(7)} events through ${through}: ${count(p.stored)} stored, ${count(p.alreadyThere)} already there`);
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { events, stored, alreadyThere } = summary;
    out(`Done in ${seconds} s: ${count(events)} events, ${count(stored)} stored, ${count(alreadyThere)} already there.`);
    for (const type of EVENT_TYPES) {
      const c = summary.byType[type];
      out(`  ${type.padEnd(15)} ${count(c.stored).padStart(7)} stored ${count(c.alreadyThere).padStart(7)} already there`);
    }
    const preview = "/assignments last-7-days";
    out(`\nWhat a manager sees for ${preview} (the same report as in Slack):\n`);
    out(await terminalReport(db, workspaceId, preview));
    out(`More: npx inbox-pulse report "/assignments last-30-days source:user" --workspace ${workspaceId} [--json] [--charts ./charts]`);
    return 0;
  });
}
