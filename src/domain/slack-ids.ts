// Slack ids as people type or paste them: users, user groups and channels. One rule each,
// for the slash commands, the settings form and the CLI.
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;
// A channel as Slack sends a mention (`<#C0123|name>`) or its bare id; C public, G private.
const CHANNEL = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$|^([CG][A-Z0-9]{2,})$/;

/** "U0123ABC", "W0123ABC" (an Enterprise Grid user). */
export function isUserId(text: string): boolean {
  return USER_ID.test(text);
}

/** "S0123ABC". */
export function isUsergroupId(text: string): boolean {
  return USERGROUP_ID.test(text);
}

/** "C0123ABC" from `<#C0123ABC|support>` or "C0123ABC"; null for anything else. */
export function channelIdOf(text: string): string | null {
  const match = CHANNEL.exec(text);
  return match ? (match[1] ?? match[2])! : null;
}
