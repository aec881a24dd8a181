// What an alert rule's evaluation found (src/alerts/alert-evaluation.ts): what its messages
// show (src/render/block-kit/alert-blocks.ts).
import type { Evaluation } from "./alert-lifecycle.ts";

export type AlertFindings =
  | {
      readonly kind: "waiting";
      /** Customers waiting longer than the threshold, and the oldest of them with how long (ms) they have waited. */
      readonly count: number;
      readonly oldest: readonly { readonly customer: string; readonly startedAt: number; readonly waitedMs: number }[];
    }
  | {
      readonly kind: "response-time";
      /** Conversations in the window, and their median or average time (seconds; null without any). */
      readonly count: number;
      readonly seconds: number | null;
    }
  | {
      readonly kind: "source-change";
      readonly current: number;
      /** The median of the same window on each of the 4 weeks before, and those 4 counts, newest first. */
      readonly baseline: number;
      readonly weeks: readonly number[];
      /** (current - baseline) / baseline in %; null when the baseline is 0. */
      readonly changePercent: number | null;
    };

export interface AlertEvaluation {
  readonly evaluation: Evaluation;
  readonly findings: AlertFindings;
}
