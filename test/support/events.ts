// Builders for events in the public JSON contract, with sensible defaults.
let counter = 0;

export function assignment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: "assignment",
    id: `a-${counter}`,
    occurredAt: "2026-11-20T10:00:00Z",
    conversationId: "conv-1",
    contact: { id: "contact-1", name: "Joe" },
    assignee: { id: "u1", name: "Fox", email: "fox@example.com" },
    source: "workflow",
    ...overrides,
  };
}

export function emailEvent(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const base: Record<string, unknown> = { type, id: `e-${counter}`, occurredAt: "2026-11-20T10:00:00Z", threadId: "thread-1" };
  if (type === "email.received") base.customer = { email: "customer@example.com", name: "Cust" };
  if (type === "email.replied" || type === "email.closed") base.agent = { name: "Fox" };
  return { ...base, ...overrides };
}

// One customer's email thread (`t-<customer>`, from `<customer>@example.com`), as the
// hand-computed report tests write it: id, customer, time, then who.
export const received = (id: string, customer: string, at: string, name?: string) => ({
  type: "email.received",
  id,
  occurredAt: at,
  threadId: `t-${customer}`,
  customer: { email: `${customer}@example.com`, ...(name ? { name } : {}) },
});
export const replied = (id: string, customer: string, at: string, agent: object, automatic = false) => ({
  type: "email.replied",
  id,
  occurredAt: at,
  threadId: `t-${customer}`,
  agent,
  automatic,
});
export const closed = (id: string, customer: string, at: string, agent: object) => ({
  type: "email.closed",
  id,
  occurredAt: at,
  threadId: `t-${customer}`,
  agent,
});

const FOX = { name: "Fox", email: "fox@example.com" };
const ANN = { name: "Ann", email: "ann@example.com" };

/**
 * The agent-performance worked example (docs/definitions.md, "Worked example"): the week of
 * Mon 16 - Fri 20 Nov 2026 in Europe/Paris (UTC+1), business hours Mon-Fri 09:00-17:00, agents
 * Fox and Ann.
 */
export const WORKED_EXAMPLE = [
  // A: Mon 10:00 -> Fox replies 10:30 (30 min, in hours) -> Ann closes 12:00 (2 h, in hours).
  received("a1", "a", "2026-11-16T09:00:00Z"),
  replied("a2", "a", "2026-11-16T09:30:00Z", FOX),
  closed("a3", "a", "2026-11-16T11:00:00Z", ANN),
  // B: Sat 12:00 -> Fox replies Mon 09:30 (45 h 30 min; 30 min of business time) -> Fox closes Mon 18:00 (54 h; 8 h; out of hours).
  received("b1", "b", "2026-11-14T11:00:00Z"),
  replied("b2", "b", "2026-11-16T08:30:00Z", FOX),
  closed("b3", "b", "2026-11-16T17:00:00Z", FOX),
  // C: Tue 08:00 -> automatic reply 08:01 (never counts) -> Ann replies 08:45 (45 min; 0 business; out of hours), never closed.
  received("c1", "c", "2026-11-17T07:00:00Z"),
  replied("c2", "c", "2026-11-17T07:01:00Z", { name: "Autoresponder" }, true),
  replied("c3", "c", "2026-11-17T07:45:00Z", ANN),
  // D: never answered, never closed: behind no figure.
  received("d1", "d", "2026-11-18T09:00:00Z"),
  // E: Thu 10:00 -> Fox 11:00 -> Fox closes 12:00 -> reopened 14:00 -> Ann closes 15:00: resolved by Ann in 5 h.
  received("e1", "e", "2026-11-19T09:00:00Z"),
  replied("e2", "e", "2026-11-19T10:00:00Z", FOX),
  closed("e3", "e", "2026-11-19T11:00:00Z", FOX),
  { type: "email.reopened", id: "e4", occurredAt: "2026-11-19T13:00:00Z", threadId: "t-e" },
  closed("e5", "e", "2026-11-19T14:00:00Z", ANN),
];
