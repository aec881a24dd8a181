// The durations each email conversation contributes to the agent-performance report,
// computed when the conversation is (re)built, with the business schedule in force when it
// started (src/domain/schedule-versions.ts), and again when that schedule changes.
import { businessMillis, isOpenAt } from "./business-hours/open-time.ts";
import type { BusinessSchedule } from "./business-hours/schedule.ts";
import type { EmailConversation } from "./email-conversations.ts";
import { personKey } from "./person.ts";

export interface ConversationMetrics {
  firstResponderKey: string | null;
  closerKey: string | null;
  firstResponseSeconds: number | null;
  firstResponseBusinessSeconds: number | null;
  /** The first reply was sent while the inbox was open. */
  firstResponseInHours: boolean | null;
  resolutionSeconds: number | null;
  resolutionBusinessSeconds: number | null;
  closedInHours: boolean | null;
}

const seconds = (ms: number) => Math.round(ms / 1000);

type ConversationTimes = Pick<EmailConversation, "startedAt" | "firstResponseAt" | "closedAt">;
type BusinessMetrics = Pick<
  ConversationMetrics,
  "firstResponseBusinessSeconds" | "firstResponseInHours" | "resolutionBusinessSeconds" | "closedInHours"
>;

/** The figures that depend on the schedule: all a schedule change recomputes. */
export function businessMetrics({ startedAt, firstResponseAt, closedAt }: ConversationTimes, schedule: BusinessSchedule): BusinessMetrics {
  return {
    firstResponseBusinessSeconds: firstResponseAt === null ? null : seconds(businessMillis(schedule, startedAt, firstResponseAt)),
    firstResponseInHours: firstResponseAt === null ? null : isOpenAt(schedule, firstResponseAt),
    resolutionBusinessSeconds: closedAt === null ? null : seconds(businessMillis(schedule, startedAt, closedAt)),
    closedInHours: closedAt === null ? null : isOpenAt(schedule, closedAt),
  };
}

export function conversationMetrics(conversation: EmailConversation, schedule: BusinessSchedule): ConversationMetrics {
  const { startedAt, firstResponseAt, closedAt } = conversation;
  return {
    firstResponderKey: conversation.firstResponder ? personKey(conversation.firstResponder) : null,
    closerKey: conversation.closer ? personKey(conversation.closer) : null,
    firstResponseSeconds: firstResponseAt === null ? null : seconds(firstResponseAt - startedAt),
    resolutionSeconds: closedAt === null ? null : seconds(closedAt - startedAt),
    ...businessMetrics(conversation, schedule),
  };
}
