// Agent links: which inbox agent (by email) a Slack user is, for the workspaces where the
// user's Slack email is not the one the inbox knows. A link wins over the Slack profile.
import { engineOf, type Database } from "../engine/database.ts";
import { ensureWorkspace } from "./workspaces.ts";

export interface AgentLink {
  slackUserId: string;
  email: string;
  createdAt: number;
}

/** Links the user to the agent with this email, replacing any link they had. */
export async function linkAgent(db: Database, workspaceId: string, slackUserId: string, email: string): Promise<void> {
  const { prisma } = engineOf(db);
  await ensureWorkspace(db, workspaceId);
  await prisma.agentLink.upsert({
    where: { workspaceId_slackUserId: { workspaceId, slackUserId } },
    create: { workspaceId, slackUserId, email },
    update: { email, createdAt: new Date() },
  });
}

/** False when the user had no link. */
export async function unlinkAgent(db: Database, workspaceId: string, slackUserId: string): Promise<boolean> {
  const { prisma } = engineOf(db);
  const { count } = await prisma.agentLink.deleteMany({ where: { workspaceId, slackUserId } });
  return count > 0;
}

export async function listAgentLinks(db: Database, workspaceId: string): Promise<AgentLink[]> {
  const { prisma } = engineOf(db);
  const rows = await prisma.agentLink.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ slackUserId: r.slackUserId, email: r.email, createdAt: r.createdAt.getTime() }));
}

/** The linked email of each of these users that has one, in one query. */
export async function linkedEmails(db: Database, workspaceId: string, slackUserIds: readonly string[]): Promise<Map<string, string>> {
  const { prisma } = engineOf(db);
  if (slackUserIds.length === 0) return new Map();
  const rows = await prisma.agentLink.findMany({
    where: { workspaceId, slackUserId: { in: [...new Set(slackUserIds)] } },
    select: { slackUserId: true, email: true },
  });
  return new Map(rows.map((r) => [r.slackUserId, r.email]));
}
