// A small flag parser for the CLI: `--name value`, `--name=value` and bare `--flag`.
import { parseArgs } from "node:util";
import { channelIdOf, isUserId } from "../domain/slack-ids.ts";
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

/** --channel: a channel id, as the running app posts there (a name cannot be resolved without Slack). */
export function requireChannel(flags: ParsedArgs["flags"]): string {
  const channel = flags.channel;
  const channelId = typeof channel === "string" ? channelIdOf(channel) : null;
  if (channelId === null) {
    throw new UsageError(
      `--channel: expected a channel id such as C0123ABC (C... public, G... private; a name will not do: the id is at the bottom of the channel's details in Slack)${typeof channel === "string" ? `, got "${channel}"` : ""}`,
    );
  }
  return channelId;
}

/** --created-by: the Slack user told by direct message if a digest or alert is paused; undefined when not given. */
export function createdByFlag(flags: ParsedArgs["flags"]): string | undefined {
  const createdBy = flags["created-by"];
  if (createdBy !== undefined && (typeof createdBy !== "string" || !isUserId(createdBy))) {
    throw new UsageError(`--created-by: expected a Slack user id such as U0123ABC, got "${String(createdBy)}"`);
  }
  return createdBy;
}

/** A digest or alert id the workspace does not have: said on stderr, status 1. */
export function unknownId(kind: "digest" | "alert", id: string, workspaceId: string): number {
  process.stderr.write(`No ${kind} ${id} in workspace ${workspaceId}: ${kind} list --workspace ${workspaceId} shows their ids.\n`);
  return 1;
}
