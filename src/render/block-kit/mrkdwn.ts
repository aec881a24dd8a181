// Text from outside (contact names, filter values, typed words) must never act as markup
// once it sits in a mrkdwn text object. Where a block allows plain_text or raw_text, use
// those instead: Slack parses nothing there.
//
// - `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`, as Slack's formatting reference asks
//   (docs.slack.dev/messaging/formatting-message-text#escaping): `<!channel>` then shows as
//   text and pings nobody.
// - Slack has no escape for `*`, `_`, `~` and `` ` ``. A zero-width space after them is not
//   a safe escape: Slack treats it as a word break, and jsx-slack's "exact mode" inserts it
//   precisely to *force* formatting. We swap them for look-alike characters instead, the set
//   jsx-slack uses where it cannot escape (∗ U+2217, ˍ U+02CD, ∼ U+223C, ˋ U+02CB, and the
//   full-width forms Slack also reads as markup). The text reads the same; copying it gives
//   the look-alikes, acceptable for display-only text. A value to be copied goes in a code
//   span instead (codeSpan).
// - Line breaks become spaces: a value is shown inline, and a line that starts with `&gt;`
//   renders as a quote.
// Pair it with `verbatim: true` on the text object so bare URLs and #channel names in the
// value are not turned into links either.
import type { Message } from "../../domain/message.ts";
import type { Markup } from "../words/markup.ts";

const REPLACEMENTS: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "*": "\u2217",
  _: "\u02cd",
  "~": "\u223c",
  "`": "\u02cb",
  "＊": "\ufe61",
  "＿": "\u2e0f",
  "｀": "\u02cb",
};

export function escapeMrkdwn(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ").replace(/[&<>*_~`＊＿｀]/g, (char) => REPLACEMENTS[char]!);
}

const BACKTICK = /[`｀]/;

/**
 * A value (a typed word, a suggestion, an id, an email) as a code span, so that copying it
 * gives it as typed. Slack formats nothing inside a code span, so only what breaks one is
 * escaped: `&`, `<`, `>` (as entities, which Slack shows as the characters), and line
 * breaks (as spaces: a span is one line). A code span cannot hold a backtick, and Slack has
 * no escape for one: a value with a backtick (or its full-width form) is shown as quoted text
 * through escapeMrkdwn instead, which reads the same but does not copy exactly.
 */
export function codeSpan(value: string): string {
  const line = value.replace(/\r\n|[\r\n\u2028\u2029]/g, " ");
  if (line.trim() === "" || BACKTICK.test(line)) return `"${escapeMrkdwn(line)}"`;
  return `\`${line.replace(/[&<>]/g, (char) => REPLACEMENTS[char]!)}\``;
}

/** A message's words escaped, its values as code spans. */
export function messageMrkdwn(message: Message): string {
  return message.map((part) => (typeof part === "string" ? escapeMrkdwn(part) : codeSpan(part.value))).join("");
}

/** Slack's markup of list lines (render/words/markup.ts). */
export const MRKDWN: Markup = {
  id: codeSpan,
  channel: (id) => `<#${id}>`,
  user: (id) => `<@${id}>`,
  text: escapeMrkdwn,
  paused: ":double_vertical_bar: paused",
};
