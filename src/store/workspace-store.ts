// Workspace settings and the report allowlist. The time zone is read from here only.
import type { PrismaDb } from "./database.ts";
import { ensureWorkspace } from "./token-store.ts";

export interface WorkspaceSettings {
  timeZone: string;
}

const DEFAULTS: WorkspaceSettings = { timeZone: "UTC" };

export async function workspaceSettings(prisma: PrismaDb, workspaceId: string): Promise<WorkspaceSettings> {
  const row = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  return row ?? DEFAULTS;
}

export async function setTimeZone(prisma: PrismaDb, workspaceId: string, timeZone: string): Promise<void> {
  await ensureWorkspace(prisma, workspaceId);
  await prisma.workspace.update({ where: { id: workspaceId }, data: { timeZone } });
}

export type AccessKind = "user" | "usergroup";

export interface AccessEntry {
  subjectId: string;
  kind: AccessKind;
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
