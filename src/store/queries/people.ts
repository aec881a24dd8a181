// Reports' reads of who is who (person_identities, kept by src/store/events/person-identities.ts):
// a stream's people, resolved from all its identities, and those a person filter selects.
import { groupsOf, resolvePeople, type People, type PersonGroup } from "../../domain/person-identities.ts";
import { personFromColumns } from "../../domain/person.ts";
import { engineOf, type Database } from "../engine/database.ts";
import type { Param } from "../engine/sql.ts";
import type { IdentityStream } from "../events/person-identities.ts";
import { personMatch } from "./filter-sql.ts";

type IdentityRow = { person_id: string; person_name: string; person_email: string };
const identity = (r: IdentityRow) => personFromColumns(r.person_id || null, r.person_name || null, r.person_email || null)!;

/** The people of the workspace's stream, resolved from all its identities. */
export async function streamPeople(db: Database, workspaceId: string, stream: IdentityStream): Promise<People> {
  const rows = await engineOf(db).reader.query<IdentityRow>(
    "SELECT person_id, person_name, person_email FROM person_identities WHERE workspace_id = ? AND stream = ?",
    [workspaceId, stream],
  );
  return resolvePeople(rows.map(identity));
}

/**
 * The people a person filter selects: each one with an identity that one of the values
 * matches (the id exactly, the email ignoring case, part of the name ignoring case and accents,
 * as the report filters match them), with all their identities.
 */
export async function filteredPeople(
  db: Database,
  workspaceId: string,
  stream: IdentityStream,
  people: People,
  values: readonly string[],
): Promise<PersonGroup[]> {
  const { reader } = engineOf(db);
  const params: Param[] = [workspaceId, stream];
  const match = personMatch(reader.dialect, "person", values, params);
  const rows = await reader.query<IdentityRow>(
    `SELECT person_id, person_name, person_email FROM person_identities WHERE workspace_id = ? AND stream = ? AND ${match}`,
    params,
  );
  return groupsOf(people, rows.map(identity));
}
