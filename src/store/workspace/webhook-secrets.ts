// respond.io signing keys, one per workspace. The key itself is stored because checking an
// HMAC needs it: callers never print or log it.
import { engineOf, type Database } from "../engine/database.ts";
import { ensureWorkspace } from "./workspaces.ts";

/** Sets (or replaces) the workspace's signing key; true when it replaced one. */
export async function setWebhookSecret(db: Database, workspaceId: string, signingKey: string): Promise<boolean> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, workspaceId);
  const existed = (await webhookSecretSetAt(db, workspaceId)) !== null;
  await prisma.webhookSecret.upsert({
    where: { workspaceId },
    create: { workspaceId, signingKey },
    update: { signingKey, createdAt: new Date() },
  });
  return existed;
}

export async function findSigningKey(db: Database, workspaceId: string): Promise<string | null> {
  const { prisma } = engineOf(db);
  const row = await prisma.webhookSecret.findUnique({ where: { workspaceId }, select: { signingKey: true } });
  return row?.signingKey ?? null;
}

/** When the workspace's current key was set, or null when it has none (never the key). */
export async function webhookSecretSetAt(db: Database, workspaceId: string): Promise<Date | null> {
  const { prisma } = engineOf(db);
  const row = await prisma.webhookSecret.findUnique({ where: { workspaceId }, select: { createdAt: true } });
  return row?.createdAt ?? null;
}
