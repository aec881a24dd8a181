// How typed names are compared with stored ones: both are folded (case, accents, look-alike
// letters and punctuation), a filter matches part of a name, and a name that matches nothing
// gets the closest names that exist as suggestions. Ingest stores each name's folded copy,
// so that both databases compare the same text (docs/definitions.md, "Name filters").

// The accents of Latin, Greek and Cyrillic letters once decomposed, Hebrew points and Arabic
// vowel marks: not the vowel signs of Indic scripts or the kana voicing marks, which change the letter.
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05c7\u064b-\u065f\u0670]/g;

// Letters that do not decompose into a base letter and an accent, and typographic look-alikes
// that phones type for ASCII (Slack on iOS sends ’ for ').
const LETTERS: Record<string, string> = {
  ß: "ss",
  ø: "o",
  œ: "oe",
  æ: "ae",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ŀ: "l",
  ſ: "s",
  ς: "σ",
  "’": "'",
  "‘": "'",
  ʼ: "'",
  "′": "'",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "–": "-",
  "—": "-",
  "−": "-",
};
const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join("")}]`, "g");
// The other names' folds, remembered: ingest folds each name of every event, and names recur
// (agents on every event, contacts on each of theirs); the two normalisations cost ~1 us.
const MEMORY = 50_000;
const FOLDED = new Map<string, string>();
// Printable ASCII words separated by single spaces: folding is lower-casing.
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * A name as it is compared: lower case, without accents (compatibility decomposition, so
 * ligatures and full-width letters become plain letters), ß/ø/œ/æ/ł... as their base
 * letters, curly apostrophes and dashes as ASCII, runs of white space as one space.
 * "Zoé  Dubois" and "ZOE DUBOIS" both fold to "zoe dubois".
 */
export function foldName(name: string): string {
  if (PLAIN.test(name)) return name.toLowerCase();
  let folded = FOLDED.get(name);
  if (folded === undefined) {
    folded = name
      .normalize("NFKD")
      .toLowerCase()
      .replace(ACCENTS, "")
      .replace(SPECIAL, (c) => LETTERS[c]!)
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .trim();
    if (FOLDED.size === MEMORY) FOLDED.clear();
    FOLDED.set(name, folded);
  }
  return folded;
}

/** foldName of a name that may be absent (a nullable column's value). */
export function foldedOrNull(name: string | null | undefined): string | null {
  return name == null ? null : foldName(name);
}

/** Levenshtein distance (insertions, deletions and substitutions count one each). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * How far a typed (folded) value is from a folded name: the fewest edits to the whole name or
 * to any run of as many of its words as the value has, since a filter matches part of a name
 * ("camile" is one edit from "Camille Martin").
 */
function nameDistance(value: string, name: string): number {
  let best = editDistance(value, name);
  const words = name.split(" ");
  const width = value.split(" ").length;
  for (let start = 0; start + width <= words.length; start++) {
    best = Math.min(best, editDistance(value, words.slice(start, start + width).join(" ")));
  }
  return best;
}

/**
 * The names closest to a value that matched none of them, best first, then alphabetically; at
 * most `limit`, each at most a third of the value's length in edits (one for short values),
 * one per folded form.
 */
export function closestNames(value: string, names: Iterable<string>, limit = 3): string[] {
  const folded = foldName(value);
  if (folded === "") return [];
  const allowed = Math.max(1, Math.floor(folded.length / 3));
  const scored = new Map<string, { name: string; score: number }>();
  for (const name of names) {
    const key = foldName(name);
    if (scored.has(key)) continue;
    const score = nameDistance(folded, key);
    if (score <= allowed) scored.set(key, { name, score });
  }
  return [...scored.values()]
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}
