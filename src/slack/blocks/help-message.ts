// The answer to `/assignments help` or `/agent-performance help`, and to input that could
// not be understood.
import { PRESETS } from "../../domain/periods.ts";
import type { ReportName } from "../../domain/report-request.ts";
import { SOURCES } from "../../domain/sources.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";

const PERIOD_LINE = `• period: ${PRESETS.map((p) => `\`${p}\``).join(", ")} (default \`last-7-days\`), or \`YYYY-MM-DD..YYYY-MM-DD\``;

const NAMES_LINE = "• a name matches in part, whatever the case and accents (`assignee:camille` finds Camille Martin); ids exactly, emails whatever the case";

export function usage(report: ReportName, command = `/${report}`): string {
  const lines =
    report === "assignments"
      ? [
          "• `source:<name>` (repeat for several): " + SOURCES.map((s) => `\`${s}\``).join(", "),
          "• `assignee:<@user | email | name>`, `by:<@user | email | name>` (assigned by a user), `contact:<name or id>`, `conversation:<id>`",
          NAMES_LINE,
          `• examples: \`${command} last-30-days source:bot\`, \`${command} this-month assignee:@camille source:user\``,
        ]
      : [
          "• `agent:<@user | email | name>` (repeat for several)",
          NAMES_LINE,
          `• examples: \`${command} last-month\`, \`${command} last-7-days agent:@camille\``,
        ];
  return [`*${command} [period] [filters]*`, PERIOD_LINE, ...lines].join("\n");
}

function section(text: string) {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] };
}

export function helpMessage(report: ReportName, command: string) {
  return section(usage(report, command));
}

export function parseErrorMessage(report: ReportName, command: string, word: string, message: string, suggestion: string | null) {
  return section(
    [
      `:thinking_face: I did not understand \`${escapeMrkdwn(word)}\`: ${escapeMrkdwn(message)}`,
      ...(suggestion ? [`Did you mean \`${escapeMrkdwn(suggestion)}\`?`] : []),
      "",
      usage(report, command),
    ].join("\n"),
  );
}
