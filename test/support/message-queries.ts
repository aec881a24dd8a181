// Reading a built Slack message in tests: blocks by type, action elements, context texts,
// and every string with where it sits (to check where outside text may appear raw).
import { expect } from "vitest";

export type Json = Record<string, unknown>;
export type Message = { text: string; blocks: unknown[] };

export const blocks = (message: Message) => message.blocks as Json[];
export const ofType = (message: Message, type: string) => blocks(message).filter((b) => b.type === type);
const actionElements = (message: Message) => ofType(message, "actions").flatMap((b) => b.elements as Json[]);
export const element = (message: Message, actionId: string) => actionElements(message).find((e) => e.action_id === actionId);
export const contextTexts = (message: Message) =>
  ofType(message, "context").flatMap((b) => (b.elements as Json[]).map((e) => e.text as string));

/** Every string in the message with the key holding it and the object around it. */
export function strings(value: unknown, visit: (text: string, key: string, parent: Json) => void): void {
  if (Array.isArray(value)) value.forEach((v) => strings(v, visit));
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === "string") visit(v, key, value as Json);
      else strings(v, visit);
    }
  }
}

/**
 * Where a hostile name ("<!channel> *x*...") sits in the message, checked: never as markup in
 * mrkdwn (which is verbatim), raw only in raw_text and plain_text (shown as typed) or under
 * one of `rawKeys`, which Slack never parses (a button value, a block_id, chart labels).
 * Returns the places, e.g. "raw_text.text" or "value".
 */
export function hostilePlaces(message: Message, rawKeys: readonly string[]): Set<string> {
  const places = new Set<string>();
  strings(message, (text, key, parent) => {
    if (parent.type === "mrkdwn") {
      expect(text).not.toMatch(/<!|\*x\*/);
      expect(parent.verbatim).toBe(true);
    }
    if (!text.includes("<!channel>")) return;
    const shownAsText = key === "text" && (parent.type === "raw_text" || parent.type === "plain_text");
    expect(shownAsText || rawKeys.includes(key), `${key} of ${JSON.stringify(parent).slice(0, 80)}`).toBe(true);
    places.add(shownAsText ? `${String(parent.type)}.${key}` : key);
  });
  return places;
}
