// Which workspace's data a Slack request reads: the enterprise for an org-wide install
// (one installation serves every workspace of the org), else the team.
export interface SlackTeamContext {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

export function workspaceIdOf(context: SlackTeamContext): string | undefined {
  return context.isEnterpriseInstall && context.enterpriseId ? context.enterpriseId : context.teamId;
}
