// /assignments [period] [filters]: acknowledged at once, the report follows through
// response_url, visible only to the caller until they share it.
import type { App } from "@slack/bolt";
import { parseCommandText } from "../../../domain/command-text.ts";
import { helpMessage, parseErrorMessage } from "../../blocks/help-message.ts";
import { REFUSAL } from "../../permissions.ts";
import { errorId, internalErrorMessage, reportMessage, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";

export function registerAssignmentsCommand(app: App, deps: SlackDeps): void {
  app.command("/assignments", async ({ command, ack, respond, client }) => {
    await ack();
    const workspaceId = command.team_id;
    try {
      const parsed = parseCommandText("assignments", command.text ?? "");
      if (parsed.kind === "help") return void (await respond({ response_type: "ephemeral", ...helpMessage(command.command) }));
      if (parsed.kind === "error") {
        return void (await respond({
          response_type: "ephemeral",
          ...parseErrorMessage(command.command, parsed.word, parsed.message, parsed.suggestion),
        }));
      }
      if (!(await userMayRunReports(deps, client, workspaceId, command.user_id))) {
        return void (await respond({ response_type: "ephemeral", text: REFUSAL }));
      }
      const message = await reportMessage(deps, client, workspaceId, parsed.request, true);
      await respond({ response_type: "ephemeral", ...message } as never);
    } catch (error) {
      const id = errorId();
      deps.log.error("report failed", { errorId: id, workspaceId, command: command.command, error: (error as Error).message });
      await respond({ response_type: "ephemeral", ...internalErrorMessage(id) } as never);
    }
  });
}
