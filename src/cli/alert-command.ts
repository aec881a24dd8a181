// inbox-pulse alert add|list|remove|pause|resume|test --workspace T0001: the alert rules of
// `/pulse alert`, with the same grammar and the same listing. The running app evaluates and
// posts them (its alert scheduler, with the workspace's bot token).
import { addAlertRule, alertListings, tryAlertRule, type AlertListing } from "../alerts/alert-admin.ts";
import { describeAlertRule } from "../domain/alert-rules.ts";
import { alertLineWords } from "../render/words/alert-words.ts";
import { PLAIN } from "../render/words/markup.ts";
import { removeAlertRule, setAlertRulePaused } from "../store/workspace/alerts.ts";
import { CREATED_BY_CLI } from "../store/workspace/digests.ts";
import { createdByFlag, parseCommandArgs, requireChannel, requireWorkspace, unknownId } from "./args.ts";
import { withDatabase } from "./database.ts";
import { printList } from "./list-output.ts";
import { UsageError } from "./usage-error.ts";

const EXAMPLE = 'alert add --workspace T0001 --channel C0123ABC --rule "waiting > 2h"';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A rule as `alert list --json` prints it. */
function listingJson({ rule, episode }: AlertListing) {
  return {
    id: rule.id,
    channelId: rule.channelId,
    rule: rule.spec,
    ruleWords: describeAlertRule(rule.spec),
    paused: rule.pausedAt === null ? null : { at: iso(rule.pausedAt), reason: rule.pausedReason },
    lastEpisode: episode && {
      episode: episode.episode,
      startedAt: iso(episode.startedAt),
      endedAt: iso(episode.endedAt),
      notifications: episode.notifications,
      acknowledgedBy: episode.acknowledgedBy,
      snoozedUntil: iso(episode.snoozedUntil),
      figures: episode.detail,
    },
    createdBy: rule.createdBy,
    createdAt: iso(rule.createdAt),
  };
}

export async function alertCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    channel: { type: "string" },
    rule: { type: "string" },
    "created-by": { type: "string" },
    json: { type: "boolean" },
  });
  const workspaceId = requireWorkspace(flags);
  const [action, id, ...extra] = positionals;
  const now = Date.now();
  if (action === "add") {
    if (id !== undefined) throw new UsageError(`alert add: unexpected "${id}": the rule goes in --rule, e.g. ${EXAMPLE}`);
    const channelId = requireChannel(flags);
    if (typeof flags.rule !== "string" || flags.rule.trim() === "") throw new UsageError(`--rule: expected a rule, e.g. ${EXAMPLE}`);
    const input = { workspaceId, channelId, text: flags.rule, createdBy: createdByFlag(flags) ?? CREATED_BY_CLI };
    return withDatabase(async (db) => {
      const added = await addAlertRule(db, input, now);
      if (!added.ok) throw new UsageError(`--rule: ${added.error}`);
      process.stdout.write(`Alert ${alertLineWords(added.listing, PLAIN, now)}.\n`);
      if (added.warning) process.stdout.write(`${added.warning}\n`);
      process.stdout.write("The running app evaluates it every minute; invite the app to a private channel first.\n");
      return 0;
    });
  }
  if (action === "list") {
    if (id !== undefined) throw new UsageError(`alert list: unexpected "${id}"`);
    return withDatabase(async (db) => {
      const listings = await alertListings(db, workspaceId);
      return printList(listings, {
        json: flags.json === true,
        toJson: listingJson,
        line: (listing) => alertLineWords(listing, PLAIN, now),
        none: `No alerts in workspace ${workspaceId}.`,
      });
    });
  }
  if (action === "remove" || action === "pause" || action === "resume" || action === "test") {
    if (id === undefined || extra.length > 0)
      throw new UsageError(
        `alert ${action}: expected one alert id, e.g. alert ${action} al1a2b3c --workspace T0001 (alert list shows them)`,
      );
    return withDatabase(async (db) => {
      if (action === "test") {
        const tried = await tryAlertRule(db, workspaceId, id, now);
        if (tried === null) return unknownId("alert", id, workspaceId);
        const holds = tried.result.evaluation.holds;
        const verdict = holds === true ? "holds now" : holds === "not-now" ? "holds, but the workspace is closed now" : "does not hold now";
        process.stdout.write(`Alert ${id} ${verdict}: ${tried.message.text}\n`);
        return 0;
      }
      const done =
        action === "remove"
          ? await removeAlertRule(db, workspaceId, id)
          : await setAlertRulePaused(db, workspaceId, id, action === "pause" ? "paused on the command line" : null, now);
      if (!done) return unknownId("alert", id, workspaceId);
      process.stdout.write(`Alert ${id} ${action === "remove" ? "removed" : action === "pause" ? "paused" : "resumed"}.\n`);
      return 0;
    });
  }
  throw new UsageError(`alert: expected add, list, remove, pause, resume or test, e.g. ${EXAMPLE}`);
}
