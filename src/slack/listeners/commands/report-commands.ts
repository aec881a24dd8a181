// /assignments and /agent-performance: acknowledged at once, the report follows through
// response_url, visible only to the caller until they share it.
import type { App } from "@slack/bolt";
import { parseCommandText } from "../../../domain/command-text.ts";
import { REPORT_COMMANDS } from "../../../domain/report-commands.ts";
import { helpMessage, parseErrorMessage } from "../../../render/block-kit/help-message.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { errorId } from "../../../log.ts";
import { internalErrorMessage, reportMessage, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";

export function registerReportCommands(app: App, deps: SlackDeps): void {
  for (const [name, report] of Object.entries(REPORT_COMMANDS)) {
    app.command(name, async ({ command, ack, respond, client, context }) => {
      await ack();
      const workspaceId = workspaceIdOf(context) ?? command.team_id;
      try {
        const parsed = parseCommandText(report, command.text ?? "");
        if (parsed.kind === "help") return void (await respond({ response_type: "ephemeral", ...helpMessage(report, name) }));
        if (parsed.kind === "error") {
          return void (await respond({
            response_type: "ephemeral",
            ...parseErrorMessage(report, name, parsed.word, parsed.message, parsed.suggestion),
          }));
        }
        if (!(await userMayRunReports(deps, client, workspaceId, command.user_id))) {
          return void (await respond({ response_type: "ephemeral", text: REFUSAL }));
        }
        const message = await reportMessage(deps, client, workspaceId, parsed.request, true);
        await respond({ response_type: "ephemeral", ...message } as never);
      } catch (error) {
        const id = errorId();
        deps.log.error("report failed", { errorId: id, workspaceId, command: name, error: (error as Error).message });
        await respond({ response_type: "ephemeral", ...internalErrorMessage(id) } as never);
      }
    });
  }
}
