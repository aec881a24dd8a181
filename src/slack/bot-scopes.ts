// The bot scopes the app asks for when installed, the same list as manifest.yml's
// oauth_config.scopes.bot (a test keeps the two equal).
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "files:write",
  "im:write",
  "users:read",
  "users:read.email",
  "usergroups:read",
  "channels:history",
  "groups:history",
] as const;
