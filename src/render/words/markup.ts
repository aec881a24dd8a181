// How a medium marks up the words of a list line (a digest's, an alert's): Slack's mrkdwn
// (src/render/block-kit/mrkdwn.ts) or plain text for the terminal.
import { displayText } from "./report-words.ts";

export interface Markup {
  /** A digest's or a rule's id. */
  id(id: string): string;
  channel(channelId: string): string;
  user(userId: string): string;
  /** Text from elsewhere (a pause's reason, Slack's error, a customer's name). */
  text(text: string): string;
  paused: string;
}

/** The terminal's: ids as they are, outside text on one line without control characters. */
export const PLAIN: Markup = { id: (id) => id, channel: (id) => id, user: (id) => id, text: displayText, paused: "paused" };
