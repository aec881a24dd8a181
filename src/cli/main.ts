// `npx inbox-pulse <command>`: the command-line entry. Each command lives in its own module.
import { ConfigError, loadEnvFile } from "../config.ts";
import { DatabaseUrlError } from "../store/engine/database-url.ts";
import { eraseCommand } from "./erase-command.ts";
import { importCommand } from "./import-command.ts";
import { migrateCommand } from "./migrate-command.ts";
import { exportCommand, reportCommand } from "./report-command.ts";
import { hoursCommand } from "./hours-command.ts";
import { retentionCommand } from "./retention-command.ts";
import { tokenCommand } from "./token-command.ts";
import { UsageError } from "./usage-error.ts";
import { webhookCommand } from "./webhook-command.ts";
import { accessCommand, workspaceCommand } from "./workspace-command.ts";

export type CommandHandler = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; run: CommandHandler }> = {
  import: {
    summary: "import assignments|email FILE.csv --workspace T0001 [--time-zone Europe/Paris] [--rejects PATH]   CSV import",
    run: importCommand,
  },
  report: {
    summary:
      'report "/assignments last-30-days source:bot" | "/agent-performance last-month" --workspace T0001 [--json] [--charts DIR] [--page N]   report in the terminal',
    run: reportCommand,
  },
  export: {
    summary: 'export "/assignments last-month" --workspace T0001 [--out FILE.csv]   the whole log as CSV (no 10,000-row cap)',
    run: exportCommand,
  },
  token: { summary: "token create|list|revoke --workspace T0001   ingest tokens", run: tokenCommand },
  demo: {
    summary: "demo [--workspace TDEMO0001] [--days 120]    demo data, safe to re-run",
    run: (args) => import("./demo-command.ts").then((m) => m.demoCommand(args)),
  },
  workspace: { summary: "workspace show|set --workspace T0001 [--time-zone Europe/Paris]   reporting time zone", run: workspaceCommand },
  hours: {
    summary:
      'hours show|set --workspace T0001 [--weekly "mon-fri 09:00-17:00"] [--holidays 2026-12-25] [--time-zone Europe/Paris]   business hours',
    run: hoursCommand,
  },
  access: {
    summary: "access list|add|remove --workspace T0001 [--user U123 | --usergroup S123]   who may run reports",
    run: accessCommand,
  },
  webhook: { summary: "webhook set-secret|show --workspace T0001   respond.io webhook signing key", run: webhookCommand },
  erase: {
    summary:
      "erase --workspace T0001 (--contact ID | --customer EMAIL | --all-data) [--yes]   erase personal data (counts only without --yes)",
    run: eraseCommand,
  },
  migrate: {
    summary: "migrate   apply the database migrations and stop (for MIGRATE_ON_START=false deployments)",
    run: migrateCommand,
  },
  retention: {
    summary: "retention run [--workspace T0001]   delete events older than each workspace's retention now",
    run: retentionCommand,
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  inbox-pulse ${c.summary}`);
  return `Usage:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(name === undefined || name === "help" || name === "--help" ? usage() : `Unknown command "${name}".\n${usage()}`);
    return name === undefined || name === "help" || name === "--help" ? 0 : 2;
  }
  try {
    loadEnvFile();
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseUrlError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
