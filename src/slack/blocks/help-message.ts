// The answer to `/assignments help`, and to input that could not be understood.
import { PRESETS } from "../../domain/periods.ts";
import { SOURCES } from "../../domain/sources.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import type { SlackMessage } from "../report-delivery.ts";

export function assignmentsUsage(command = "/assignments"): string {
  return [
    `*${command} [period] [filters]*`,
    `• period: ${PRESETS.map((p) => `\`${p}\``).join(", ")} (default \`last-7-days\`), or \`YYYY-MM-DD..YYYY-MM-DD\``,
    "• `source:<name>` (repeat for several): " + SOURCES.map((s) => `\`${s}\``).join(", "),
    "• `assignee:<@user | email | name>`, `by:<@user | email | name>` (assigned by a user), `contact:<name or id>`, `conversation:<id>`",
    `• examples: \`${command} last-30-days source:bot\`, \`${command} this-month assignee:@camille source:user\``,
  ].join("\n");
}

export function helpMessage(command: string): SlackMessage {
  const text = assignmentsUsage(command);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export function parseErrorMessage(command: string, word: string, message: string, suggestion: string | null): SlackMessage {
  const lines = [
    `:thinking_face: I did not understand \`${escapeMrkdwn(word)}\`: ${escapeMrkdwn(message)}`,
    ...(suggestion ? [`Did you mean \`${escapeMrkdwn(suggestion)}\`?`] : []),
    "",
    assignmentsUsage(command),
  ];
  const text = lines.join("\n");
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] };
}
