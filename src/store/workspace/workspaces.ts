// Workspace settings and the report allowlist. The time zone is read from here only.
import type { ChartMode } from "../../domain/chart-modes.ts";
import type { AccessEntry, AccessKind, WorkspaceSettings } from "../../domain/workspace-settings.ts";
import type { PrismaDb } from "../engine/database.ts";
import { ensureWorkspace } from "./tokens.ts";

const DEFAULTS: WorkspaceSettings = { timeZone: "UTC", chartMode: null, retentionDays: null, eraseOnUninstall: false };

export async function workspaceSettings(prisma: PrismaDb, workspaceId: string): Promise<WorkspaceSettings> {
  const row = await prisma.workspace.findUnique({
    where: { id: workspaceId },
    select: { timeZone: true, chartMode: true, retentionDays: true, eraseOnUninstall: true },
  });
  return row ? { ...row, chartMode: row.chartMode as ChartMode | null } : DEFAULTS;
}

/** The time zone is not among them: it changes with src/store/workspace/schedule-changes.ts, which versions the hours that follow it. */
export async function updateWorkspaceSettings(
  prisma: PrismaDb,
  workspaceId: string,
  patch: Partial<Omit<WorkspaceSettings, "timeZone">>,
): Promise<void> {
  await ensureWorkspace(prisma, workspaceId);
  await prisma.workspace.update({ where: { id: workspaceId }, data: patch });
}

export async function listReportAccess(prisma: PrismaDb, workspaceId: string): Promise<AccessEntry[]> {
  const rows = await prisma.reportAccess.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ subjectId: r.subjectId, kind: r.kind as AccessKind }));
}

export async function grantReportAccess(prisma: PrismaDb, workspaceId: string, entry: AccessEntry): Promise<void> {
  await ensureWorkspace(prisma, workspaceId);
  await prisma.reportAccess.upsert({
    where: { workspaceId_subjectId: { workspaceId, subjectId: entry.subjectId } },
    create: { workspaceId, ...entry },
    update: {},
  });
}

export async function revokeReportAccess(prisma: PrismaDb, workspaceId: string, subjectId: string): Promise<boolean> {
  const { count } = await prisma.reportAccess.deleteMany({ where: { workspaceId, subjectId } });
  return count > 0;
}
