// How email events become conversations (Heyday's email agent-performance export): all the
// threads of one customer email address form one conversation until an agent closes it;
// the customer's next email opens a new one. Pure: replaying the same events in any
// arrival order gives the same conversations.
import type { Person } from "./person.ts";

export type EmailEventType = "email.received" | "email.replied" | "email.closed" | "email.reopened";

export interface StoredEmailEvent {
  eventId: string;
  type: EmailEventType;
  occurredAt: number;
  customerName: string | null;
  agent: Person | null;
  automatic: boolean;
}

export interface EmailConversation {
  /** `<event id of the customer email that opened it>`: stable across rebuilds. */
  id: string;
  customerEmail: string;
  customerName: string | null;
  startedAt: number;
  firstResponseAt: number | null;
  firstResponder: Person | null;
  closedAt: number | null;
  closer: Person | null;
  reopenCount: number;
}

// Same instant: the customer's email comes before the reply to it, a reply before a close.
const ORDER: Record<EmailEventType, number> = {
  "email.received": 0,
  "email.replied": 1,
  "email.closed": 2,
  "email.reopened": 3,
};

export function compareEmailEvents(a: StoredEmailEvent, b: StoredEmailEvent): number {
  return a.occurredAt - b.occurredAt || ORDER[a.type] - ORDER[b.type] || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * Replays one customer's events. Rules:
 * - a customer email with no open conversation opens one (startedAt);
 * - the first non-automatic agent reply in an open conversation is its first response;
 *   replies outside a conversation (before any customer email) count for nothing;
 * - a close ends the open conversation (closer = the agent who closed it);
 * - a reopen, before the customer writes again, reopens the last closed conversation:
 *   it is resolved again only at its next close (the last close counts).
 */
export function buildConversations(customerEmail: string, events: readonly StoredEmailEvent[]): EmailConversation[] {
  const sorted = [...events].sort(compareEmailEvents);
  const conversations: EmailConversation[] = [];
  let open = null as EmailConversation | null;
  let lastClosed = null as EmailConversation | null;
  for (const event of sorted) {
    switch (event.type) {
      case "email.received":
        if (open === null) {
          open = {
            id: event.eventId,
            customerEmail,
            customerName: event.customerName,
            startedAt: event.occurredAt,
            firstResponseAt: null,
            firstResponder: null,
            closedAt: null,
            closer: null,
            reopenCount: 0,
          };
          conversations.push(open);
          lastClosed = null;
        } else if (open.customerName === null) {
          open.customerName = event.customerName;
        }
        break;
      case "email.replied":
        if (open !== null && open.firstResponseAt === null && !event.automatic) {
          open.firstResponseAt = event.occurredAt;
          open.firstResponder = event.agent;
        }
        break;
      case "email.closed":
        if (open !== null) {
          open.closedAt = event.occurredAt;
          open.closer = event.agent;
          lastClosed = open;
          open = null;
        }
        break;
      case "email.reopened":
        if (open === null && lastClosed !== null) {
          open = lastClosed;
          open.closedAt = null;
          open.closer = null;
          open.reopenCount += 1;
          lastClosed = null;
        }
        break;
    }
  }
  return conversations;
}
