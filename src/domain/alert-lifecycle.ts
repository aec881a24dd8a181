// What an alert does at each evaluation (docs/usage.md, "Alerts"): open an episode with one
// message when its condition becomes true, keep that message current while it holds (at most
// every 5 minutes), notify again in its thread only after the cooldown and only if worse,
// and close the episode when the condition clears. Pure: the runner applies the step.

/** The stored state of a rule's open episode. */
export interface OpenEpisode {
  readonly episode: number;
  readonly startedAt: number;
  /** The figure at the latest evaluation, and when the message last showed it. */
  readonly value: number;
  readonly updatedAt: number;
  /** The figure when the channel was last notified (the first post or a thread reply). */
  readonly notifiedValue: number;
  readonly notifiedAt: number;
  readonly notifications: number;
  readonly acknowledgedBy: string | null;
  readonly snoozedUntil: number | null;
}

export type Evaluation =
  /** `value`: the rule's figure, larger is worse (the longest wait, a median, a change's size). */
  | { readonly holds: true; readonly value: number }
  | { readonly holds: false }
  /** Nothing new may start now (a business-hours rule outside business hours); an open episode goes on. */
  | { readonly holds: "not-now" };

export type AlertStep =
  | { readonly kind: "open"; readonly episode: number }
  /** The message shows the current figure; no notification. */
  | { readonly kind: "update"; readonly episode: number }
  /** A thread reply: worse than last notified, past the cooldown, or the snooze is over. */
  | { readonly kind: "notify"; readonly episode: number; readonly notification: number }
  | { readonly kind: "resolve"; readonly episode: number };

/** The message is updated in place at most this often (Slack's chat.update is rate-limited, readers are not helped by flicker). */
export const UPDATE_EVERY_MS = 5 * 60_000;

/**
 * The step for this evaluation, or null when nothing is to be posted. `lastEpisode`: the
 * number of the rule's latest episode, open or not (0 for none).
 */
export function nextStep(
  open: OpenEpisode | null,
  lastEpisode: number,
  evaluation: Evaluation,
  now: number,
  cooldownMs: number,
): AlertStep | null {
  if (open === null) return evaluation.holds === true ? { kind: "open", episode: lastEpisode + 1 } : null;
  if (evaluation.holds === false) return { kind: "resolve", episode: open.episode };
  if (evaluation.holds !== true) return null;
  const episode = open.episode;
  const snoozed = open.snoozedUntil !== null && now < open.snoozedUntil;
  // A snooze that ended while the condition still holds deserves a reminder, worse or not.
  const snoozeOver = open.snoozedUntil !== null && now >= open.snoozedUntil && open.notifiedAt < open.snoozedUntil;
  const mayNotify = open.acknowledgedBy === null && !snoozed && now - open.notifiedAt >= cooldownMs;
  if (mayNotify && (evaluation.value > open.notifiedValue || snoozeOver)) {
    return { kind: "notify", episode, notification: open.notifications + 1 };
  }
  if (evaluation.value !== open.value && now - open.updatedAt >= UPDATE_EVERY_MS) return { kind: "update", episode };
  return null;
}

/** The ledger's name of a step: one claim per rule, episode and step. */
export function stepKey(step: AlertStep, now: number): string {
  switch (step.kind) {
    case "notify":
      return `notify:${step.notification}`;
    case "update":
      // Updates carry the 5-minute slot they belong to: two replicas in one slot make one.
      return `update:${Math.floor(now / UPDATE_EVERY_MS)}`;
    default:
      return step.kind;
  }
}
