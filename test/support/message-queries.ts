// Reading a built Slack message in tests: blocks by type, action elements, context texts,
// and every string with where it sits (to check where outside text may appear raw).
export type Json = Record<string, unknown>;
export type Message = { text: string; blocks: unknown[] };

export const blocks = (message: Message) => message.blocks as Json[];
export const ofType = (message: Message, type: string) => blocks(message).filter((b) => b.type === type);
const actionElements = (message: Message) => ofType(message, "actions").flatMap((b) => b.elements as Json[]);
export const element = (message: Message, actionId: string) => actionElements(message).find((e) => e.action_id === actionId);
export const contextTexts = (message: Message) => ofType(message, "context").flatMap((b) => (b.elements as Json[]).map((e) => e.text as string));

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
