// The hourly assignment_counts (docs/definitions.md, "Assignments"). Inserts have one path, the ingest's
// insertAssignments, which adds each batch's stored rows here in one statement: a trigger
// per inserted row would halve SQLite's insert rate. Deletes come from several places
// (retention, erasure), so a trigger counts them down (migration 0010).
import type { Person } from "../../domain/person.ts";
import { pgMillisToTimestamp, type Param, type SqlExecutor } from "../engine/sql.ts";

const HOUR = 3_600_000;
// 7 parameters a row, under SQLite's 32,766.
const SQLITE_CHUNK = 4000;
const KEY = "workspace_id, hour, source, assignee_id, assignee_name, assignee_email";
const ADD = `ON CONFLICT (${KEY}) DO UPDATE SET n = assignment_counts.n + excluded.n`;

export interface CountedAssignment {
  occurredAt: number;
  source: string;
  assignee: Person | null;
}

export async function addAssignmentCounts(tx: SqlExecutor, workspaceId: string, rows: readonly CountedAssignment[]): Promise<void> {
  const counts = new Map<string, Param[]>();
  for (const r of rows) {
    // As the delete trigger computes it (SQLite's % truncates like JavaScript's).
    const hour = r.occurredAt - (r.occurredAt % HOUR);
    // An absent column is '' (the key is unique; NULLs would all be distinct).
    const [id, name, email] = [r.assignee?.id ?? "", r.assignee?.name ?? "", r.assignee?.email ?? ""];
    // NUL cannot occur in the parts (text from JSON is validated, hour and source are ours).
    const key = `${hour}\u0000${r.source}\u0000${id}\u0000${name}\u0000${email}`;
    const found = counts.get(key);
    if (found) found[6] = (found[6] as number) + 1;
    else counts.set(key, [workspaceId, hour, r.source, id, name, email, 1]);
  }
  if (counts.size === 0) return;
  // In any order: on PostgreSQL a workspace's counters are written under its assignment lock
  // (src/store/events/workspace-writes.ts), so two writers never take them in opposite orders.
  const values = [...counts.values()];
  if (tx.dialect === "sqlite") {
    // Multi-row statements: one statement per counter cost as much as the counting saves.
    for (let start = 0; start < values.length; start += SQLITE_CHUNK) {
      const chunk = values.slice(start, start + SQLITE_CHUNK);
      await tx.run(
        `INSERT INTO assignment_counts (${KEY}, n) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")} ${ADD}`,
        chunk.flat(),
      );
    }
    return;
  }
  await tx.run(
    `INSERT INTO assignment_counts (${KEY}, n)
     SELECT u.w, ${pgMillisToTimestamp("u.h")}, u.s, u.ai, u.an, u.ae, u.n
     FROM unnest(?::text[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[]) AS u(w, h, s, ai, an, ae, n) ${ADD}`,
    values[0]!.map((_, column) => values.map((v) => v[column]!)) as unknown as Param[],
  );
}
