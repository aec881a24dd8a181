// The ways a contact gets assigned or unassigned, as listed by the
// help page of respond.io's Assignments report, plus `unknown` for webhooks that do not say.
import { foldName } from "./name-matching.ts";

export const SOURCES = [
  "developer_api",
  "workflow",
  "bot",
  "zapier",
  "create",
  "user",
  "contact_import",
  "close_conversation",
  "click_to_chat_ad",
  "unknown",
] as const;

export type Source = (typeof SOURCES)[number];

/** English labels, in the seed's wording. */
export const SOURCE_LABELS: Record<Source, string> = {
  developer_api: "Developer API",
  workflow: "Workflow",
  bot: "Bot",
  zapier: "Zapier",
  create: "Create",
  user: "User",
  contact_import: "Contact import",
  close_conversation: "Close conversation (legacy)",
  click_to_chat_ad: "Click-to-chat ad",
  unknown: "Unknown",
};

/** At most 20 characters, as chart categories take them (Slack's native charts cut longer ones). */
export const SOURCE_SHORT_LABELS: Record<Source, string> = { ...SOURCE_LABELS, close_conversation: "Close conversation" };

/** The seed's French labels (also accepted when importing its CSV log). */
const SOURCE_LABELS_FR: Record<Source, string> = {
  developer_api: "API pour développeurs",
  workflow: "Flux de travail",
  bot: "Bot",
  zapier: "Zapier",
  create: "Créer",
  user: "Utilisateur",
  contact_import: "Importation de contacts",
  close_conversation: "Conversation rapprochée (héritage)",
  click_to_chat_ad: "Publicité « Cliquez pour discuter »",
  unknown: "Inconnue",
};

export function isSource(value: string): value is Source {
  return (SOURCES as readonly string[]).includes(value);
}

/** Folded as names are, without spaces or punctuation: how typed keywords (sources, periods) are compared. */
export function foldText(text: string): string {
  return foldName(text).replace(/[^a-z0-9]+/g, "");
}

// Short forms people type in a slash command.
const SOURCE_ALIASES: Record<Source, string[]> = {
  developer_api: ["api", "devapi"],
  workflow: ["flux", "workflows"],
  bot: ["dialogflow", "bots"],
  zapier: [],
  create: ["creer"],
  user: ["users", "manual", "agent"],
  contact_import: ["import", "csv"],
  close_conversation: ["close", "closed", "closeconversation", "conversationfermee"],
  click_to_chat_ad: ["ad", "ads", "clicktochat", "ctwa", "publicite", "pub", "cliquezpourdiscuter"],
  unknown: ["inconnu"],
};

const SOURCE_BY_FOLDED = new Map<string, Source>();
for (const source of SOURCES) {
  for (const name of [source, SOURCE_LABELS[source], SOURCE_LABELS_FR[source], ...SOURCE_ALIASES[source]]) {
    SOURCE_BY_FOLDED.set(foldText(name), source);
  }
}

/** A source from its id, English or French label, ignoring case, accents and punctuation. */
export function sourceFromText(text: string): Source | undefined {
  return SOURCE_BY_FOLDED.get(foldText(text));
}
