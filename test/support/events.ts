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
