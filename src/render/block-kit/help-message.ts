// The answer to `/assignments help` or `/agent-performance help`, and to input that could
// not be understood. Every code span in them is something to type as it is: a period, a
// filter with its value, a whole command (test/render/copyable-messages.test.ts parses each back).
import type { Message } from "../../domain/message.ts";
import { PRESETS } from "../../domain/periods.ts";
import type { ReportName } from "../../domain/report-request.ts";
import { SOURCES } from "../../domain/sources.ts";
import { codeSpan, messageMrkdwn } from "./mrkdwn.ts";

const spans = (values: readonly string[]) => values.map(codeSpan).join(", ");

const PERIOD_LINE = `• period: ${spans(PRESETS)} (default ${codeSpan("last-7-days")}), or whole days from..to (YYYY-MM-DD..YYYY-MM-DD) such as ${codeSpan("2026-11-01..2026-11-30")}`;
const PERSON = "a Slack @user, an email or a name";

/** How a person filter matches, with one of the report's filters as the example. */
const namesLine = (filter: string) =>
  `• a name matches in part, whatever the case and accents (${codeSpan(`${filter}:camille`)} finds Camille Martin); ids exactly, emails whatever the case`;

export function usage(report: ReportName, command = `/${report}`): string {
  const lines =
    report === "assignments"
      ? [
          `• *source:* (repeat for several): ${spans(SOURCES.map((s) => `source:${s}`))}`,
          `• *assignee:* and *by:* (who assigned it; the user source only) take ${PERSON}: ${spans(["assignee:@camille", "by:lead@acme.example"])}; *contact:* a name or id: ${codeSpan('contact:"Joe Bloggs"')}; *conversation:* an id: ${codeSpan("conversation:conv-77")}`,
          namesLine("assignee"),
          `• examples: ${spans([`${command} last-30-days source:bot`, `${command} this-month assignee:@camille source:user`])}`,
        ]
      : [
          `• *agent:* (repeat for several) takes ${PERSON}: ${spans(["agent:@camille", "agent:camille@acme.example", 'agent:"Camille Martin"'])}`,
          namesLine("agent"),
          `• examples: ${spans([`${command} last-month`, `${command} last-7-days agent:@camille`])}`,
        ];
  return [`*${command} [period] [filters]*`, PERIOD_LINE, ...lines].join("\n");
}

function section(text: string) {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] };
}

export function helpMessage(report: ReportName, command: string) {
  return section(usage(report, command));
}

export function parseErrorMessage(report: ReportName, command: string, word: string, message: Message, suggestion: string | null) {
  return section(
    [
      `:thinking_face: I did not understand ${codeSpan(word)}: ${messageMrkdwn(message)}`,
      ...(suggestion ? [`Did you mean ${codeSpan(suggestion)}?`] : []),
      "",
      usage(report, command),
    ].join("\n"),
  );
}
