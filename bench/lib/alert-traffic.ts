// Traffic for the alerts bench: many small workspaces, each with ~5 weeks of assignments and
// email conversations up to the tick's instant, and the three rules of bench/alerts.ts. One
// workspace in 20 is made to hold each rule (customers left waiting, slow first replies in the
// last hours, a source's spike in the last day); everywhere else the traffic is steady and
// every unanswered conversation is closed, so that most rules stay quiet.
import type { Source } from "../../src/domain/sources.ts";
import { assignmentFacts, rng, toEvent } from "./events.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the traffic goes: the source-change rules compare with the 4 weeks before their day. */
export const SPAN_MS = 35 * DAY;

/** The source each workspace's source-change rule watches (by workspace number). */
const WATCHED: readonly Source[] = ["bot", "workflow", "zapier", "developer_api", "click_to_chat_ad"];

export interface AlertWorkspace {
  index: number;
  id: string;
  /** Which of its rules the traffic makes hold at the tick. */
  hot: { waiting: boolean; response: boolean; source: boolean };
  watched: Source;
  /** The rule texts, as typed after `/pulse alert add #channel`. */
  rules: { waiting: string; response: string; source: string };
}

/** Customers left waiting (hot waiting rule), slow first replies (hot response rule), spike size (hot source rule). */
const HOT = { waiting: 3, response: 8, spike: 40 } as const;
/** The fewest assignments and conversations a workspace needs for the hot traffic to fit in it. */
export const MIN_PER_WORKSPACE = { assignments: 100, conversations: HOT.waiting + HOT.response + 5 } as const;

export function alertWorkspace(index: number): AlertWorkspace {
  const watched = WATCHED[index % WATCHED.length]!;
  return {
    index,
    id: `T0ALERT${String(index).padStart(4, "0")}`,
    hot: { waiting: index % 20 === 0, response: index % 20 === 7, source: index % 20 === 13 },
    watched,
    rules: {
      // Half count business hours (the default), half clock time.
      waiting: index % 2 === 0 ? "waiting > 2h" : "waiting > 2h any-time",
      response: "first-response > 1h over 4h",
      source: `source:${watched} change > 100% over 1d`,
    },
  };
}

/**
 * `count` assignments of the workspace in time order over [now - SPAN_MS, now): the bench's
 * usual traffic generator (contacts, agents, sources by weight), spread over the weeks. A hot
 * workspace's last HOT.spike assignments fall in the last 20 hours, all from the watched source.
 */
export function alertAssignments(w: AlertWorkspace, count: number, now: number): Record<string, unknown>[] {
  const random = rng(1_000 + w.index);
  const spike = w.hot.source ? HOT.spike : 0;
  const steadyEnd = w.hot.source ? now - 20 * HOUR : now - MINUTE;
  const start = now - SPAN_MS;
  const events: Record<string, unknown>[] = [];
  let i = 0;
  for (const fact of assignmentFacts(count, { seed: w.index + 1, contacts: 400, agents: 10, prefix: `a${w.index}` })) {
    const steady = i < count - spike;
    const [from, to, slots, slot] = steady ? [start, steadyEnd, count - spike, i] : [steadyEnd, now - MINUTE, spike, i - (count - spike)];
    // One slot each, placed in its first half: strictly increasing.
    fact.at = Math.floor(from + ((slot + random() * 0.5) * (to - from)) / slots);
    fact.iso = new Date(fact.at).toISOString();
    if (!steady) {
      fact.source = w.watched;
      fact.assignedBy = null;
    }
    events.push(toEvent(fact));
    i++;
  }
  return events;
}

/**
 * `count` email conversations of the workspace, one customer each, as events in time order
 * before `now`. Steady ones start over [now - SPAN_MS, now - 2 h): 90% answered (median 45 min),
 * half of those closed later; every unanswered one closed by an agent, so none waits. A hot
 * workspace's last ones are left waiting since 3-4 hours ago (waiting rule), or answered in
 * the last 4 hours after 100 minutes or more (first-response rule).
 */
export function alertEmails(w: AlertWorkspace, count: number, now: number): Record<string, unknown>[] {
  const random = rng(5_000 + w.index);
  const agents = Array.from({ length: 6 }, (_, k) => ({
    id: `ag${k}`,
    name: `Agent${k} W${w.index}`,
    email: `agent${k}@w${w.index}.example.com`,
  }));
  const agent = () => agents[Math.floor(random() * agents.length)]!;
  // Heavy-tailed, median `median` ms.
  const delay = (median: number) => median * Math.exp(1.1 * (random() + random() + random() - 1.5) * 2);
  const timed: { at: number; event: Record<string, unknown> }[] = [];
  let seq = 0;
  const push = (at: number, event: Record<string, unknown>) =>
    timed.push({ at, event: { ...event, id: `e${w.index}_${(seq++).toString(36)}`, occurredAt: new Date(at).toISOString() } });
  const receive = (c: number, at: number) =>
    push(at, { type: "email.received", threadId: `th${c}`, customer: { email: `customer${c}@mail.example.org`, name: `Customer ${c}` } });

  const waiting = w.hot.waiting ? HOT.waiting : 0;
  const slow = w.hot.response ? HOT.response : 0;
  const steady = count - waiting - slow;
  const start = now - SPAN_MS;
  const end = now - 2 * HOUR;
  for (let c = 0; c < steady; c++) {
    const at = Math.floor(start + ((c + random() * 0.5) * (end - start)) / steady);
    receive(c, at);
    // Whatever follows stays before now, strictly after what came before.
    const later = (from: number, wait: number) =>
      Math.floor(Math.max(from + 1000, Math.min(from + wait, from + (now - MINUTE - from) / 2)));
    if (random() < 0.9) {
      const who = agent();
      const replied = later(at, delay(45 * MINUTE));
      push(replied, { type: "email.replied", threadId: `th${c}`, agent: who });
      if (random() < 0.49) push(later(replied, delay(5 * HOUR)), { type: "email.closed", threadId: `th${c}`, agent: who });
    } else {
      push(later(at, delay(2 * HOUR)), { type: "email.closed", threadId: `th${c}`, agent: agent() });
    }
  }
  for (let k = 0; k < waiting; k++) receive(steady + k, now - 4 * HOUR + k * 30 * MINUTE);
  for (let k = 0; k < slow; k++) {
    const at = now - 5 * HOUR + k * 4 * MINUTE;
    receive(steady + k, at);
    push(at + 100 * MINUTE + k * 3 * MINUTE, { type: "email.replied", threadId: `th${steady + k}`, agent: agent() });
  }
  // Same-instant events keep their order (a conversation's email before its reply).
  timed.sort((a, b) => a.at - b.at);
  return timed.map((t) => t.event);
}
