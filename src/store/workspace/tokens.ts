// Ingest tokens: created once (the plain token is shown then and never again), stored as
// a SHA-256 hash, looked up by hash, revoked by id.
import { createHash, randomBytes } from "node:crypto";
import { engineOf, type Database } from "../engine/database.ts";
import { ensureWorkspace } from "./workspaces.ts";

export const TOKEN_PREFIX = "ipt_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface TokenInfo {
  id: string;
  workspaceId: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function createToken(
  db: Database,
  workspaceId: string,
  label: string | null = null,
): Promise<{ token: string; info: TokenInfo }> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, workspaceId);
  const id = `tok_${randomBytes(6).toString("hex")}`;
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const info = await prisma.ingestToken.create({
    data: { id, workspaceId, tokenHash: hashToken(token), label },
    select: { id: true, workspaceId: true, label: true, createdAt: true, revokedAt: true },
  });
  return { token, info };
}

/** The token's id and workspace, or null when unknown or revoked. */
export async function findActiveToken(db: Database, token: string): Promise<{ id: string; workspaceId: string } | null> {
  const row = await engineOf(db).prisma.ingestToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, workspaceId: true, revokedAt: true },
  });
  return row && row.revokedAt === null ? { id: row.id, workspaceId: row.workspaceId } : null;
}

export function listTokens(db: Database, workspaceId: string): Promise<TokenInfo[]> {
  const { prisma } = engineOf(db);
  return prisma.ingestToken.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, workspaceId: true, label: true, createdAt: true, revokedAt: true },
  });
}

/** Revokes a token of this workspace; false when the workspace has no such active token. */
export async function revokeToken(db: Database, workspaceId: string, id: string): Promise<boolean> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.ingestToken.updateMany({
    where: { id, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}
