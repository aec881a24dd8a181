// Who is who (docs/definitions.md, "Who is who"): the people of one stream (email agents, or assignees),
// resolved from every distinct identity, (id, name, email) as an event carried it, that the
// stream's stored events hold. The answer depends on that set only, never on the order in
// which the events arrived.
//
// - Identities that share an id, or an email (any case), are one person; an identity
//   carrying both an id and an email links the two.
// - A name alone is the person known by id or email who carries that name (foldName), when
//   exactly one does; else (none, or several) it is a person of its own, one per folded name.
import { foldName } from "./name-matching.ts";
import { personKey, personLabel, type Person } from "./person.ts";

export interface PersonGroup {
  /** The group's smallest `id:` key, else its smallest `email:` key, else `name:<folded name>`. */
  key: string;
  /** What its identities say, each sorted: ids, emails (lower-case), names (as sent). */
  ids: string[];
  emails: string[];
  names: string[];
  identities: Person[];
  /** The personKey of each of its identities: what stored rows carry. */
  keys: string[];
}

export interface People {
  groups: PersonGroup[];
  /** The group of a stored person key; a key that no identity has is a group of its own. */
  groupOf(key: string): PersonGroup;
}

const sortedSet = (values: Iterable<string>) => [...new Set(values)].sort();
// biome-ignore lint/complexity/useMathMinMax: strings, compared by code unit.
const smallest = (values: readonly string[]) => values.reduce((a, b) => (b < a ? b : a));

/** The `id:` and `email:` nodes an identity names (the keys that link identities). */
function linkNodes(identity: Person): string[] {
  const nodes: string[] = [];
  if (identity.id !== null) nodes.push(`id:${identity.id}`);
  if (identity.email !== null) nodes.push(`email:${identity.email.toLowerCase()}`);
  return nodes;
}

function group(key: string, identities: Person[]): PersonGroup {
  const present = (values: (string | null)[]) => values.filter((v): v is string => v !== null);
  return {
    key,
    ids: sortedSet(present(identities.map((i) => i.id))),
    emails: sortedSet(present(identities.map((i) => i.email?.toLowerCase() ?? null))),
    names: sortedSet(present(identities.map((i) => i.name))),
    identities,
    keys: sortedSet(identities.map(personKey)),
  };
}

export function resolvePeople(identities: readonly Person[]): People {
  // Union-find over the id and email nodes.
  const parent = new Map<string, string>();
  const root = (node: string): string => {
    let top = node;
    while (parent.get(top) !== top) top = parent.get(top)!;
    parent.set(node, top);
    return top;
  };
  for (const identity of identities) {
    const nodes = linkNodes(identity);
    for (const node of nodes) if (!parent.has(node)) parent.set(node, node);
    if (nodes.length === 2) {
      const [a, b] = [root(nodes[0]!), root(nodes[1]!)];
      if (a !== b) parent.set(b, a);
    }
  }

  const members = new Map<string, Person[]>();
  const add = (groupId: string, identity: Person) => {
    const list = members.get(groupId);
    if (list) list.push(identity);
    else members.set(groupId, [identity]);
  };
  // Which groups known by id or email carry each folded name.
  const carriers = new Map<string, Set<string>>();
  const nameOnly: Person[] = [];
  for (const identity of identities) {
    const nodes = linkNodes(identity);
    if (nodes.length === 0) {
      nameOnly.push(identity);
      continue;
    }
    const groupId = root(nodes[0]!);
    add(groupId, identity);
    if (identity.name === null) continue;
    const folded = foldName(identity.name);
    const set = carriers.get(folded);
    if (set) set.add(groupId);
    else carriers.set(folded, new Set([groupId]));
  }
  for (const identity of nameOnly) {
    const folded = foldName(identity.name ?? "");
    const owners = carriers.get(folded);
    add(owners?.size === 1 ? [...owners][0]! : `name:${folded}`, identity);
  }

  const groups = [...members].map(([groupId, list]) => {
    const nodes = list.flatMap(linkNodes);
    const ids = nodes.filter((n) => n.startsWith("id:"));
    return group(nodes.length === 0 ? groupId : smallest(ids.length > 0 ? ids : nodes), list);
  });
  const byKey = new Map<string, PersonGroup>();
  for (const g of groups) for (const key of g.keys) byKey.set(key, g);
  return { groups, groupOf: (key) => byKey.get(key) ?? { key, ids: [], emails: [], names: [], identities: [], keys: [key] } };
}

/** The groups these identities belong to (a person filter's matches: the whole of each person). */
export function groupsOf(people: People, identities: readonly Person[]): PersonGroup[] {
  return [...new Set(identities.map((i) => people.groupOf(personKey(i))))];
}

/** Items by the person their stored person key belongs to, in the order people first appear. */
export function groupByPerson<T>(people: People, items: readonly T[], keyOf: (item: T) => string): { group: PersonGroup; items: T[] }[] {
  const byGroup = new Map<string, { group: PersonGroup; items: T[] }>();
  for (const item of items) {
    const group = people.groupOf(keyOf(item));
    const found = byGroup.get(group.key);
    if (found) found.items.push(item);
    else byGroup.set(group.key, { group, items: [item] });
  }
  return [...byGroup.values()];
}

/**
 * A group as a report shows it: the person on its latest rows (newest first; each field from
 * the newest that has it), completed from what the group's identities say.
 */
export function groupPerson(group: PersonGroup, newestFirst: readonly Person[]): Person {
  const first = (field: keyof Person, known: readonly string[]) => newestFirst.find((p) => p[field] !== null)?.[field] ?? known[0] ?? null;
  return { id: first("id", group.ids), name: first("name", group.names), email: first("email", group.emails) };
}

/**
 * Labels for people listed together, told apart where two would read alike (ignoring case
 * and accents): by email, else id, else as known by name only, e.g. "Val (val@x.com)",
 * "Val (id 42)", "Tom (name only)".
 */
export function distinctLabels(people: readonly { key: string; person: Person }[]): Map<string, string> {
  const labelled = people.map(({ key, person }) => ({ key, person, label: personLabel(person), folded: foldName(personLabel(person)) }));
  const alike = new Map<string, number>();
  for (const { folded } of labelled) alike.set(folded, (alike.get(folded) ?? 0) + 1);
  return new Map(
    labelled.map(({ key, person, label, folded }) => {
      if (alike.get(folded)! < 2) return [key, label];
      const tell = person.email !== null ? person.email : person.id !== null ? `id ${person.id}` : "name only";
      return [key, `${label} (${tell})`];
    }),
  );
}
