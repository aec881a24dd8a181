// Business-hours schedule versions per workspace (see prisma/models.prisma, BusinessSchedule).
import { defaultSchedule, validateSchedule, type BusinessSchedule } from "../domain/business-hours.ts";
import type { ScheduleVersion } from "../domain/email-metrics.ts";
import type { PrismaDb, PrismaTx } from "./database.ts";
import type { SqlExecutor } from "./sql.ts";
import { ensureWorkspace } from "./token-store.ts";

function parseStored(text: string): BusinessSchedule {
  const checked = validateSchedule(JSON.parse(text));
  if (!checked.ok) throw new Error(`stored business schedule is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return checked.schedule;
}

/** All versions plus the fallback (Mon-Fri 09:00-17:00 in the workspace's zone) for times before the first. */
export async function scheduleVersions(
  tx: SqlExecutor,
  workspaceId: string,
): Promise<{ versions: ScheduleVersion[]; fallback: BusinessSchedule }> {
  const rows = await tx.query<{ effective_from: number; schedule: string }>(
    "SELECT effective_from, schedule FROM business_schedules WHERE workspace_id = ? ORDER BY effective_from",
    [workspaceId],
  );
  const [workspace] = await tx.query<{ time_zone: string }>("SELECT time_zone FROM workspaces WHERE id = ?", [workspaceId]);
  return {
    versions: rows.map((r) => ({ effectiveFrom: Number(r.effective_from), schedule: parseStored(r.schedule) })),
    fallback: defaultSchedule(workspace?.time_zone ?? "UTC"),
  };
}

/** The schedule in force now (what `hours show` and the report header describe). */
export async function currentSchedule(prisma: PrismaDb, workspaceId: string, now = Date.now()): Promise<BusinessSchedule> {
  const row = await prisma.businessSchedule.findFirst({
    where: { workspaceId, effectiveFrom: { lte: new Date(now) } },
    orderBy: { effectiveFrom: "desc" },
  });
  if (row) return parseStored(row.schedule);
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  return defaultSchedule(workspace?.timeZone ?? "UTC");
}

/** A new version, in force from `effectiveFrom` (default: now) for conversations starting from then. */
export async function setSchedule(prisma: PrismaTx, workspaceId: string, schedule: BusinessSchedule, effectiveFrom = new Date()): Promise<void> {
  await ensureWorkspace(prisma, workspaceId);
  await prisma.businessSchedule.upsert({
    where: { workspaceId_effectiveFrom: { workspaceId, effectiveFrom } },
    create: { workspaceId, effectiveFrom, schedule: JSON.stringify(schedule) },
    update: { schedule: JSON.stringify(schedule) },
  });
}
