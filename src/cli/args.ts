// A small flag parser for the CLI: `--name value`, `--name=value` and bare `--flag`.
import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

export function parseCommandArgs(args: string[], options: Record<string, { type: "string" | "boolean"; short?: string }>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { positionals, flags: values as ParsedArgs["flags"] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const WORKSPACE_ID = /^[A-Z0-9][A-Z0-9_-]{1,63}$/i;

export function requireWorkspace(flags: ParsedArgs["flags"]): string {
  const workspace = flags.workspace;
  if (typeof workspace !== "string" || !WORKSPACE_ID.test(workspace)) {
    throw new UsageError("--workspace: expected a Slack team or enterprise id such as T0001");
  }
  return workspace;
}
