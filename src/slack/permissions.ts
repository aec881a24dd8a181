// Who may run reports: workspace admins and owners, plus the users and user groups on the
// workspace's allowlist (contact names are personal data). Who may change settings: admins
// and owners only.
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { AccessEntry } from "../domain/workspace-settings.ts";

/** Workspace admins, owners and the primary owner, as users.info says now. */
export async function isWorkspaceAdmin(client: WebClient, userId: string): Promise<boolean> {
  const info = await client.users.info({ user: userId });
  return Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
}

export async function mayRunReports(client: WebClient, userId: string, allowlist: readonly AccessEntry[]): Promise<boolean> {
  if (allowlist.some((e) => e.kind === "user" && e.subjectId === userId)) return true;
  if (await isWorkspaceAdmin(client, userId)) return true;
  for (const group of allowlist.filter((e) => e.kind === "usergroup")) {
    try {
      const members = await client.usergroups.users.list({ usergroup: group.subjectId });
      if (members.users?.includes(userId)) return true;
    } catch (error) {
      // Free plans have no user groups: such an entry grants nothing.
      if ((error as { data?: { error?: string } }).data?.error !== "plan_upgrade_required") throw error;
    }
  }
  return false;
}
