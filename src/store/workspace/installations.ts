// Slack installations (OAuth), one row per workspace: keyed by the enterprise id for an
// org-wide install, else the team id, the same id as the workspace whose data it reads.
// Bolt's Installation (bot token included) is stored sealed with AES-256-GCM and bound to
// its row id; only ids and dates are in clear columns.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { TokenCipher } from "../../secrets/token-cipher.ts";
import { workspaceIdOf } from "../../domain/workspace-id.ts";
import type { PrismaDb } from "../engine/database.ts";
import { NOT_INSTALLED, resumeWorkspaceSubscriptions } from "./digests.ts";

/** The workspace an installation serves: its enterprise when installed org-wide, else its team. */
function installationId(installation: Installation): string {
  const id = workspaceIdOf({
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall,
  });
  if (id === undefined) throw new Error("the installation names neither a team nor an enterprise");
  return id;
}

export class SlackInstallationStore implements InstallationStore {
  constructor(
    private readonly prisma: PrismaDb,
    private readonly cipher: TokenCipher,
  ) {}

  /** Stores a new or repeated install: the workspace counts as installed again and its digests stopped by the uninstall resume. */
  async storeInstallation(installation: Installation): Promise<void> {
    const id = installationId(installation);
    const now = new Date();
    const columns = {
      enterpriseId: installation.enterprise?.id ?? null,
      teamId: installation.team?.id ?? null,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      botUserId: installation.bot?.userId ?? null,
      installedBy: installation.user.id,
      installation: this.cipher.seal(JSON.stringify(installation), id),
      updatedAt: now,
    };
    const name = installation.team?.name ?? installation.enterprise?.name;
    const workspace = { uninstalledAt: null, ...(name ? { name } : {}) };
    await this.prisma.$transaction([
      this.prisma.slackInstallation.upsert({ where: { id }, create: { id, ...columns, installedAt: now }, update: columns }),
      this.prisma.workspace.upsert({ where: { id }, create: { id, ...workspace }, update: workspace }),
    ]);
    await resumeWorkspaceSubscriptions(this.prisma, id, NOT_INSTALLED);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const id = workspaceIdOf(query);
    const installation = id === undefined ? null : await this.installationFor(id);
    if (installation === null) throw new Error(`no Slack installation for ${id ?? "a request without a team or enterprise"}`);
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const id = workspaceIdOf(query);
    if (id !== undefined) await deleteInstallation(this.prisma, id);
  }

  /** The installation serving this workspace (team or enterprise id), or null. */
  async installationFor(workspaceId: string): Promise<Installation | null> {
    const row = await this.prisma.slackInstallation.findUnique({ where: { id: workspaceId }, select: { installation: true } });
    return row ? (JSON.parse(this.cipher.open(row.installation, workspaceId)) as Installation) : null;
  }
}

/** Forgets the workspace's installation (its tokens); resolves with the rows deleted. */
export async function deleteInstallation(prisma: PrismaDb, workspaceId: string): Promise<number> {
  const { count } = await prisma.slackInstallation.deleteMany({ where: { id: workspaceId } });
  return count;
}

/** The app left the workspace (its installation is gone); a new install clears this. */
export async function markUninstalled(prisma: PrismaDb, workspaceId: string, at = new Date()): Promise<void> {
  await prisma.workspace.updateMany({ where: { id: workspaceId }, data: { uninstalledAt: at } });
}

/**
 * False when stored installations exist and `cipher` does not open them (ENCRYPTION_KEY was
 * changed or mistyped); checked once at start-up rather than at each request.
 */
export async function cipherOpensInstallations(prisma: PrismaDb, cipher: TokenCipher): Promise<boolean> {
  const row = await prisma.slackInstallation.findFirst({ select: { id: true, installation: true } });
  if (row === null) return true;
  try {
    cipher.open(row.installation, row.id);
    return true;
  } catch {
    return false;
  }
}
