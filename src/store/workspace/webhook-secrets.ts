// respond.io signing keys, one per workspace. The key itself is stored because checking an
// HMAC needs it: callers never print or log it.
import type { PrismaDb } from "../engine/database.ts";
import { ensureWorkspace } from "./tokens.ts";

/** Sets (or replaces) the workspace's signing key; true when it replaced one. */
export async function setWebhookSecret(prisma: PrismaDb, workspaceId: string, signingKey: string): Promise<boolean> {
  await ensureWorkspace(prisma, workspaceId);
  const existed = (await webhookSecretSetAt(prisma, workspaceId)) !== null;
  await prisma.webhookSecret.upsert({
    where: { workspaceId },
    create: { workspaceId, signingKey },
    update: { signingKey, createdAt: new Date() },
  });
  return existed;
}

export async function findSigningKey(prisma: PrismaDb, workspaceId: string): Promise<string | null> {
  const row = await prisma.webhookSecret.findUnique({ where: { workspaceId }, select: { signingKey: true } });
  return row?.signingKey ?? null;
}

/** When the workspace's current key was set, or null when it has none (never the key). */
export async function webhookSecretSetAt(prisma: PrismaDb, workspaceId: string): Promise<Date | null> {
  const row = await prisma.webhookSecret.findUnique({ where: { workspaceId }, select: { createdAt: true } });
  return row?.createdAt ?? null;
}
