// The app leaves a workspace: app_uninstalled, or tokens_revoked for the bot's token (an
// admin revoked it). Its tokens are deleted, its digests paused (a new install resumes
// them) and the workspace marked uninstalled; on app_uninstalled its data is erased too
// when the workspace chose so. Bolt skips authorization for these two events: the tokens
// may already be gone.
import type { App, Context } from "@slack/bolt";
import { NOT_INSTALLED, pauseWorkspaceSubscriptions } from "../../../store/workspace/digests.ts";
import { eraseWorkspaceData } from "../../../store/deletion/erasure.ts";
import { deleteInstallation, markUninstalled } from "../../../store/workspace/installations.ts";
import { workspaceSettings } from "../../../store/workspace/workspaces.ts";
import type { SlackDeps } from "../../report-delivery.ts";
import { workspaceIdOf } from "../../../domain/workspace-id.ts";

async function appLeft(deps: SlackDeps, context: Context, event: "app_uninstalled" | "tokens_revoked"): Promise<void> {
  const workspaceId = workspaceIdOf(context);
  if (workspaceId === undefined) return;
  const { db } = deps;
  const installationsDeleted = await deleteInstallation(db, workspaceId);
  const digestsPaused = await pauseWorkspaceSubscriptions(db, workspaceId, NOT_INSTALLED);
  await markUninstalled(db, workspaceId);
  const erase = event === "app_uninstalled" && (await workspaceSettings(db, workspaceId)).eraseOnUninstall;
  const erased = erase ? await eraseWorkspaceData(db, workspaceId) : {};
  const rowsErased = Object.values(erased).reduce((sum, n) => sum + n, 0);
  deps.log.info("app left the workspace", { workspaceId, event, installationsDeleted, digestsPaused, erased: erase, rowsErased });
}

export function registerUninstallEvents(app: App, deps: SlackDeps): void {
  app.event("app_uninstalled", async ({ context }) => appLeft(deps, context, "app_uninstalled"));
  // Revoked user tokens do not concern the app: it posts with the bot's.
  app.event("tokens_revoked", async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await appLeft(deps, context, "tokens_revoked");
  });
}
