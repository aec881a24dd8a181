// "Details for…" in an /agent-performance message: opens the drill-down modal for the agent
// (or the team) picked. Who may run reports is asked again on every pick (the message may be
// old, the user's access gone); the workspace comes from the signed request, the report's
// state from the menu's block_id, validated again.
import type { App, BlockAction, StaticSelectAction } from "@slack/bolt";
import { parseChoice } from "../../../domain/agent-choice.ts";
import type { ChartMode } from "../../../domain/chart-modes.ts";
import type { ReportRequest } from "../../../domain/report-request.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";
import { errorId } from "../../../log.ts";
import { decodeState, StateError } from "../../../render/block-kit/action-state.ts";
import { AGENT_DETAIL_ACTION, agentDetailModal, agentDetailNotice } from "../../../render/block-kit/agent-detail-modal.ts";
import { REFUSAL } from "../../../render/block-kit/refusals.ts";
import { buildAgentDetailReport, UnknownAgentError } from "../../../reports/agent-detail-report.ts";
import { loadReportContext } from "../../../reports/report-context.ts";
import { chartModeFor } from "../../chart-mode.ts";
import { resolveMentions, userMayRunReports, type SlackDeps } from "../../report-delivery.ts";

/** The request the menu's block carries, if it is an agent-performance one. */
function requestOf(blockId: string): ReportRequest {
  const request = decodeState(blockId);
  if (request.report !== "agent-performance") throw new StateError("the report state in this message is not an agent-performance report");
  return request;
}

export function registerAgentDetailAction(app: App, deps: SlackDeps): void {
  app.action<BlockAction<StaticSelectAction>>(AGENT_DETAIL_ACTION, async ({ action, body, ack, respond, client, context }) => {
    await ack();
    const workspaceId = workspaceIdOf(context) ?? body.team?.id ?? body.user.team_id;
    if (!workspaceId) return;
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    try {
      let request: ReportRequest;
      try {
        request = requestOf(action.block_id);
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        deps.log.warn("rejected action state", { workspaceId, actionId: action.action_id });
        return void (await tell(`:no_entry: This menu carried a report state I cannot accept (${error.message}). Run the command again.`));
      }
      const choice = parseChoice(action.selected_option?.value ?? "");
      if (choice === null) {
        deps.log.warn("rejected agent choice", { workspaceId, actionId: action.action_id });
        return void (await tell(":no_entry: This menu named an agent I cannot read. Run the command again."));
      }
      if (!(await userMayRunReports(deps, client, workspaceId, body.user.id))) return void (await tell(REFUSAL));

      // Opened at once: the trigger lasts 3 seconds, the figures may take longer.
      const opened = await client.views.open({ trigger_id: body.trigger_id, view: agentDetailNotice("Gathering the figures…") });
      const viewId = opened.view?.id;
      if (!viewId) throw new Error("views.open returned no view id");
      try {
        const resolved = await resolveMentions(deps.db, client, workspaceId, request);
        const reportContext = await loadReportContext(deps.db, workspaceId);
        const report = await buildAgentDetailReport(reportContext, request, choice, resolved.filters);
        const charts = chartModeFor(reportContext, deps.config);
        const show = (mode: ChartMode) =>
          client.views.update({
            view_id: viewId,
            view: agentDetailModal(report, { charts: mode, quickChartHost: deps.config.QUICKCHART_HOST }),
          });
        try {
          await show(charts);
        } catch (error) {
          // Slack's references do not say whether a modal takes the native chart block: where
          // Slack refuses it, the distribution is shown in words instead.
          if (charts !== "native" || (error as { data?: { error?: string } }).data?.error !== "invalid_blocks") throw error;
          deps.log.warn("native chart refused in a modal; shown in words", { workspaceId });
          await show("none");
        }
      } catch (error) {
        if (error instanceof UnknownAgentError) {
          return void (await client.views.update({
            view_id: viewId,
            view: agentDetailNotice(`Nothing to show: ${error.message}. Run the command again.`),
          }));
        }
        const id = errorId();
        deps.log.error("agent detail failed", { errorId: id, workspaceId, error: (error as Error).message });
        const notice = agentDetailNotice(
          `Something went wrong on our side while building these figures (error id ${id}). Please try again.`,
        );
        await client.views.update({ view_id: viewId, view: notice }).catch(() => undefined);
      }
    } catch (error) {
      const id = errorId();
      deps.log.error("agent detail action failed", { errorId: id, workspaceId, error: (error as Error).message });
      await tell(`Something went wrong on our side (error id ${id}). Please try again.`).catch(() => undefined);
    }
  });
}
