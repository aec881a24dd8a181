// Which agent a drill-down menu option names (docs/definitions.md, "Drill-down"). An option's
// value holds at most 75 characters (Slack's limit), and an agent's key (src/domain/person-identities.ts)
// can be an email of 254: a key that does not fit travels as its hash, matched on the way back
// against the workspace's people.
import { createHash } from "node:crypto";

export type AgentChoice = { kind: "team" } | { kind: "key"; key: string } | { kind: "hash"; hash: string };

export const MAX_CHOICE_VALUE = 75;
const TEAM = "team";

export const keyHash = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 32);

/** The option value for an agent's key, or for the team (null). */
export function choiceValue(agentKey: string | null): string {
  if (agentKey === null) return TEAM;
  const plain = `a:${agentKey}`;
  return plain.length <= MAX_CHOICE_VALUE ? plain : `h:${keyHash(agentKey)}`;
}

/** What an option value names; null when it is none of the forms choiceValue makes. */
export function parseChoice(value: string): AgentChoice | null {
  if (value === TEAM) return { kind: "team" };
  if (value.length > MAX_CHOICE_VALUE) return null;
  if (value.startsWith("a:") && value.length > 2) return { kind: "key", key: value.slice(2) };
  if (/^h:[A-Za-z0-9_-]{32}$/.test(value)) return { kind: "hash", hash: value.slice(2) };
  return null;
}
