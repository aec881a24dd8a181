// An alert rule in words, the same in every medium: its line in a list (`/pulse alert list`,
// the App Home, `inbox-pulse alert list`) with its state, and the answer to adding one.
import { DateTime } from "luxon";
import { describeAlertRule, type AlertRuleSpec } from "../../domain/alert-rules.ts";
import { durationWords } from "./agent-performance-words.ts";
import type { Markup } from "./markup.ts";

export interface AlertListingWords {
  readonly rule: {
    readonly id: string;
    readonly channelId: string;
    readonly spec: AlertRuleSpec;
    readonly pausedAt: number | null;
    readonly pausedReason: string | null;
  };
  /** The latest episode, open (endedAt null) or ended. */
  readonly episode: {
    readonly startedAt: number;
    readonly endedAt: number | null;
    readonly acknowledgedBy: string | null;
    readonly snoozedUntil: number | null;
  } | null;
  readonly timeZone: string;
}

const at = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("ccc d LLL HH:mm");

/** quiet, firing since..., acknowledged by..., snoozed until..., paused (why); and the last episode once over. */
function alertStateWords({ rule, episode, timeZone }: AlertListingWords, m: Markup, now: number): string {
  const open = episode !== null && episode.endedAt === null ? episode : null;
  const parts: string[] = [];
  if (rule.pausedAt !== null) parts.push(`${m.paused} (${m.text(rule.pausedReason ?? "")})`);
  if (open === null) {
    if (rule.pausedAt === null) parts.push("quiet");
    if (episode !== null) {
      const lasted = durationWords(Math.round((episode.endedAt! - episode.startedAt) / 1000));
      parts.push(`last fired ${at(episode.startedAt, timeZone)} for ${lasted}`);
    }
    return parts.join(", ");
  }
  parts.push(`firing since ${at(open.startedAt, timeZone)}`);
  if (open.acknowledgedBy !== null) parts.push(`acknowledged by ${m.user(open.acknowledgedBy)}`);
  if (open.snoozedUntil !== null && open.snoozedUntil > now) parts.push(`snoozed until ${at(open.snoozedUntil, timeZone)}`);
  return parts.join(", ");
}

/** id, the rule in words, its channel, its state. */
export function alertLineWords(listing: AlertListingWords, m: Markup, now: number): string {
  return `${m.id(listing.rule.id)} ${m.text(describeAlertRule(listing.rule.spec))} in ${m.channel(listing.rule.channelId)} — ${alertStateWords(listing, m, now)}`;
}
