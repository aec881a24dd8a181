// A workspace's settings (`/pulse settings`, `npx inbox-pulse workspace`) and who may run
// its reports besides its admins and owners.
import type { ChartMode } from "./chart-modes.ts";

export interface WorkspaceSettings {
  timeZone: string;
  /** null: the server's CHARTS setting. */
  chartMode: ChartMode | null;
  /** Events older than this many days are deleted; null keeps everything. */
  retentionDays: number | null;
  /** On app_uninstalled, erase the workspace's data too. */
  eraseOnUninstall: boolean;
}

export type AccessKind = "user" | "usergroup";

export interface AccessEntry {
  subjectId: string;
  kind: AccessKind;
}
