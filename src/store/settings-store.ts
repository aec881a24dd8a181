// Saves what the settings modal submits in one transaction: the workspace's settings, a
// new business-hours version when the hours changed, and the report allowlist. A failure
// anywhere leaves all of it as it was.
import type { BusinessSchedule } from "../domain/business-hours.ts";
import type { PrismaDb } from "./database.ts";
import { setSchedule } from "./schedule-store.ts";
import type { AccessKind, WorkspaceSettings } from "./workspace-store.ts";

export interface SettingsChange {
  settings: WorkspaceSettings;
  /** A new schedule version from now on; null leaves the schedule as it is. */
  schedule: BusinessSchedule | null;
  /** The allowlist per kind; a kind left out keeps its entries. */
  access: Partial<Record<AccessKind, string[]>>;
}

export async function saveSettings(prisma: PrismaDb, workspaceId: string, change: SettingsChange, now = new Date()): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.workspace.upsert({ where: { id: workspaceId }, create: { id: workspaceId, ...change.settings }, update: change.settings });
    if (change.schedule) await setSchedule(tx, workspaceId, change.schedule, now);
    for (const [kind, subjectIds] of Object.entries(change.access) as [AccessKind, string[]][]) {
      // Entries that stay keep their row (and its creation time).
      await tx.reportAccess.deleteMany({ where: { workspaceId, kind, subjectId: { notIn: subjectIds } } });
      const kept = await tx.reportAccess.findMany({ where: { workspaceId, kind }, select: { subjectId: true } });
      const added = subjectIds.filter((id) => !kept.some((row) => row.subjectId === id));
      if (added.length > 0) await tx.reportAccess.createMany({ data: added.map((subjectId) => ({ workspaceId, subjectId, kind })) });
    }
  });
}
