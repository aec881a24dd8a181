// A digest subscription in one mrkdwn line (id, report, schedule in words, channel, next run
// or pause, last outcome): what `/pulse digest list` and the App Home show; and the answer
// to `/pulse digest add`. The words are those of every medium (render/words/digest-words.ts).
import { digestAddedWords, digestLineWords, type DigestListing, type DigestMarkup } from "../words/digest-words.ts";
import { codeSpan, escapeMrkdwn } from "./mrkdwn.ts";

const MRKDWN: DigestMarkup = {
  id: codeSpan,
  channel: (id) => `<#${id}>`,
  text: escapeMrkdwn,
  paused: ":double_vertical_bar: paused",
};

export function digestLine(listing: DigestListing): string {
  return `• ${digestLineWords(listing, MRKDWN)}`;
}

export function digestAddedText(listing: DigestListing): string {
  return `:calendar: ${digestAddedWords(listing, MRKDWN)}`;
}
