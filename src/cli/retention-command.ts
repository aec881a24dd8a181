// inbox-pulse retention run [--workspace T0001]: the retention job now, instead of at its
// daily time (docs/operations.md, "Data retention").
import { createLogger } from "../log.ts";
import { runRetention } from "../ops/retention-job.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

export async function retentionCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, { workspace: { type: "string" } });
  if (positionals[0] !== "run" || positionals.length > 1)
    throw new UsageError("retention: expected run, e.g. retention run [--workspace T0001]");
  const workspaceId = flags.workspace === undefined ? undefined : requireWorkspace(flags);
  return withDatabase(async (db) => {
    const result = await runRetention(db, createLogger(), workspaceId ? { workspaceId } : {});
    if (result.status === "skipped") {
      process.stderr.write("Another retention run holds the lock (another replica or process); nothing was deleted.\n");
      return 1;
    }
    if (result.workspaces.length === 0) {
      process.stdout.write(
        workspaceId ? `Workspace ${workspaceId} has no retention set: it keeps everything.\n` : "No workspace has a retention set.\n",
      );
      return 0;
    }
    for (const w of result.workspaces) {
      const counts = Object.entries(w.deleted)
        .map(([table, n]) => `${table} ${n}`)
        .join(", ");
      process.stdout.write(
        `${w.workspaceId}: kept ${w.retentionDays} days (before ${new Date(w.cutoff).toISOString()} deleted): ${counts}\n`,
      );
    }
    return 0;
  });
}
