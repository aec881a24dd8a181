// Adding a digest and listing a workspace's digests, as `/pulse digest`, the App Home and
// `inbox-pulse digest` do: one schedule grammar, one time zone, one listing.
import { parseDigestSchedule } from "../domain/digest-schedule.ts";
import type { ReportName } from "../domain/report-request.ts";
import type { Database } from "../store/engine/database.ts";
import { createSubscription, lastRuns, listSubscriptions } from "../store/workspace/digests.ts";
import { workspaceSettings } from "../store/workspace/workspaces.ts";
import { digestListing, type StoredDigestListing } from "./digest-run.ts";

export interface NewDigest {
  workspaceId: string;
  channelId: string;
  report: ReportName;
  /** The schedule as typed, e.g. ["weekly", "mon", "09:00"]: read in the workspace's time zone. */
  scheduleWords: string[];
  /** The Slack user told if the digest is paused, or CREATED_BY_CLI. */
  createdBy: string;
}

/** Stores the digest, with its first run; or the schedule's error, and nothing stored. */
export async function addDigest(
  db: Database,
  digest: NewDigest,
  now: number,
): Promise<{ ok: true; listing: StoredDigestListing } | { ok: false; error: string }> {
  const { timeZone } = await workspaceSettings(db, digest.workspaceId);
  const parsed = parseDigestSchedule(digest.scheduleWords, timeZone);
  if (!parsed.ok) return parsed;
  const { scheduleWords: _, ...row } = digest;
  const subscription = await createSubscription(db, { ...row, schedule: JSON.stringify(parsed.schedule) });
  return { ok: true, listing: digestListing(subscription, undefined, now) };
}

/** The workspace's digests, oldest first, each with its next run and its last one. */
export async function digestListings(db: Database, workspaceId: string, now: number): Promise<StoredDigestListing[]> {
  const [subscriptions, runs] = await Promise.all([listSubscriptions(db, workspaceId), lastRuns(db, workspaceId)]);
  return subscriptions.map((s) => digestListing(s, runs.get(s.id), now));
}
