// Workspace settings and the report allowlist. The time zone is read from here only.
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { AccessEntry, AccessKind, WorkspaceSettings } from "../../domain/workspace-settings.ts";
import { engineOf, type Database } from "../engine/database.ts";

/** Creates the workspace's row when it has none; `name` names a new one only. */
export async function ensureWorkspace(db: Database, workspaceId: string, name?: string): Promise<void> {
  await engineOf(db).prisma.workspace.upsert({ where: { id: workspaceId }, create: { id: workspaceId, name }, update: {} });
}

const DEFAULTS: WorkspaceSettings = { timeZone: "UTC", chartMode: null, retentionDays: null, eraseOnUninstall: false };

export async function workspaceSettings(db: Database, workspaceId: string): Promise<WorkspaceSettings> {
  const { prisma } = engineOf(db);
  const row = await prisma.workspace.findUnique({
    where: { id: workspaceId },
    select: { timeZone: true, chartMode: true, retentionDays: true, eraseOnUninstall: true },
  });
  return row ? { ...row, chartMode: row.chartMode as ChartMode | null } : DEFAULTS;
}

/** The time zone is not among them: it changes with src/store/workspace/schedule-changes.ts, which versions the hours that follow it. */
export async function updateWorkspaceSettings(
  db: Database,
  workspaceId: string,
  patch: Partial<Omit<WorkspaceSettings, "timeZone">>,
): Promise<void> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, workspaceId);
  await prisma.workspace.update({ where: { id: workspaceId }, data: patch });
}

export async function listReportAccess(db: Database, workspaceId: string): Promise<AccessEntry[]> {
  const { prisma } = engineOf(db);
  const rows = await prisma.reportAccess.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ subjectId: r.subjectId, kind: r.kind as AccessKind }));
}

export async function grantReportAccess(db: Database, workspaceId: string, entry: AccessEntry): Promise<void> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, workspaceId);
  await prisma.reportAccess.upsert({
    where: { workspaceId_subjectId: { workspaceId, subjectId: entry.subjectId } },
    create: { workspaceId, ...entry },
    update: {},
  });
}

export async function revokeReportAccess(db: Database, workspaceId: string, subjectId: string): Promise<boolean> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.reportAccess.deleteMany({ where: { workspaceId, subjectId } });
  return count > 0;
}
