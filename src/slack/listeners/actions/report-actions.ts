// Clicks in a report message: paging, filter menus, Clear all, Export CSV, Share.
// The request comes back from the message (button value or the filter block's block_id),
// is validated again, and is always answered for the clicking user's own workspace.
import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { PRESETS, type Preset } from "../../../domain/periods.ts";
import type { ReportRequest } from "../../../domain/report-request.ts";
import { isSource } from "../../../domain/sources.ts";
import { decodeState, REPORT_ACTIONS, StateError } from "../../../render/block-kit/action-state.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { errorId } from "../../../log.ts";
import { internalErrorMessage, reportMessage, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";
import { exportReportCsv } from "../../csv-export.ts";

type Action = ButtonAction | StaticSelectAction;

class TamperedError extends StateError {}

/** The request a click asks for, from the state it carries and what was picked. */
function requestForAction(action: Action): ReportRequest {
  if (action.type === "button") return decodeState(action.value ?? "");
  const current = decodeState(action.block_id);
  const picked = action.selected_option.value;
  const base = { ...current, page: 0 };
  switch (action.action_id) {
    case REPORT_ACTIONS.period:
      if (!(PRESETS as readonly string[]).includes(picked)) throw new TamperedError(`unknown period ${picked}`);
      return { ...base, period: { preset: picked as Preset } };
    case REPORT_ACTIONS.source:
      if (picked !== "all" && !isSource(picked)) throw new TamperedError(`unknown source ${picked}`);
      return { ...base, filters: { ...base.filters, sources: picked === "all" ? [] : [picked as never] } };
    case REPORT_ACTIONS.assignee:
      if (picked.length > 200) throw new TamperedError("assignee value too long");
      return { ...base, filters: { ...base.filters, assignees: picked === "all" ? [] : [picked] } };
    default:
      throw new TamperedError(`unknown action ${action.action_id}`);
  }
}

export function registerReportActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<Action>>(/^report_/, async ({ action, body, ack, respond, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id ?? body.user.team_id;
    if (!workspaceId) return;
    try {
      let request: ReportRequest;
      try {
        request = requestForAction(action);
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        deps.log.warn("rejected action state", { workspaceId, actionId: action.action_id });
        return void (await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `:no_entry: This button carried a report state I cannot accept (${error.message}). Run the command again.`,
        }));
      }
      if (!(await userMayRunReports(deps, client, workspaceId, body.user.id))) {
        return void (await respond({ response_type: "ephemeral", replace_original: false, text: REFUSAL }));
      }
      if (action.action_id === REPORT_ACTIONS.export) {
        const text = await exportReportCsv(deps, client, workspaceId, body.user.id, request);
        return void (await respond({ response_type: "ephemeral", replace_original: false, text }));
      }
      if (action.action_id === REPORT_ACTIONS.share) {
        const message = await reportMessage(deps, client, workspaceId, request, false);
        return void (await respond({ response_type: "in_channel", replace_original: false, ...message } as never));
      }
      const message = await reportMessage(deps, client, workspaceId, request, true);
      // "Open full report" sits in a digest everyone sees: answer the clicker alone, keep the digest.
      const replace = action.action_id !== REPORT_ACTIONS.open;
      await respond({ response_type: "ephemeral", replace_original: replace, ...message } as never);
    } catch (error) {
      const id = errorId();
      deps.log.error("report action failed", { errorId: id, workspaceId, actionId: action.action_id, error: (error as Error).message });
      await respond({ response_type: "ephemeral", replace_original: false, ...internalErrorMessage(id) } as never);
    }
  });
}
