// The durations each email conversation contributes to the agent-performance report,
// computed once when the conversation is (re)built, with the business schedule in force
// when it started: a later schedule change does not rewrite past figures.
import { businessMillis, isOpenAt, type BusinessSchedule } from "./business-hours.ts";
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

export interface ScheduleVersion {
  effectiveFrom: number;
  schedule: BusinessSchedule;
}

/** The version in force at `at`: the latest that started at or before it, else the fallback. */
export function scheduleAt(versions: readonly ScheduleVersion[], at: number, fallback: BusinessSchedule): BusinessSchedule {
  let found = fallback;
  let from = -Infinity;
  for (const v of versions) {
    if (v.effectiveFrom <= at && v.effectiveFrom > from) {
      found = v.schedule;
      from = v.effectiveFrom;
    }
  }
  return found;
}

const seconds = (ms: number) => Math.round(ms / 1000);

export function conversationMetrics(conversation: EmailConversation, schedule: BusinessSchedule): ConversationMetrics {
  const { startedAt, firstResponseAt, closedAt } = conversation;
  return {
    firstResponderKey: conversation.firstResponder ? personKey(conversation.firstResponder) : null,
    closerKey: conversation.closer ? personKey(conversation.closer) : null,
    firstResponseSeconds: firstResponseAt === null ? null : seconds(firstResponseAt - startedAt),
    firstResponseBusinessSeconds: firstResponseAt === null ? null : seconds(businessMillis(schedule, startedAt, firstResponseAt)),
    firstResponseInHours: firstResponseAt === null ? null : isOpenAt(schedule, firstResponseAt),
    resolutionSeconds: closedAt === null ? null : seconds(closedAt - startedAt),
    resolutionBusinessSeconds: closedAt === null ? null : seconds(businessMillis(schedule, startedAt, closedAt)),
    closedInHours: closedAt === null ? null : isOpenAt(schedule, closedAt),
  };
}
