// Words for a person with the values in them marked, so that each medium can show a value
// the way it copies as typed: Slack as a code span (slack/blocks/mrkdwn.ts), a terminal as
// is. A value is what the person typed, or something they can type.
export type MessagePart = string | { value: string };
export type Message = readonly MessagePart[];

export const asValue = (text: string): MessagePart => ({ value: text });

/** Values separated by ", ". */
export function valueList(values: readonly string[]): MessagePart[] {
  return values.flatMap((v, i) => (i === 0 ? [asValue(v)] : [", ", asValue(v)]));
}

/** The message in plain text: values as they are, quoted when they hold spaces (or nothing). */
export function messageText(message: Message): string {
  return message.map((part) => (typeof part === "string" ? part : /^\S+$/.test(part.value) ? part.value : `"${part.value}"`)).join("");
}
