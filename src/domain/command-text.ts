// Parses what a manager types after a slash command, e.g. `last7days source:bot
// assignee:"Camille Martin"`, into a ReportRequest. Forgiving: case, accents, dashes and
// French words are accepted; an unknown word gets an answer naming it, with a suggestion.
import { DEFAULT_PRESET, customRangeError, specToText, type PeriodSpec, type Preset } from "./periods.ts";
import { asValue, valueList, type Message } from "./message.ts";
import { FILTER_NAMES, emptyFilters, type Filters, type ReportName, type ReportRequest } from "./report-request.ts";
import { editDistance } from "./name-matching.ts";
import { foldText, sourceFromText, SOURCES } from "./sources.ts";

const PRESET_ALIASES: Record<Preset, string[]> = {
  today: ["today", "aujourdhui", "auj"],
  yesterday: ["yesterday", "hier"],
  "last-7-days": ["last-7-days", "7d", "7days", "week", "7j", "les7dernjours", "7derniersjours", "les7derniersjours"],
  "last-14-days": ["last-14-days", "14d", "14days", "14j", "14derniersjours", "les14derniersjours"],
  "last-30-days": ["last-30-days", "30d", "30days", "30j", "30derniersjours", "les30derniersjours"],
  "this-month": ["this-month", "month", "cemoisci", "cemois"],
  "last-month": ["last-month", "moisdernier", "lemoisdernier"],
};

const PRESET_BY_FOLDED = new Map<string, Preset>();
for (const [preset, aliases] of Object.entries(PRESET_ALIASES) as [Preset, string[]][]) {
  for (const alias of aliases) PRESET_BY_FOLDED.set(foldText(alias), preset);
}

const KEY_ALIASES: Record<keyof Filters, string[]> = {
  sources: ["source", "sources", "src"],
  assignees: ["assignee", "assignedto", "to", "affectea", "cessionnaire"],
  assignedBy: ["by", "assignedby", "attribuepar", "par"],
  contacts: ["contact"],
  conversations: ["conversation", "conv", "conversationid"],
  agents: ["agent"],
};

const KEY_BY_FOLDED = new Map<string, keyof Filters>();
for (const [key, aliases] of Object.entries(KEY_ALIASES) as [keyof Filters, string[]][]) {
  for (const alias of aliases) KEY_BY_FOLDED.set(foldText(alias), key);
}

const RANGE = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|→|to)\s*(\d{4}-\d{2}-\d{2})$/;

export type ParsedCommand =
  | { kind: "request"; request: ReportRequest }
  | { kind: "help" }
  | { kind: "error"; word: string; message: Message; suggestion: string | null };

/**
 * Splits on spaces, keeping "quoted values" (straight or curly quotes) and Slack's escapes
 * together: a mention's name may hold spaces (`<@U123|Léa Bernard>`).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:<(?:[@#!]|mailto:)[^<>]*>|[^\s"“”<]+|<|["“][^"“”]*["”])+/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[0].replace(/["“”]/g, ""));
  return tokens;
}

/** Slack's escaped mentions and links: `<@U123|name>` stays `<@U123>`; `<mailto:a@b.c|a@b.c>` becomes `a@b.c`. */
export function unescapeSlack(value: string): string {
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value);
  if (user) return `<@${user[1]}>`;
  const mailto = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(value);
  if (mailto) return mailto[1]!;
  return unescapeEntities(value);
}

/** Slack sends a typed `&`, `<` or `>` as an entity: the text as the person typed it. */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The closest of the candidates, if close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const folded = foldText(word);
  let best: { candidate: string; score: number } | null = null;
  for (const candidate of candidates) {
    const score = editDistance(folded, foldText(candidate));
    if (best === null || score < best.score) best = { candidate, score };
  }
  return best !== null && best.score <= Math.max(2, Math.floor(folded.length / 3)) ? best.candidate : null;
}

const KEY_WORDS = Object.values(FILTER_NAMES).map((name) => `${name}:`);

export function parseCommandText(report: ReportName, text: string): ParsedCommand {
  const filters = emptyFilters();
  let period: PeriodSpec | null = null;
  // What was typed is given back as typed, to be shown so that it copies as such.
  const fail = (word: string, message: Message, suggestion: string | null = null): ParsedCommand => ({
    kind: "error",
    word: unescapeEntities(word),
    message,
    suggestion: suggestion === null ? null : unescapeEntities(suggestion),
  });

  for (const token of tokenize(text.trim())) {
    const folded = foldText(token);
    if (folded === "help" || folded === "aide" || token === "?") return { kind: "help" };

    const colon = token.indexOf(":");
    const keyText = colon > 0 ? unescapeEntities(token.slice(0, colon)) : "";
    const key = colon > 0 ? KEY_BY_FOLDED.get(foldText(keyText)) : undefined;
    if (key !== undefined) {
      const value = unescapeSlack(token.slice(colon + 1).trim());
      if (value === "")
        return fail(token, [
          asValue(`${keyText}:`),
          " needs a value, e.g. ",
          asValue(`${FILTER_NAMES[key]}:${key === "sources" ? "bot" : "name"}`),
        ]);
      if (key === "sources") {
        const source = sourceFromText(value);
        if (!source) {
          const sources = valueList(SOURCES.map((s) => `source:${s}`));
          return fail(
            token,
            [asValue(value), " is not a source. Sources: ", ...sources],
            `source:${closest(value, SOURCES) ?? "workflow"}`,
          );
        }
        if (!filters.sources.includes(source)) filters.sources.push(source);
      } else {
        if (value.length > 200) return fail(token, [asValue(`${keyText}:`), " value is longer than 200 characters"]);
        filters[key].push(value);
      }
      continue;
    }

    const range = RANGE.exec(token);
    if (range) {
      const error = customRangeError(range[1]!, range[2]!);
      if (error) return fail(token, [error]);
      if (period) return fail(token, ["only one period can be given"]);
      period = { from: range[1]!, to: range[2]! };
      continue;
    }
    const preset = PRESET_BY_FOLDED.get(folded);
    if (preset) {
      if (period) return fail(token, ["only one period can be given"]);
      period = { preset };
      continue;
    }

    const candidates = colon > 0 ? KEY_WORDS : [...Object.keys(PRESET_ALIASES), ...KEY_WORDS, "help"];
    const guess = closest(colon > 0 ? `${keyText}:` : token, candidates);
    return fail(
      token,
      colon > 0
        ? [asValue(`${keyText}:`), ` is not a filter. Filters: ${KEY_WORDS.join(" ")}`]
        : [asValue(unescapeEntities(token)), " is neither a period nor a filter"],
      guess === null ? null : colon > 0 ? `${guess}${token.slice(colon + 1)}` : guess,
    );
  }
  return { kind: "request", request: { report, period: period ?? { preset: DEFAULT_PRESET }, filters, page: 0 } };
}

/** The command text that asks for this request (the inverse of parseCommandText). */
export function requestToText(request: ReportRequest): string {
  const quote = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
  const words = [specToText(request.period)];
  for (const key of Object.keys(FILTER_NAMES) as (keyof Filters)[]) {
    for (const value of request.filters[key]) words.push(`${FILTER_NAMES[key]}:${quote(value)}`);
  }
  return words.join(" ");
}
