// inbox-pulse digest add|list|remove|preview --workspace T0001: the digests of `/pulse digest`,
// with the same schedule grammar, the same default report and the same listing. The running
// app posts them (its digest scheduler, with the workspace's bot token).
import { DEFAULT_DIGEST_REPORT, describeDigestSchedule } from "../domain/digest-schedule.ts";
import { REPORTS, reportNamed } from "../domain/report-request.ts";
import { digestReports, previewRun, type StoredDigestListing } from "../digests/digest-run.ts";
import { addDigest, digestListings } from "../digests/digest-subscriptions.ts";
import { digestAddedWords, digestLineWords } from "../render/words/digest-words.ts";
import { PLAIN } from "../render/words/markup.ts";
import { CREATED_BY_CLI, findSubscription, removeSubscription } from "../store/workspace/digests.ts";
import { createdByFlag, parseCommandArgs, requireChannel, requireWorkspace, unknownId, type ParsedArgs } from "./args.ts";
import { withDatabase } from "./database.ts";
import { reportText } from "./report-command.ts";
import { printList } from "./list-output.ts";
import { UsageError } from "./usage-error.ts";

const EXAMPLE = 'digest add --workspace T0001 --channel C0123ABC --schedule "weekly mon 09:00"';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A digest as `digest list --json` prints it. */
function listingJson({ subscription: s, schedule, nextDueAt, lastRun: run }: StoredDigestListing) {
  return {
    id: s.id,
    channelId: s.channelId,
    report: s.report,
    schedule,
    scheduleWords: describeDigestSchedule(schedule),
    // A paused digest has no next run until it is added again (or its app installed again).
    nextRunAt: s.pausedAt === null ? iso(nextDueAt) : null,
    paused: s.pausedAt === null ? null : { at: iso(s.pausedAt), reason: s.pausedReason },
    lastRun: run
      ? {
          periodKey: run.periodKey,
          status: run.status,
          dueAt: iso(run.dueAt),
          attempts: run.attempts,
          finishedAt: iso(run.finishedAt),
          error: run.error,
        }
      : null,
    createdBy: s.createdBy,
    createdAt: iso(s.createdAt),
  };
}

function addFlags(flags: ParsedArgs["flags"]) {
  const channelId = requireChannel(flags);
  const reportFlag = flags.report;
  const report = typeof reportFlag === "string" ? reportNamed(reportFlag.toLowerCase()) : DEFAULT_DIGEST_REPORT;
  if (report === undefined) throw new UsageError(`--report: expected ${REPORTS.join(" or ")}, got "${String(reportFlag)}"`);
  const schedule = typeof flags.schedule === "string" ? flags.schedule : "";
  return { channelId, report, createdBy: createdByFlag(flags), scheduleWords: schedule.trim().split(/\s+/).filter(Boolean) };
}

export async function digestCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    channel: { type: "string" },
    schedule: { type: "string" },
    report: { type: "string" },
    "created-by": { type: "string" },
    json: { type: "boolean" },
  });
  const workspaceId = requireWorkspace(flags);
  const [action, id, ...extra] = positionals;
  const now = Date.now();
  if (action === "add") {
    if (id !== undefined) throw new UsageError(`digest add: unexpected "${id}": the schedule goes in --schedule, e.g. ${EXAMPLE}`);
    const { createdBy, ...digest } = addFlags(flags);
    return withDatabase(async (db) => {
      const added = await addDigest(db, { workspaceId, ...digest, createdBy: createdBy ?? CREATED_BY_CLI }, now);
      if (!added.ok) throw new UsageError(`--schedule: ${added.error}`);
      process.stdout.write(`${digestAddedWords(added.listing, PLAIN)}\n`);
      process.stdout.write(
        "The running app posts it, with the workspace's bot token; invite the app to a private channel first.\n" +
          (createdBy === undefined ? "Nobody is told by direct message if it is paused (--created-by U... names someone).\n" : ""),
      );
      return 0;
    });
  }
  if (action === "list") {
    if (id !== undefined) throw new UsageError(`digest list: unexpected "${id}"`);
    return withDatabase(async (db) => {
      const listings = await digestListings(db, workspaceId, now);
      return printList(listings, {
        json: flags.json === true,
        toJson: listingJson,
        line: (listing) => digestLineWords(listing, PLAIN),
        none: `No digests in workspace ${workspaceId}.`,
      });
    });
  }
  if (action === "remove" || action === "preview") {
    if (id === undefined || extra.length > 0)
      throw new UsageError(
        `digest ${action}: expected one digest id, e.g. digest ${action} dg1a2b3c --workspace T0001 (digest list shows them)`,
      );
    return withDatabase(async (db) => {
      if (action === "remove") {
        if (!(await removeSubscription(db, workspaceId, id))) return unknownId("digest", id, workspaceId);
        process.stdout.write(`Digest ${id} removed.\n`);
        return 0;
      }
      const subscription = await findSubscription(db, workspaceId, id);
      if (subscription === null) return unknownId("digest", id, workspaceId);
      const run = previewRun(subscription, now);
      const { report } = await digestReports(db, run, now);
      process.stdout.write(`Digest ${id} as if it were due now (the full report of its period; Slack gets a summary):\n\n`);
      process.stdout.write(reportText(report));
      return 0;
    });
  }
  throw new UsageError(`digest: expected add, list, remove or preview, e.g. ${EXAMPLE}`);
}
