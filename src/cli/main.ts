// `npx inbox-pulse <command>`: the command-line entry. Each command lives in its own module.
import { ConfigError, loadEnvFile } from "../config.ts";
import { DatabaseUrlError } from "../store/engine/database-url.ts";
import { digestCommand } from "./digest-command.ts";
import { alertCommand } from "./alert-command.ts";
import { eraseCommand } from "./erase-command.ts";
import { importCommand } from "./import-command.ts";
import { migrateCommand } from "./migrate-command.ts";
import { exportCommand, reportCommand } from "./report-command.ts";
import { hoursCommand } from "./hours-command.ts";
import { retentionCommand } from "./retention-command.ts";
import { tokenCommand } from "./token-command.ts";
import { terminalWidth } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";
import { VERSION } from "../version.ts";
import { webhookCommand } from "./webhook-command.ts";
import { accessCommand, workspaceCommand } from "./workspace-command.ts";

export type CommandHandler = (args: string[]) => Promise<number>;

interface Command {
  /** The syntax, after "inbox-pulse ". */
  usage: string;
  /** What it does, in a few words. */
  about: string;
  run: CommandHandler;
}

const COMMANDS: Record<string, Command> = {
  import: {
    usage: "import assignments|email FILE.csv --workspace T0001 [--time-zone Europe/Paris] [--rejects PATH]",
    about: "CSV import",
    run: importCommand,
  },
  report: {
    usage:
      'report "/assignments last-30-days source:bot" | "/agent-performance last-month" --workspace T0001 [--json] [--charts DIR] [--page N]',
    about: "report in the terminal",
    run: reportCommand,
  },
  export: {
    usage: 'export "/assignments last-month" --workspace T0001 [--out FILE.csv]',
    about: "the whole log as CSV (no 10,000-row cap)",
    run: exportCommand,
  },
  token: { usage: "token create|list|revoke --workspace T0001 [--label TEXT] [--json]", about: "ingest tokens", run: tokenCommand },
  demo: {
    usage: "demo [--workspace TDEMO0001] [--days 120]",
    about: "demo data, safe to re-run",
    run: (args) => import("./demo-command.ts").then((m) => m.demoCommand(args)),
  },
  alert: {
    usage:
      'alert add|list|remove|pause|resume|test --workspace T0001 [--channel C0123ABC --rule "waiting > 2h"] [--created-by U0123] [--json]',
    about: "alert rules (docs/usage.md, Alerts)",
    run: alertCommand,
  },
  workspace: {
    usage:
      "workspace show|set --workspace T0001 [--time-zone Europe/Paris [--from 2026-01-01|start]] [--chart-mode native|quickchart|upload|none|default] [--retention-days N|none] [--erase-on-uninstall yes|no] [--json]",
    about: "time zone, charts, data retention, erase on uninstall",
    run: workspaceCommand,
  },
  digest: {
    usage:
      'digest add|list|remove|preview [ID] --workspace T0001 [--channel C0123ABC --schedule "weekly mon 09:00" [--report agent-performance|assignments] [--created-by U0123]] [--json]',
    about: "scheduled digests, as /pulse digest",
    run: digestCommand,
  },
  hours: {
    usage: 'hours show|set --workspace T0001 [--weekly "mon-fri 09:00-17:00"] [--holidays 2026-12-25] [--time-zone Europe/Paris]',
    about: "business hours",
    run: hoursCommand,
  },
  access: {
    usage: "access list|add|remove --workspace T0001 [--user U123 | --usergroup S123] [--json]",
    about: "who may run reports",
    run: accessCommand,
  },
  webhook: { usage: "webhook set-secret|show --workspace T0001", about: "respond.io webhook signing key", run: webhookCommand },
  erase: {
    usage: "erase --workspace T0001 (--contact ID | --customer EMAIL | --all-data) [--yes]",
    about: "erase personal data (counts only without --yes)",
    run: eraseCommand,
  },
  migrate: {
    usage: "migrate",
    about: "apply the database migrations and stop (for MIGRATE_ON_START=false deployments)",
    run: migrateCommand,
  },
  retention: {
    usage: "retention run [--workspace T0001]",
    about: "delete events older than each workspace's retention now",
    run: retentionCommand,
  },
};

const HELP = new Set(["help", "--help", "-h"]);

/** `text` in lines of at most `width` characters: the first after `indent`, the others after `next`. */
function wrap(text: string, width: number, indent: string, next = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(" ")) {
    const blank = line === indent || line === next;
    if (!blank && line.length + 1 + word.length > width) {
      lines.push(line);
      line = next + word;
    } else line = blank ? line + word : `${line} ${word}`;
  }
  return [...lines, line];
}

function commandHelp(command: Command, width: number): string {
  return [...wrap(`inbox-pulse ${command.usage}`, width, "  ", "      "), ...wrap(command.about, width, "    ")].join("\n");
}

function usage(): string {
  const width = terminalWidth() ?? 100;
  const commands = Object.values(COMMANDS).map((c) => commandHelp(c, width));
  return [
    "Usage: inbox-pulse <command> [options]",
    "Settings come from the environment and .env (docs/operations.md).",
    "",
    ...commands,
    "",
    "  inbox-pulse <command> --help   that command's usage",
    "  inbox-pulse --version",
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    process.stdout.write(`inbox-pulse ${VERSION}\n`);
    return 0;
  }
  // `help`, `help <command>` and `<command> --help` answer on stdout: asked for, not an error.
  const helpFor = name !== undefined && HELP.has(name) ? rest[0] : rest.some((a) => HELP.has(a)) ? name : undefined;
  if (name === undefined || (HELP.has(name) && helpFor === undefined)) {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[helpFor ?? name];
  if (command === undefined) {
    process.stderr.write(`Unknown command "${helpFor ?? name}": inbox-pulse help lists them.\n`);
    return 2;
  }
  if (helpFor !== undefined) {
    process.stdout.write(`Usage:\n${commandHelp(command, terminalWidth() ?? 100)}\n`);
    return 0;
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
