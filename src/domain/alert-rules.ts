// Alert rules as a manager types them after `/pulse alert add #channel`, e.g.
// `waiting > 2h`, `first-response > 1h over 4h agent:"Léa Bernard" min 5`,
// `source:bot change > 100% over 1d`, and their words (docs/usage.md, "Alerts").
import { closest, tokenize, unescapeEntities, unescapeSlack } from "./command-text.ts";
import { formatDuration } from "./durations.ts";
import { asValue, messageText, valueList, type Message } from "./message.ts";
import { foldName } from "./name-matching.ts";
import { foldText, SOURCE_LABELS, SOURCES, sourceFromText, type Source } from "./sources.ts";

/** Which clock a time rule counts: open hours of the workspace's schedule, or wall-clock time. */
export type AlertClock = "business" | "any-time";

export type AlertCondition =
  /** Email conversations whose customer has waited longer than the threshold for a first reply. */
  | { readonly kind: "waiting"; readonly thresholdSeconds: number; readonly clock: AlertClock }
  /** The team's (or one agent's) first-response or resolution time over a sliding window. */
  | {
      readonly kind: "response-time";
      readonly metric: "first-response" | "resolution";
      readonly thresholdSeconds: number;
      readonly windowSeconds: number;
      readonly statistic: "median" | "average";
      readonly clock: AlertClock;
      /** As typed after agent: (a Slack mention `<@U123>`, an email or a name); null: the team. */
      readonly agent: string | null;
      readonly minVolume: number;
    }
  /** A source's assignments in the window against the median of the same window on each of the 4 weeks before. */
  | {
      readonly kind: "source-change";
      readonly source: Source;
      /** "up": fires above +percent (a spike); "down": below -percent (a drop). */
      readonly direction: "up" | "down";
      readonly percent: number;
      readonly windowSeconds: number;
      readonly minVolume: number;
    };

export interface AlertRuleSpec {
  readonly condition: AlertCondition;
  /** After a notification, the next one (only if worse) waits at least this long. */
  readonly cooldownSeconds: number;
}

export type ParsedAlertRule = { readonly ok: true; readonly rule: AlertRuleSpec } | { readonly ok: false; readonly error: string };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** Below 5 minutes an alert would be noise: the conversations and counts move minute by minute. */
const SHORTEST = 5 * MINUTE;
/**
 * A source-change rule compares its window with the same window on each of the 4 weeks
 * before: a window longer than a week would overlap the first of them. Response-time
 * windows have the same bound, so that every window reads the same.
 */
const LONGEST_WINDOW = 7 * DAY;
const LONGEST_THRESHOLD = 30 * DAY;
const LONGEST_COOLDOWN = 7 * DAY;
const DEFAULT_COOLDOWN = HOUR;
const DEFAULT_MIN_VOLUME = { "response-time": 5, "source-change": 20 } as const;
const MOST_VOLUME = 100_000;
const MOST_RISE = 10_000;
const MOST_DROP = 100;

type Head = "waiting" | "first-response" | "resolution" | "change";
type Keyword = Head | "over" | "average" | "median" | "min" | "any-time" | "business" | "cooldown";

/** Every keyword as it is written, then the other words accepted for it (compared folded). */
const KEYWORD_ALIASES: Record<Keyword, string[]> = {
  waiting: ["waiting", "wait", "waits", "attente", "en-attente"],
  "first-response": ["first-response", "first-reply", "frt", "response", "reply", "premiere-reponse", "reponse"],
  resolution: ["resolution", "resolve", "resolved", "resolution-time"],
  change: ["change", "changes", "variation", "evolution"],
  over: ["over", "window", "last", "sur"],
  average: ["avg", "average", "mean", "moyenne", "moy"],
  median: ["median", "mediane"],
  min: ["min", "minimum", "min-volume", "volume", "at-least"],
  "any-time": ["any-time", "clock", "clock-time", "wall-clock", "calendar", "24/7", "24h/24"],
  business: ["business", "business-hours", "open-hours", "heures-ouvrees", "ouvrees"],
  cooldown: ["cooldown", "snooze", "delai", "pause"],
};
const KEYWORD_BY_FOLDED = foldedIndex(KEYWORD_ALIASES);

type Key = "agent" | "source";
const KEY_ALIASES: Record<Key, string[]> = { agent: ["agent", "assignee", "agente"], source: ["source", "sources", "src"] };
const KEY_BY_FOLDED = foldedIndex(KEY_ALIASES);
/** Options that take a value may also be written with a colon: `over:4h`, `min:5`, `cooldown:30m`. */
const VALUE_KEYWORDS: readonly Keyword[] = ["over", "min", "cooldown"];
/** Words between `over` and its duration that say nothing: `over the last 4h`. */
const FILLERS = new Set(["the", "last", "past", "les", "derniers", "dernieres"]);

const HEADS: readonly Head[] = ["waiting", "first-response", "resolution", "change"];
const WORD_CANDIDATES = [...HEADS, "over", "avg", "average", "median", "min", "any-time", "business", "cooldown", "agent:", "source:"];
const KEY_CANDIDATES = ["agent:", "source:", "over:", "min:", "cooldown:"];
const EXAMPLES: Record<Head, string> = {
  waiting: "waiting > 2h",
  "first-response": "first-response > 1h over 4h",
  resolution: "resolution > 8h over 1d",
  change: "source:bot change > 100% over 1d",
};
const USAGE: Message = [
  "An alert rule is one of ",
  asValue(EXAMPLES.waiting),
  " (customers waiting for a first reply), ",
  asValue(EXAMPLES["first-response"]),
  ", ",
  asValue(EXAMPLES.resolution),
  ", ",
  asValue(EXAMPLES.change),
  " or ",
  asValue("source:bot change < -50% over 1d"),
  ". Options: ",
  ...valueList(["any-time", "agent:name", "avg", "min 5", "cooldown 30m"]),
];

type Unit = "s" | "m" | "h" | "d" | "w";
const UNIT_ALIASES: Record<Unit, string[]> = {
  s: ["s", "sec", "secs", "second", "seconds", "seconde", "secondes"],
  m: ["m", "min", "mins", "minute", "minutes", "mn"],
  h: ["h", "hr", "hrs", "hour", "hours", "heure", "heures"],
  d: ["d", "day", "days", "j", "jour", "jours"],
  w: ["w", "wk", "week", "weeks", "sem", "semaine", "semaines"],
};
const UNIT_SECONDS: Record<Unit, number> = { s: 1, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };
const UNIT_BY_WORD = new Map<string, Unit>();
for (const [unit, aliases] of Object.entries(UNIT_ALIASES) as [Unit, string[]][]) {
  for (const alias of aliases) UNIT_BY_WORD.set(alias, unit);
}
const UNIT_WORDS = [...UNIT_BY_WORD.keys()];

function foldedIndex<T extends string>(aliases: Record<T, string[]>): Map<string, T> {
  const index = new Map<string, T>();
  for (const [name, words] of Object.entries(aliases) as [T, string[]][]) {
    for (const word of words) index.set(foldText(word), name);
  }
  return index;
}

/** A word of the rule: `key:value` kept whole, anything else split around its operators. */
interface Word {
  /** As typed, Slack's entities undone: what an error shows. */
  readonly text: string;
  /** Before the colon of `key:value`; null for other words. */
  readonly key: string | null;
  /** After the colon, as typed (a mention still escaped). */
  readonly value: string;
}

const KEY_VALUE = /^(\p{L}[\p{L}\p{N}_-]*):(.*)$/su;
const SLACK_ESCAPE = /^<(?:[@#!]|mailto:)[^<>]*>$/;
const OPERATORS = /(>=|=>|≥|<=|=<|≤|>|<|=)/;

/** The rule's words: `waiting>2h` is three, as is `waiting > 2h`; a Slack mention is one, as `<@U123>`. */
function words(text: string): Word[] {
  const result: Word[] = [];
  for (const token of tokenize(text)) {
    const keyValue = KEY_VALUE.exec(token);
    if (keyValue) {
      result.push({ text: unescapeEntities(token), key: keyValue[1]!, value: keyValue[2]! });
    } else if (SLACK_ESCAPE.test(token)) {
      result.push({ text: unescapeSlack(token), key: null, value: "" });
    } else {
      for (const piece of unescapeEntities(token).split(OPERATORS)) {
        if (piece !== "") result.push({ text: piece, key: null, value: "" });
      }
    }
  }
  return result;
}

/**
 * The value at `at` with the words that complete it, where a duration or a percentage is
 * expected: a unit typed apart (`2 h`, `100 %`), the rest of a duration (`1h 30m`). Only
 * there, so that `min` after a duration is the option (`over 4h min 5`), not minutes.
 */
function joinedValue(list: readonly Word[], at: number): { text: string; end: number } {
  let text = list[at]!.text;
  let end = at;
  for (let next = list[end + 1]; next !== undefined && next.key === null; next = list[end + 1]) {
    const unit = /\d$/.test(text) && (next.text === "%" || UNIT_BY_WORD.has(foldName(next.text)));
    const more = /^[\d.]/.test(text) && /^\d/.test(next.text) && readDuration(text).ok && readDuration(text + next.text).ok;
    if (!unit && !more) break;
    text += next.text;
    end++;
  }
  return { text, end };
}

type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Message };

const NUMBER = /(\d+(?:[.,]\d*)?|[.,]\d+)([a-z]*)/y;

/** Seconds from `2h`, `1.5 h`, `1h30m`, `1h30`, `90min`, `2j`: parts from the largest unit down. */
function readDuration(text: string): Read<number> {
  const folded = foldName(text);
  const notDuration: Message = [
    asValue(text),
    " is not a duration: write a number and a unit, e.g. ",
    ...valueList(["30m", "2h", "1h30m", "1d"]),
  ];
  if (/^\d+(?:[.,]\d+)?$/.test(folded)) {
    return {
      ok: false,
      error: [asValue(text), " needs a unit: ", asValue(`${text}m`), ", ", asValue(`${text}h`), " or ", asValue(`${text}d`)],
    };
  }
  let total = 0;
  let previous = Number.POSITIVE_INFINITY;
  let at = 0;
  while (at < folded.length) {
    NUMBER.lastIndex = at;
    const part = NUMBER.exec(folded);
    if (part === null) return { ok: false, error: notDuration };
    at = NUMBER.lastIndex;
    const unitWord = part[2]!;
    // `1h30` is 1 h 30 min, as written in French.
    const unit = unitWord === "" && previous === HOUR && at === folded.length ? "m" : UNIT_BY_WORD.get(unitWord);
    if (unit === undefined) {
      if (unitWord === "") return { ok: false, error: notDuration };
      // One or two letters are too short to guess from.
      const guess = unitWord.length < 3 ? null : closest(unitWord, UNIT_WORDS);
      return {
        ok: false,
        error: [
          asValue(unitWord),
          " is not a unit: use m (minutes), h (hours) or d (days), e.g. ",
          asValue(`${part[1]}h`),
          ...(guess === null ? [] : [". Did you mean ", asValue(`${part[1]}${guess}`), "?"]),
        ],
      };
    }
    const seconds = UNIT_SECONDS[unit];
    if (seconds >= previous)
      return { ok: false, error: [asValue(text), ": give each unit once, the largest first, e.g. ", asValue("1h30m")] };
    total += Number(part[1]!.replace(",", ".")) * seconds;
    previous = seconds;
  }
  return { ok: true, value: total };
}

interface DurationBounds {
  /** "the threshold", "the window", "the cooldown" */
  readonly name: string;
  readonly longest: number;
  readonly example: string;
}

/** A duration in whole minutes, from 5 minutes up to the bound. */
function boundedDuration(text: string, bounds: DurationBounds): Read<number> {
  const read = readDuration(text);
  if (!read.ok) return read;
  // To the millisecond: 0.1h is 360 s, not 360.00000000000006.
  const seconds = Math.round(read.value * 1000) / 1000;
  const range = `${bounds.name} goes from 5 min to ${ruleDurationWords(bounds.longest)}, e.g. `;
  if (seconds < SHORTEST) return { ok: false, error: [asValue(text), " is under 5 min: ", range, asValue(bounds.example)] };
  if (seconds > bounds.longest) {
    return { ok: false, error: [asValue(text), ` is over ${ruleDurationWords(bounds.longest)}: `, range, asValue(bounds.example)] };
  }
  if (seconds % MINUTE !== 0) {
    return {
      ok: false,
      error: [asValue(text), ` is not a whole number of minutes: ${bounds.name} counts minutes, e.g. `, asValue(bounds.example)],
    };
  }
  return { ok: true, value: seconds };
}

/** `100%` (a rise, with >) or `-50%` (a drop, with <). */
function readPercent(text: string, operator: ">" | "<"): Read<{ direction: "up" | "down"; percent: number }> {
  const folded = foldName(text);
  const fail = (...error: Message): Read<never> => ({ ok: false, error });
  const number = /^([+-]?)(\d+(?:[.,]\d+)?)(%?)$/.exec(folded);
  if (number === null) {
    return fail(
      asValue(text),
      " is not a percentage: e.g. ",
      asValue("change > 100%"),
      " (a rise) or ",
      asValue("change < -50%"),
      " (a drop)",
    );
  }
  const [, sign, digits, percentSign] = number as unknown as [string, string, string, string];
  if (percentSign === "") return fail(asValue(text), " needs a % sign: e.g. ", asValue(`change ${operator} ${text}%`));
  if (/[.,]\d{3}/.test(digits)) return fail(asValue(text), " has more than 2 decimals: e.g. ", asValue("change > 12.5%"));
  const percent = Number(digits.replace(",", "."));
  if (operator === ">" && sign === "-") {
    return fail(
      asValue(`change > ${text}`),
      " would fire on almost any count: a drop is written ",
      asValue(`change < -${digits}%`),
      ", a rise ",
      asValue(`change > ${digits}%`),
    );
  }
  if (operator === "<" && sign !== "-") {
    return fail(
      asValue(`change < ${text}`),
      " would fire on almost any count: a drop is written with a minus sign, ",
      asValue(`change < -${digits}%`),
      "; a rise is ",
      asValue(`change > ${digits}%`),
    );
  }
  if (percent === 0)
    return fail(asValue(text), ": the change must be above 0%, e.g. ", asValue(operator === ">" ? "change > 100%" : "change < -50%"));
  if (operator === ">" && percent > MOST_RISE) return fail(asValue(text), ` is over ${MOST_RISE}%: e.g. `, asValue("change > 100%"));
  if (operator === "<" && percent > MOST_DROP) {
    return fail(asValue(text), " is beyond -100% (no assignments at all): a drop goes from ", asValue("-1%"), " to ", asValue("-100%"));
  }
  return { ok: true, value: { direction: operator === ">" ? "up" : "down", percent } };
}

/** A whole number of conversations or assignments, from 1. */
function readVolume(text: string): Read<number> {
  const example = asValue("min 5");
  if (!/^\d+$/.test(text)) return { ok: false, error: ["min needs a whole number, not ", asValue(text), ", e.g. ", example] };
  const volume = Number(text);
  if (volume < 1) return { ok: false, error: [asValue(`min ${text}`), ": the minimum volume is at least 1, e.g. ", example] };
  if (volume > MOST_VOLUME) return { ok: false, error: [asValue(`min ${text}`), ` is over ${MOST_VOLUME}, e.g. `, example] };
  return { ok: true, value: volume };
}

type Operator = ">" | ">=" | "<" | "<=" | "=";
function operatorOf(word: Word): Operator | null {
  if (word.key !== null) return null;
  const operator = { ">": ">", ">=": ">=", "=>": ">=", "≥": ">=", "<": "<", "<=": "<=", "=<": "<=", "≤": "<=", "=": "=" }[word.text];
  return (operator as Operator | undefined) ?? null;
}

interface Setting<T> {
  readonly value: T;
  /** As typed, for errors: `over 4h`, `avg`, `agent:lea@x.com`. */
  readonly word: string;
}

/** What the words said, before checking that it fits the rule. */
interface Said {
  head?: Setting<Head>;
  threshold?: number;
  change?: Threshold["change"];
  over?: Setting<number>;
  agent?: Setting<string>;
  statistic?: Setting<"median" | "average">;
  min?: Setting<number>;
  clock?: Setting<AlertClock>;
  cooldown?: Setting<number>;
  source?: Setting<Source>;
}

const SETTING_NAMES: Record<Exclude<keyof Said, "threshold" | "change">, string> = {
  head: "the rule (one at a time)",
  over: "the window",
  agent: "the agent",
  statistic: "the statistic (median or average)",
  min: "the minimum volume",
  clock: "the clock (business hours or any time)",
  cooldown: "the cooldown",
  source: "the source",
};

/**
 * The rule a manager typed after `/pulse alert add #channel`, or the error naming the word
 * at fault, what was expected and an example. Never throws.
 */
export function parseAlertRule(text: string): ParsedAlertRule {
  const fail = (...error: Message): ParsedAlertRule => ({ ok: false, error: messageText(error) });
  const list = words(text);
  const first = list[0];
  if (first === undefined) return fail("No rule given. ", ...USAGE);
  if (first.key === null && (["help", "aide"].includes(foldText(first.text)) || first.text === "?")) return fail(...USAGE);

  const said: Said = {};
  const set = <K extends keyof typeof SETTING_NAMES>(key: K, setting: NonNullable<Said[K]>): ParsedAlertRule | null => {
    const before = said[key];
    if (before !== undefined) {
      return fail(asValue(before.word), " and ", asValue(setting.word), ` both set ${SETTING_NAMES[key]}: keep one`);
    }
    said[key] = setting;
    return null;
  };

  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    // The word after this one (and after `the last` for over), the value of an option.
    const optionValue = (keyword: Keyword, example: string): Read<{ text: string; word: string }> => {
      if (word.key !== null) {
        if (word.value.trim() === "") return { ok: false, error: [asValue(word.text), " needs a value, e.g. ", asValue(example)] };
        return { ok: true, value: { text: word.value.trim(), word: word.text } };
      }
      let at = i + 1;
      while (keyword === "over" && list[at] !== undefined && list[at]!.key === null && FILLERS.has(foldText(list[at]!.text))) at++;
      const next = list[at];
      if (next === undefined || next.key !== null) {
        return { ok: false, error: [asValue(word.text), " needs a value after it, e.g. ", asValue(example)] };
      }
      const value = keyword === "min" ? { text: next.text, end: at } : joinedValue(list, at);
      const typed = list
        .slice(i, value.end + 1)
        .map((w) => w.text)
        .join(" ");
      i = value.end;
      return { ok: true, value: { text: value.text, word: typed } };
    };

    if (word.key !== null) {
      const folded = foldText(word.key);
      const key = KEY_BY_FOLDED.get(folded);
      const keyword = KEYWORD_BY_FOLDED.get(folded);
      if (key === "agent") {
        const value = unescapeSlack(word.value.trim());
        if (value === "") {
          return fail(asValue(word.text), " needs an email, a name in quotes or an @mention, e.g. ", asValue("agent:lea@example.com"));
        }
        if (value.length > 200) return fail(asValue(`${word.key}:`), " value is longer than 200 characters");
        const error = set("agent", { value, word: word.text });
        if (error) return error;
        continue;
      }
      if (key === "source") {
        const value = unescapeSlack(word.value.trim());
        const source = sourceFromText(value);
        if (source === undefined) {
          const guess = value === "" ? null : closest(value, SOURCES);
          return fail(
            ...(value === "" ? [asValue(word.text), " needs a source"] : [asValue(value), " is not a source"]),
            ". Sources: ",
            ...valueList(SOURCES.map((s) => `source:${s}`)),
            ...(guess === null ? [] : [". Did you mean ", asValue(`source:${guess}`), "?"]),
          );
        }
        const error = set("source", { value: source, word: word.text });
        if (error) return error;
        continue;
      }
      if (keyword === undefined || !VALUE_KEYWORDS.includes(keyword)) {
        const guess = closest(`${word.key}:`, KEY_CANDIDATES);
        return fail(
          asValue(`${unescapeEntities(word.key)}:`),
          " is not an option. Options with a colon: ",
          ...valueList(["agent:", "source:"]),
          ...(guess === null ? [] : [". Did you mean ", asValue(`${guess}${word.value}`), "?"]),
        );
      }
    }

    let keyword = KEYWORD_BY_FOLDED.get(foldText(word.key ?? word.text));
    let typed = word.text;
    // Two words for one keyword: `any time`, `first response`, `business hours`.
    const next = list[i + 1];
    if (word.key === null && next !== undefined && next.key === null && /\p{L}/u.test(next.text)) {
      const two = KEYWORD_BY_FOLDED.get(foldText(word.text + next.text));
      if (two !== undefined) {
        keyword = two;
        typed = `${word.text} ${next.text}`;
        i++;
      }
    }

    if (keyword === "waiting" || keyword === "first-response" || keyword === "resolution" || keyword === "change") {
      const error = set("head", { value: keyword, word: typed });
      if (error) return error;
      const read = readThreshold(list, i + 1, keyword, typed);
      if (!read.ok) return fail(...read.error);
      i = read.value.end;
      said.threshold = read.value.threshold;
      said.change = read.value.change;
      continue;
    }

    if (keyword === "over" || keyword === "cooldown") {
      const example = keyword === "over" ? "over 4h" : "cooldown 30m";
      const value = optionValue(keyword, example);
      if (!value.ok) return fail(...value.error);
      const read = boundedDuration(value.value.text, {
        name: keyword === "over" ? "the window" : "the cooldown",
        longest: keyword === "over" ? LONGEST_WINDOW : LONGEST_COOLDOWN,
        example,
      });
      if (!read.ok) return fail(...read.error);
      const error = set(keyword, { value: read.value, word: value.value.word });
      if (error) return error;
      continue;
    }
    if (keyword === "min") {
      const value = optionValue(keyword, "min 5");
      if (!value.ok) return fail(...value.error);
      const read = readVolume(value.value.text);
      if (!read.ok) return fail(...read.error);
      const error = set("min", { value: read.value, word: value.value.word });
      if (error) return error;
      continue;
    }
    if (keyword === "average" || keyword === "median") {
      const error = set("statistic", { value: keyword, word: typed });
      if (error) return error;
      continue;
    }
    if (keyword === "any-time" || keyword === "business") {
      const error = set("clock", { value: keyword, word: typed });
      if (error) return error;
      continue;
    }
    return fail(...unknownWord(word));
  }
  return ruleFrom(said, fail);
}

/** The operator and threshold after the rule's name (`typed`), from `at`: `> 2h`, `< -50%`. */
function readThreshold(list: readonly Word[], at: number, head: Head, typed: string): Read<Threshold> {
  const fail = (...error: Message): Read<never> => ({ ok: false, error });
  const example = EXAMPLES[head];
  const opWord = list[at];
  if (opWord === undefined) return fail(asValue(typed), " needs a threshold, e.g. ", asValue(example));
  const operator = operatorOf(opWord);
  const expected = head === "change" ? "> (a rise) or < (a drop)" : ">";
  if (operator === null)
    return fail(`expected ${expected} after `, asValue(typed), ", not ", asValue(opWord.text), ", e.g. ", asValue(example));
  if (head !== "change" && operator !== ">") {
    return fail(
      "expected > after ",
      asValue(typed),
      ", not ",
      asValue(operator),
      ": alerts fire when times are too long, e.g. ",
      asValue(example),
    );
  }
  if (head === "change" && operator !== ">" && operator !== "<") {
    const examples = [asValue("change > 100%"), " or ", asValue("change < -50%")];
    return fail(`expected ${expected} after `, asValue(typed), ", not ", asValue(operator), ", e.g. ", ...examples);
  }
  const valueWord = list[at + 1];
  if (valueWord === undefined || valueWord.key !== null || operatorOf(valueWord) !== null) {
    return fail(
      asValue(`${typed} ${operator}`),
      ` needs ${head === "change" ? "a percentage" : "a duration"} after it, e.g. `,
      asValue(example),
    );
  }
  const value = joinedValue(list, at + 1);
  if (head === "change") {
    const read = readPercent(value.text, operator as ">" | "<");
    return read.ok ? { ok: true, value: { end: value.end, change: read.value } } : read;
  }
  const read = boundedDuration(value.text, { name: "the threshold", longest: LONGEST_THRESHOLD, example });
  return read.ok ? { ok: true, value: { end: value.end, threshold: read.value } } : read;
}

interface Threshold {
  /** The index of the threshold's last word. */
  readonly end: number;
  readonly threshold?: number;
  readonly change?: { readonly direction: "up" | "down"; readonly percent: number };
}

/** Why a word that is no keyword is not understood, with the likely word meant. */
function unknownWord(word: Word): Message {
  const text = word.text;
  if (operatorOf(word) !== null) {
    return [asValue(text), " is out of place: it comes right after the rule's name, e.g. ", asValue("waiting > 2h")];
  }
  if (/^<@[UW][A-Z0-9]+>$/.test(text) || /^[^\s@<>]+@[^\s@<>]+$/.test(text)) {
    return [asValue(text), " is not understood: to watch one agent, write ", asValue(`agent:${text}`)];
  }
  if (readDuration(text).ok) {
    return [asValue(text), " is out of place: a duration comes after >, over or cooldown, e.g. ", asValue("over 4h")];
  }
  if (/^[+-]?\d+(?:[.,]\d+)?%$/.test(text)) {
    return [asValue(text), " is out of place: a percentage comes after change > or change <, e.g. ", asValue("change > 100%")];
  }
  const guess = closest(text, WORD_CANDIDATES);
  return [
    asValue(text),
    " is not understood. Rules start with ",
    ...valueList(HEADS),
    "; options are ",
    ...valueList(["over 4h", "agent:name", "avg", "median", "min 5", "any-time", "cooldown 30m"]),
    ...(guess === null ? [] : [". Did you mean ", asValue(guess), "?"]),
  ];
}

/** The rule the words make, or why they do not make one. */
function ruleFrom(said: Said, fail: (...error: Message) => ParsedAlertRule): ParsedAlertRule {
  const head = said.head;
  if (head === undefined) {
    const given = said.over ?? said.agent ?? said.statistic ?? said.min ?? said.clock ?? said.cooldown ?? said.source;
    return fail(...(given === undefined ? [] : [asValue(given.word), " needs a rule. "]), ...USAGE);
  }
  const misplaced = (setting: Setting<unknown> | undefined, reason: string) =>
    setting === undefined ? null : fail(asValue(setting.word), ` does not apply to `, asValue(head.word), `: ${reason}`);
  const sourceOnlyForChange = `source: is for change rules, e.g. ${EXAMPLES.change}`;
  const cooldownSeconds = said.cooldown?.value ?? DEFAULT_COOLDOWN;

  if (head.value === "waiting") {
    const error =
      misplaced(said.over, `each conversation is checked as it waits, with no window, e.g. ${EXAMPLES.waiting}`) ??
      misplaced(said.agent, "it watches every conversation of the inbox") ??
      misplaced(said.statistic, "each conversation is checked on its own") ??
      misplaced(said.min, "one conversation waiting too long is enough") ??
      misplaced(said.source, sourceOnlyForChange);
    if (error) return error;
    const condition: AlertCondition = { kind: "waiting", thresholdSeconds: said.threshold!, clock: said.clock?.value ?? "business" };
    return { ok: true, rule: { condition, cooldownSeconds } };
  }

  if (head.value === "change") {
    const error =
      misplaced(said.agent, "it counts the team's assignments from a source") ??
      misplaced(said.statistic, "it compares a count with the median of the 4 weeks before") ??
      misplaced(said.clock, "it counts assignments, not times");
    if (error) return error;
    if (said.source === undefined) return fail(asValue(head.word), " needs a source, written before it, e.g. ", asValue(EXAMPLES.change));
    if (said.over === undefined) return fail(asValue(head.word), " needs a window: add over, e.g. ", asValue(EXAMPLES.change));
    const condition: AlertCondition = {
      kind: "source-change",
      source: said.source.value,
      direction: said.change!.direction,
      percent: said.change!.percent,
      windowSeconds: said.over.value,
      minVolume: said.min?.value ?? DEFAULT_MIN_VOLUME["source-change"],
    };
    return { ok: true, rule: { condition, cooldownSeconds } };
  }

  const error = misplaced(said.source, sourceOnlyForChange);
  if (error) return error;
  if (said.over === undefined) return fail(asValue(head.word), " needs a window: add over, e.g. ", asValue(EXAMPLES[head.value]));
  const condition: AlertCondition = {
    kind: "response-time",
    metric: head.value,
    thresholdSeconds: said.threshold!,
    windowSeconds: said.over.value,
    statistic: said.statistic?.value ?? "median",
    clock: said.clock?.value ?? "business",
    agent: said.agent?.value ?? null,
    minVolume: said.min?.value ?? DEFAULT_MIN_VOLUME["response-time"],
  };
  return { ok: true, rule: { condition, cooldownSeconds } };
}

/**
 * Seconds in the reports' words ("1 h 30 min", "2 d 3 h"). Business time in hours only, as
 * the reports show it (24 open hours are 3 working days, not "1 d"); a clock time of a day
 * or more that is no whole number of hours in hours too, as "1 d 3 h" would round it.
 */
function ruleDurationWords(seconds: number, businessTime = false): string {
  return formatDuration(seconds * 1000, businessTime || (seconds >= DAY && seconds % HOUR !== 0));
}

/** A rule's window: "4 h", "24 h", "7 days" (whole days from 2 on), as "over the last ..." reads it. */
export function windowWords(seconds: number): string {
  return seconds >= 2 * DAY && seconds % DAY === 0 ? `${seconds / DAY} days` : ruleDurationWords(seconds, true);
}

const CLOCK_WORDS: Record<AlertClock, string> = { business: "business hours", "any-time": "any time" };

/** The rule in plain words, for lists and messages. */
export function describeAlertRule(rule: AlertRuleSpec): string {
  const c = rule.condition;
  const cooldown = rule.cooldownSeconds === DEFAULT_COOLDOWN ? [] : [`cooldown ${ruleDurationWords(rule.cooldownSeconds)}`];
  const business = c.kind !== "source-change" && c.clock === "business";
  switch (c.kind) {
    case "waiting":
      return `Customers waiting > ${ruleDurationWords(c.thresholdSeconds, business)} for a first reply (${[CLOCK_WORDS[c.clock], ...cooldown].join(", ")})`;
    case "response-time": {
      const statistic = c.statistic === "median" ? "Median" : "Average";
      const metric = c.metric === "first-response" ? "first response" : "resolution";
      const details = [CLOCK_WORDS[c.clock], c.agent === null ? "team" : `agent ${c.agent}`, `min ${c.minVolume}`, ...cooldown];
      return `${statistic} ${metric} > ${ruleDurationWords(c.thresholdSeconds, business)} over the last ${windowWords(c.windowSeconds)} (${details.join(", ")})`;
    }
    case "source-change": {
      const percent = c.percent.toLocaleString("en-US", { maximumFractionDigits: 2 });
      return (
        `${SOURCE_LABELS[c.source]} assignments ${c.direction} > ${percent}% over the last ${windowWords(c.windowSeconds)} ` +
        `vs the median of the 4 weeks before (${[`min ${c.minVolume}`, ...cooldown].join(", ")})`
      );
    }
  }
}

const TEXT_UNITS = [
  ["d", DAY],
  ["h", HOUR],
  ["m", MINUTE],
  ["s", 1],
] as const;

/** `1d2h30m`; business time in hours (`24h`), as the words show it. */
function durationText(seconds: number, businessTime = false): string {
  const units = businessTime ? TEXT_UNITS.slice(1) : TEXT_UNITS;
  let rest = Math.round(seconds);
  let text = "";
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) text += `${count}${unit}`;
  }
  return text === "" ? "0m" : text;
}

/** The command text for the rule, in its canonical words: parseAlertRule reads it back as the same rule. */
export function alertRuleText(rule: AlertRuleSpec): string {
  const c = rule.condition;
  const words: string[] = [];
  switch (c.kind) {
    case "waiting":
      words.push("waiting", ">", durationText(c.thresholdSeconds, c.clock === "business"));
      if (c.clock === "any-time") words.push("any-time");
      break;
    case "response-time":
      words.push(c.metric, ">", durationText(c.thresholdSeconds, c.clock === "business"), "over", durationText(c.windowSeconds));
      if (c.agent !== null) words.push(`agent:${/\s/.test(c.agent) ? `"${c.agent}"` : c.agent}`);
      if (c.statistic === "average") words.push("avg");
      if (c.clock === "any-time") words.push("any-time");
      if (c.minVolume !== DEFAULT_MIN_VOLUME["response-time"]) words.push("min", String(c.minVolume));
      break;
    case "source-change":
      words.push(`source:${c.source}`, "change", c.direction === "up" ? ">" : "<", `${c.direction === "up" ? "" : "-"}${c.percent}%`);
      words.push("over", durationText(c.windowSeconds));
      if (c.minVolume !== DEFAULT_MIN_VOLUME["source-change"]) words.push("min", String(c.minVolume));
      break;
  }
  if (rule.cooldownSeconds !== DEFAULT_COOLDOWN) words.push("cooldown", durationText(rule.cooldownSeconds));
  return words.join(" ");
}
