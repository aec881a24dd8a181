// Deterministic email traffic for the agent-performance report: `count` conversations of
// ~60,000 customers with 12 agents over [start, end), as JSON-contract events in time
// order. Each conversation: the customer's email, sometimes an automatic acknowledgement,
// usually a first agent reply (minutes to a day later, often outside business hours),
// sometimes a follow-up exchange, and a close; a few are reopened and closed again.
import { rng, type Agent } from "./events.ts";

export interface EmailTrafficOptions {
  customers?: number;
  agents?: number;
  seed?: number;
}

export interface EmailTraffic {
  /** Sorted by occurredAt. */
  events: Record<string, unknown>[];
  conversations: number;
  customers: number;
  automaticReplies: number;
  /** The agents' names, busiest first. */
  agentNames: string[];
}

const NAMES = ["Ana", "Ben", "Chloé", "Dev", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jon", "Kofi", "Lea", "Mei", "Nico"];
const MINUTE = 60_000;

export function emailTraffic(count: number, start: number, end: number, options: EmailTrafficOptions = {}): EmailTraffic {
  const random = rng(options.seed ?? 11);
  const customerCount = options.customers ?? 60_000;
  const agents: Agent[] = Array.from({ length: options.agents ?? 12 }, (_, i) => ({
    id: `agent-${i}`,
    name: `${NAMES[i % NAMES.length]} Agent${i}`,
    email: `agent${i}@support.example.com`,
  }));
  const autoResponder = { id: "auto", name: "Auto-reply" };
  // Some agents answer far more than others (the seniors take the queue).
  const agentWeights = agents.map((_, i) => 1 / (1 + i * 0.25));
  const totalWeight = agentWeights.reduce((a, b) => a + b, 0);
  const pickAgent = (): Agent => {
    let r = random() * totalWeight;
    for (let i = 0; i < agents.length; i++) if ((r -= agentWeights[i]!) < 0) return agents[i]!;
    return agents[0]!;
  };
  // A tenth of the customers write a third of the conversations (repeat customers).
  const frequent = Math.max(1, Math.floor(customerCount / 10));
  const perCustomer = new Uint32Array(customerCount);
  for (let i = 0; i < count; i++) {
    const c = random() < 1 / 3 ? Math.floor(random() * frequent) : Math.floor(random() * customerCount);
    perCustomer[c]!++;
  }
  // Heavy-tailed delays: median `median` ms, some ten times longer.
  const delay = (median: number) => median * Math.exp(1.1 * (random() + random() + random() - 1.5) * 2);

  type Timed = { at: number; event: Record<string, unknown> };
  const out: Timed[] = [];
  let seq = 0;
  let automaticReplies = 0;
  const id = () => `em_${(seq++).toString(36).padStart(7, "0")}`;
  const iso = (at: number) => new Date(at).toISOString();
  const push = (at: number, event: Record<string, unknown>) => out.push({ at, event: { ...event, id: id(), occurredAt: iso(at) } });
  const person = (a: Agent | { id: string; name: string }) => ({ ...a });
  let customersUsed = 0;

  for (let c = 0; c < customerCount; c++) {
    const k = perCustomer[c]!;
    if (k === 0) continue;
    customersUsed++;
    const email = `customer${c}@mail.example.org`;
    const name = c % 7 === 0 ? null : `${NAMES[c % NAMES.length]} Customer${c}`;
    const usual = pickAgent();
    // One slot per conversation: it starts in the slot's first half and ends inside it,
    // so a customer's next email always opens a new conversation.
    const slot = (end - start) / k;
    for (let j = 0; j < k; j++) {
      const slotStart = start + j * slot;
      const slotEnd = slotStart + slot - MINUTE;
      // Strictly increasing within a conversation: same-instant events would replay in type order.
      const after = (from: number, wait: number) => Math.max(from + 1000, Math.min(from + wait, slotEnd));
      const thread = `th_${c}_${j}`;
      let at = slotStart + random() * slot * 0.5;
      const received = (when: number, threadId: string) =>
        push(when, { type: "email.received", threadId, customer: name === null ? { email } : { email, name } });
      received(at, thread);
      if (random() < 0.25) {
        automaticReplies++;
        push(after(at, 5_000 + random() * 55_000), {
          type: "email.replied",
          threadId: thread,
          agent: person(autoResponder),
          automatic: true,
        });
      }
      const agent = random() < 0.7 ? usual : pickAgent();
      if (random() < 0.96) {
        at = after(at, delay(45 * MINUTE));
        push(at, { type: "email.replied", threadId: thread, agent: person(agent) });
        if (random() < 0.2) {
          // A follow-up, sometimes in a new thread of the same customer (same conversation).
          const followThread = random() < 0.25 ? `${thread}_b` : thread;
          at = after(at, delay(3 * 60 * MINUTE));
          received(at, followThread);
          at = after(at, delay(30 * MINUTE));
          push(at, { type: "email.replied", threadId: followThread, agent: person(random() < 0.8 ? agent : pickAgent()) });
        }
      }
      // Every conversation but a customer's last is closed (else the next email would continue it).
      if (j < k - 1 || random() < 0.85) {
        at = after(at, delay(5 * 60 * MINUTE));
        const closer = random() < 0.85 ? agent : pickAgent();
        push(at, { type: "email.closed", threadId: thread, agent: person(closer) });
        if (random() < 0.03) {
          at = after(at, delay(60 * MINUTE));
          push(at, { type: "email.reopened", threadId: thread, agent: person(closer) });
          at = after(at, delay(60 * MINUTE));
          push(at, { type: "email.closed", threadId: thread, agent: person(closer) });
        }
      }
    }
  }
  // Same-instant events keep their generation order (customer email before its reply).
  out.sort((a, b) => a.at - b.at);
  return {
    events: out.map((t) => t.event),
    conversations: count,
    customers: customersUsed,
    automaticReplies,
    agentNames: agents.map((a) => a.name),
  };
}
