// What someone who may not do something is told, and how to get the right to (see
// src/slack/permissions.ts for who may).
export const REFUSAL =
  "Sorry, reports show contacts' personal data, so only workspace admins and the people they allow can run them. " +
  "Ask an admin to add you (`npx inbox-pulse access add --user <your id>`).";

export const SETTINGS_REFUSAL = "Sorry, only workspace admins and owners can change Inbox Pulse's settings.";
