// The hourly assignment_counts (migration 0010's triggers) against the rows they count:
// after ingest, late events and deletes they must equal a recount, and every report query
// that reads them must answer what the rows alone would, at hour edges included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyFilters, type Filters } from "../../src/domain/report-request.ts";
import { SOURCES } from "../../src/domain/sources.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { mulberry32 } from "../../src/demo/random.ts";
import { assigneeCounts, countBySource, type AssignmentScope } from "../../src/store/queries/assignments.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
const WS = "TCOUNTS";
const OTHER = "TCOUNTS2";
const START = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const PEOPLE = [{ id: "u1", name: "Fox", email: "fox@example.com" }, { id: "u2", name: "Ann" }, { email: "bob@example.com" }, null];

/** 600 assignments over 3 days at random minutes, every source, some unassignments. */
function randomEvents(seed: number, prefix: string): Record<string, unknown>[] {
  const random = mulberry32(seed);
  return Array.from({ length: 600 }, (_, i) =>
    assignment({
      id: `${prefix}-${i}`,
      occurredAt: new Date(START + Math.floor(random() * 3 * DAY)).toISOString(),
      contact: { id: `c-${i % 40}`, name: `Contact ${i % 40}` },
      assignee: PEOPLE[Math.floor(random() * PEOPLE.length)],
      source: SOURCES[Math.floor(random() * SOURCES.length)],
    }),
  );
}

/** assignment_counts as stored, and as a recount of the rows would have it. */
async function storedAndRecounted(): Promise<[unknown[], unknown[]]> {
  const hour = db.raw.sql.dialect === "sqlite" ? "occurred_at - occurred_at % 3600000" : "date_trunc('hour', occurred_at)";
  const order = "ORDER BY workspace_id, hour, source, assignee_id, assignee_name, assignee_email";
  const stored = await db.raw.sql.query(
    `SELECT workspace_id, hour, source, assignee_id, assignee_name, assignee_email, n FROM assignment_counts ${order}`,
  );
  const recounted = await db.raw.sql.query(
    `SELECT workspace_id, ${hour} AS hour, source, COALESCE(assignee_id, '') AS assignee_id, COALESCE(assignee_name, '') AS assignee_name,
            COALESCE(assignee_email, '') AS assignee_email, COUNT(*) AS n
     FROM assignments GROUP BY 1, 2, 3, 4, 5, 6 ${order}`,
  );
  const plain = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, hour: Number(new Date(r.hour as number)), n: Number(r.n) }));
  return [plain(stored), plain(recounted)];
}

/** What the rows alone say: counts by source and the assignees seen, straight from assignments. */
async function fromRows(scope: AssignmentScope): Promise<{ counts: Record<string, [number, number]>; top: string[] }> {
  const at = db.raw.sql.dialect === "sqlite" ? "?" : "TIMESTAMP 'epoch' + ?::float8 * INTERVAL '1 millisecond'";
  const rows = await db.raw.sql.query<{
    source: string;
    assignee_id: string | null;
    assignee_name: string | null;
    assignee_email: string | null;
  }>(
    `SELECT source, assignee_id, assignee_name, assignee_email FROM assignments WHERE workspace_id = ? AND occurred_at >= ${at} AND occurred_at < ${at}`,
    [scope.workspaceId, scope.start, scope.end],
  );
  const counts: Record<string, [number, number]> = {};
  const people = new Map<string, number>();
  for (const r of rows) {
    if (scope.filters.sources.length > 0 && !scope.filters.sources.includes(r.source as never)) continue;
    const unassigned = r.assignee_id === null && r.assignee_name === null && r.assignee_email === null;
    const [n, u] = counts[r.source] ?? [0, 0];
    counts[r.source] = [n + 1, u + (unassigned ? 1 : 0)];
    if (!unassigned) {
      const key = r.assignee_email ?? r.assignee_id ?? r.assignee_name!;
      people.set(key, (people.get(key) ?? 0) + 1);
    }
  }
  return { counts, top: [...people.keys()].sort() };
}

async function fromQueries(scope: AssignmentScope): Promise<{ counts: Record<string, [number, number]>; top: string[] }> {
  const counts = Object.fromEntries(
    (await countBySource(db, scope)).map((c) => [c.source, [c.count, c.unassignments] as [number, number]]),
  );
  const top = (await assigneeCounts(db, scope)).map(({ person: p }) => p.email ?? p.id ?? p.name!).sort();
  return { counts, top };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ingestEvents(db, WS, randomEvents(1, "a"));
  await ingestEvents(db, OTHER, randomEvents(2, "b"));
});

afterAll(async () => {
  await db?.destroy();
});

describe("assignment_counts", () => {
  it("equals a recount of the rows after ingest, a late batch and deletes", async () => {
    let [stored, recounted] = await storedAndRecounted();
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(recounted);

    // A second batch into hours that already have counts, with duplicates of stored ids.
    await ingestEvents(db, WS, [...randomEvents(3, "c").slice(0, 200), ...randomEvents(1, "a").slice(0, 50)]);
    // What retention and erasure do: delete rows, some hours emptied entirely.
    const at = db.raw.sql.dialect === "sqlite" ? "?" : "TIMESTAMP 'epoch' + ?::float8 * INTERVAL '1 millisecond'";
    expect(
      await db.raw.sql.run("DELETE FROM assignments WHERE workspace_id = ? AND contact_id IN ('c-1', 'c-2', 'c-3')", [WS]),
    ).toBeGreaterThan(0);
    expect(
      await db.raw.sql.run(`DELETE FROM assignments WHERE workspace_id = ? AND occurred_at < ${at}`, [OTHER, START + DAY / 2]),
    ).toBeGreaterThan(0);
    [stored, recounted] = await storedAndRecounted();
    expect(stored).toEqual(recounted);
    // No counter is left at zero.
    expect(stored.every((r) => (r as { n: number }).n > 0)).toBe(true);
  });

  const scope = (start: number, end: number, filters: Partial<Filters> = {}): AssignmentScope => ({
    workspaceId: WS,
    start,
    end,
    filters: { ...emptyFilters(), ...filters },
    assignees: null,
  });

  it.each([
    ["whole hours", START + DAY, START + 2 * DAY, {}],
    ["half hours at both ends (a +05:30 zone's day)", START + DAY - 5.5 * 3_600_000, START + 2 * DAY - 5.5 * 3_600_000, {}],
    ["an end at an odd instant, like today's", START + 3_600_000 + 17_000, START + 2 * DAY + 1_234_567, {}],
    ["less than an hour", START + 600_000, START + 3_000_000, {}],
    ["two sources", START, START + 3 * DAY, { sources: ["bot", "user"] as Filters["sources"] }],
  ])("answers as the rows do: %s", async (_label, start, end, filters) => {
    const request = scope(start, end, filters);
    expect(await fromQueries(request)).toEqual(await fromRows(request));
  });

  it("reads the rows when a filter is not in the counts (by:, contact:), and keeps other workspaces out", async () => {
    const request = scope(START, START + 3 * DAY, { contacts: ["c-5"] });
    const counts = await countBySource(db, request);
    const [row] = await db.raw.sql.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ? AND contact_id = 'c-5'",
      [WS],
    );
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(Number(row!.n));
    const [all] = await db.raw.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ?", [WS]);
    const everything = await countBySource(db, scope(START - DAY, START + 4 * DAY));
    expect(everything.reduce((sum, c) => sum + c.count, 0)).toBe(Number(all!.n));
  });
});
