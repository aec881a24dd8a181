// A digest subscription in one mrkdwn line (id, report, schedule in words, channel, next run
// or pause, last outcome): what `/pulse digest list` and the App Home show; and the answer
// to `/pulse digest add`. The words are those of every medium (render/words/digest-words.ts).
import { digestAddedWords, digestLineWords, type DigestListing } from "../words/digest-words.ts";
import { MRKDWN } from "./mrkdwn.ts";

export function digestLine(listing: DigestListing): string {
  return `• ${digestLineWords(listing, MRKDWN)}`;
}

export function digestAddedText(listing: DigestListing): string {
  return `:calendar: ${digestAddedWords(listing, MRKDWN)}`;
}
