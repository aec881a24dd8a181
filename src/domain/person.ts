// A person (agent, assignee, assigner) as the inbox sends it: any of id, name, email.
export interface Person {
  id: string | null;
  name: string | null;
  email: string | null;
}

/**
 * The key of what one event says about a person: id, else email (any case), else name.
 * Events with different keys can still be one person (src/domain/person-identities.ts).
 */
export function personKey(person: Person): string {
  if (person.id !== null) return `id:${person.id}`;
  if (person.email !== null) return `email:${person.email.toLowerCase()}`;
  return `name:${person.name ?? ""}`;
}

/** How a person is shown: name, else email, else id. */
export function personLabel(person: Person | null): string {
  if (person === null) return "-";
  return person.name ?? person.email ?? person.id ?? "-";
}

export function personFromColumns(id: unknown, name: unknown, email: unknown): Person | null {
  if (id === null && name === null && email === null) return null;
  return { id: (id as string | null) ?? null, name: (name as string | null) ?? null, email: (email as string | null) ?? null };
}
