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

export const MAX_RETENTION_DAYS = 3650;

/** What a retention may be, for the error of a bad one. */
export const RETENTION_DAYS_RULE = `a whole number of days from 1 to ${MAX_RETENTION_DAYS}`;

/** "90" as 90 days; null when the text is not RETENTION_DAYS_RULE (keeping everything is each medium's own word). */
export function parseRetentionDays(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const days = Number(text);
  return days >= 1 && days <= MAX_RETENTION_DAYS ? days : null;
}

export type AccessKind = "user" | "usergroup";

export interface AccessEntry {
  subjectId: string;
  kind: AccessKind;
}
