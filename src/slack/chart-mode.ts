// How a workspace's charts are drawn: its own choice (the settings modal) or else the
// server's CHARTS. Every message that draws a chart asks here.
import type { Config } from "../config.ts";
import type { Database } from "../store/engine/database.ts";
import { workspaceSettings, type ChartMode } from "../store/workspace/workspaces.ts";

export async function chartModeOf(deps: { db: Database; config: Config }, workspaceId: string): Promise<ChartMode> {
  return (await workspaceSettings(deps.db, workspaceId)).chartMode ?? deps.config.CHARTS;
}

/** Digests are posted without uploading a chart first: "upload" draws the native chart there. */
export function digestChartMode(mode: ChartMode): Exclude<ChartMode, "upload"> {
  return mode === "upload" ? "native" : mode;
}
