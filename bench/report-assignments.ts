// /assignments last-30-days on 1,000,000 assignments (the whole period): `buildReport`
// (counts by source + the first log page, as Slack asks for them) beside the same two
// statements sent raw through the driver to the same database in the same process, so the
// ratio is the project's own overhead (Prisma settings lookup, SQL layer, worker hop, row
// mapping). Both read the hourly assignment_counts of migration 0010 (a local-day period in
// Europe/Paris is whole UTC hours). Then, if a target is missed, the plans.
import { applyScheduleChange } from "../src/store/workspace/schedule-changes.ts";
import { resolvePeriod } from "../src/domain/periods.ts";
import { emptyFilters, type Filters, type ReportRequest } from "../src/domain/report-request.ts";
import type { Source } from "../src/domain/sources.ts";
import type { AssignmentsReport } from "../src/reports/assignments-report.ts";
import { buildReport } from "../src/reports/build-report.ts";
import { loadReportContext } from "../src/reports/report-context.ts";
import type { Database as AppDatabase } from "../src/store/engine/database.ts";
import type { Param } from "../src/store/engine/sql.ts";
import { foldName } from "../src/domain/name-matching.ts";
import { assignmentFacts, toEvent, type Agent, type Fact } from "./lib/events.ts";
import { WORKSPACE, ingestBatches } from "./lib/ingest-bench.ts";
import { comparePaths, latencyRow, type Latency } from "./lib/latency.ts";
import { postgresReportBackend, sqliteReportBackend, type ReportBackend } from "./lib/report-backend.ts";
import { benchSize, envInt, int, rate, perSecond, secs, timed, type BenchResult, type TableRow } from "./lib/report.ts";

const RUNS = envInt("BENCH_RUNS", 30);
const WARMUPS = 3;
const TIME_ZONE = "Europe/Paris";
const TARGET = { maxMs: 300, maxRatio: 2 };
const PAGE = 20;

/**
 * The generator's traffic, stretched so that `count` events cover [start, end): its gaps
 * average 1.5 s (1M events = 17 days); a month of a busy inbox is what the report sees.
 */
function* monthOfTraffic(count: number, start: number, end: number): Generator<Fact> {
  const scale = (end - start) / (count * 1500.5 * 1.02);
  let first: number | undefined;
  for (const fact of assignmentFacts(count, { contacts: 50_000, agents: 10, startMs: 0 })) {
    first ??= fact.at;
    const at = start + Math.round((fact.at - first) * scale);
    // Keep the sender's offset style (some +02:00, most Z): both are in the contract.
    const iso = fact.iso.endsWith("Z") ? new Date(at).toISOString() : `${new Date(at + 7_200_000).toISOString().slice(0, 23)}+02:00`;
    yield { ...fact, at, iso };
  }
}

/** Loads the month through ingestEvents in batches of 10,000; returns the load time and one agent. */
async function loadMonth(db: AppDatabase, count: number, start: number, end: number): Promise<{ ms: number; agent: Agent }> {
  let agent: Agent | null = null;
  const { ms } = await timed(async () => {
    let batch: Record<string, unknown>[] = [];
    for (const fact of monthOfTraffic(count, start, end)) {
      agent ??= fact.assignee;
      batch.push(toEvent(fact));
      if (batch.length === 10_000) {
        await ingestBatches(db.sql, WORKSPACE, [batch]);
        batch = [];
      }
    }
    if (batch.length > 0) await ingestBatches(db.sql, WORKSPACE, [batch]);
  });
  return { ms, agent: agent! };
}

interface Scenario {
  label: string;
  filters: Partial<Filters>;
  /** The same filter, written by hand for the baseline. */
  where: string;
  params: Param[];
  /** A filter assignment_counts does not hold: the counts come from the rows. */
  rows?: true;
  /** A contact that matches no one: the report reads the period's contact names for suggestions, and no page. */
  names?: true;
}

// A last name of the generator's contacts (a tenth of them), and a typo of it.
const CONTACT_PART = "dubois";
const CONTACT_TYPO = "duboiz";

function scenarios(agent: Agent): Scenario[] {
  const source: Source = "bot";
  // assignee: selects a person (person_identities), then their stored keys: the generator's
  // agents always send the same id, so by hand it is that id. contact: as
  // src/store/queries/filter-sql.ts writes it: the id exactly, or part of the folded name.
  const person = " AND assignee_id = ?";
  const contact = " AND (contact_id = ? OR contact_name_folded LIKE ? ESCAPE '\\')";
  const like = (value: string) => `%${foldName(value)}%`;
  return [
    { label: "no filter", filters: {}, where: "", params: [] },
    { label: `source:${source}`, filters: { sources: [source] }, where: " AND source = ?", params: [source] },
    { label: "assignee:<agent email>", filters: { assignees: [agent.email] }, where: person, params: [agent.id] },
    { label: "assignee:<agent name>", filters: { assignees: [agent.name] }, where: person, params: [agent.id] },
    {
      label: `contact:${CONTACT_PART}`,
      filters: { contacts: [CONTACT_PART] },
      where: contact,
      params: [CONTACT_PART, like(CONTACT_PART)],
      rows: true,
    },
    {
      label: `contact:${CONTACT_TYPO} (no match: suggestions)`,
      filters: { contacts: [CONTACT_TYPO] },
      where: contact,
      params: [CONTACT_TYPO, like(CONTACT_TYPO)],
      rows: true,
      names: true,
    },
  ];
}

const LOG_COLUMNS = `event_id, occurred_at, conversation_id, contact_id, contact_name, previous_assignee_id, previous_assignee_name,
  previous_assignee_email, assignee_id, assignee_name, assignee_email, source, assigned_by_id, assigned_by_name, assigned_by_email`;

/** The baseline: the two statements the report needs, as one would write them by hand. */
function baselineSql(backend: ReportBackend, scenario: Scenario, start: number, end: number) {
  const period = (column: string) => `workspace_id = ? AND ${column} >= ${backend.at} AND ${column} < ${backend.at}`;
  const range = (column: string) => `${period(column)}${scenario.where}`;
  const where = range("occurred_at");
  const periodParams = [WORKSPACE, backend.atValue(start), backend.atValue(end)];
  const params = [...periodParams, ...scenario.params];
  return {
    counts: {
      sql: scenario.rows
        ? `SELECT source, COUNT(*) AS n, SUM(CASE WHEN assignee_id IS NULL AND assignee_name IS NULL AND assignee_email IS NULL THEN 1 ELSE 0 END) AS unassigned
           FROM assignments WHERE ${where} GROUP BY source`
        : `SELECT source, SUM(n) AS n, SUM(CASE WHEN assignee_id = '' AND assignee_name = '' AND assignee_email = '' THEN n ELSE 0 END) AS unassigned
           FROM assignment_counts WHERE ${range("hour")} GROUP BY source`,
      params,
    },
    page: { sql: `SELECT ${LOG_COLUMNS} FROM assignments WHERE ${where} ORDER BY occurred_at DESC, event_id DESC LIMIT ${PAGE}`, params },
    names: {
      sql: `SELECT DISTINCT contact_name AS name FROM assignments WHERE ${period("occurred_at")} AND contact_name IS NOT NULL`,
      params: periodParams,
    },
  };
}

type Baseline = { counts: { source: string; n: number | string }[]; page: { event_id: string }[]; names?: unknown[] };

/** Throws unless the report and the baseline agree: same counts per source, same first page. */
function verify(label: string, report: AssignmentsReport, baseline: Baseline): void {
  const counts = (pairs: [string, number][]) => JSON.stringify(pairs.sort(([a], [b]) => a.localeCompare(b)));
  const mine = counts(report.bySource.map((s) => [s.source, s.count]));
  const theirs = counts(baseline.counts.map((c) => [c.source, Number(c.n)]));
  const ids = (rows: readonly { eventId?: string; event_id?: string }[]) => rows.map((r) => r.eventId ?? r.event_id).join(",");
  if (mine !== theirs) throw new Error(`${label}: report counts ${mine} differ from the baseline's ${theirs}`);
  if (ids(report.log.rows) !== ids(baseline.page) || report.log.rows.length !== Math.min(PAGE, report.total)) {
    throw new Error(`${label}: the report's first page differs from the baseline's`);
  }
  if (baseline.names && !report.notices.some((n) => n.kind === "no_match" && n.text.includes("Did you mean"))) {
    throw new Error(`${label}: the report suggests no name`);
  }
}

interface Measured {
  scenario: Scenario;
  path: Latency;
  baseline: Latency;
  total: number;
}

/** buildReport beside the raw statements for each scenario, results verified equal. */
async function measure(
  backend: ReportBackend,
  list: Scenario[],
  now: number,
  start: number,
  end: number,
  runs: number,
  warmups: number,
): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const scenario of list) {
    const request: ReportRequest = {
      report: "assignments",
      period: { preset: "last-30-days" },
      filters: { ...emptyFilters(), ...scenario.filters },
      page: 0,
    };
    const sql = baselineSql(backend, scenario, start, end);
    const result = await comparePaths(
      runs,
      warmups,
      () => loadReportContext(backend.db, WORKSPACE, now).then((context) => buildReport(context, request)) as Promise<AssignmentsReport>,
      async (): Promise<Baseline> => ({
        counts: await backend.raw(sql.counts.sql, sql.counts.params),
        // As the report: no page when nothing matched, the period's names instead.
        page: scenario.names ? [] : await backend.raw(sql.page.sql, sql.page.params),
        ...(scenario.names ? { names: await backend.raw(sql.names.sql, sql.names.params) } : {}),
      }),
    );
    verify(`${backend.name} ${scenario.label}`, result.lastPath, result.lastBaseline);
    out.push({ scenario, path: result.path, baseline: result.baseline, total: result.lastPath.total });
  }
  return out;
}

async function runReportBench(backend: ReportBackend | string): Promise<BenchResult> {
  if (typeof backend === "string") return { rows: [], notes: [backend] };
  const count = benchSize(1_000_000);
  const notes: string[] = [];
  const rows: TableRow[] = [];
  try {
    await applyScheduleChange(backend.db.sql, WORKSPACE, { kind: "time-zone", timeZone: TIME_ZONE, from: null });
    const now = Date.now();
    const { start, end } = resolvePeriod({ preset: "last-30-days" }, TIME_ZONE, now);
    // Every event inside the period (the report's worst case), none in the future.
    const load = await loadMonth(backend.db, count, start + 60_000, now - 3_600_000);
    notes.push(
      `loaded ${int(count)} events (50,000 contacts, 10 agents, 10 sources) through ingestEvents in ${secs(load.ms)} (${rate(perSecond(count, load.ms))}), not timed below`,
    );
    await backend.settle(["assignments"]);

    const list = scenarios(load.agent);
    const measured = await measure(backend, list, now, start, end, RUNS, WARMUPS);
    for (const m of measured) {
      rows.push(
        latencyRow(
          `${backend.name}: /assignments last-30-days, ${m.scenario.label}, ${int(m.total)} rows`,
          m.path,
          m.baseline,
          backend.rawLabel,
          TARGET,
        ),
      );
    }
    notes.push(
      `${RUNS} runs each after ${WARMUPS} warm-ups, report and baseline alternating; results verified equal (counts by source, first page's ids)`,
    );

    const missed = measured.filter((m) => m.path.p95 > TARGET.maxMs || m.path.p95 / m.baseline.p95 > TARGET.maxRatio);
    // BENCH_DIAGNOSE=1: plans and candidate fixes even when every target is met.
    if (missed.length > 0 || process.env.BENCH_DIAGNOSE === "1") {
      notes.push(...(await diagnose(backend, missed.length > 0 ? missed.map((m) => m.scenario) : list, start, end)));
    }
    return { rows, notes };
  } finally {
    await backend.close();
  }
}

/** The plans of the scenarios that missed. */
async function diagnose(backend: ReportBackend, missed: Scenario[], start: number, end: number): Promise<string[]> {
  const notes: string[] = [];
  for (const scenario of missed) {
    const { counts, page } = baselineSql(backend, scenario, start, end);
    notes.push(`plan of the counts, ${scenario.label}:`, ...(await backend.explain(counts.sql, counts.params)).map((l) => `    ${l}`));
    if (scenario === missed[0])
      notes.push("plan of the first page:", ...(await backend.explain(page.sql, page.params)).map((l) => `    ${l}`));
  }
  return notes;
}

export async function run(): Promise<BenchResult> {
  const sqlite = await runReportBench(await sqliteReportBackend("report-assignments"));
  const postgres = await runReportBench(await postgresReportBackend("report_assignments"));
  return {
    rows: [...sqlite.rows, ...postgres.rows],
    notes: [...sqlite.notes.map((n) => `SQLite: ${n}`), ...postgres.notes.map((n) => `PostgreSQL: ${n}`)],
  };
}
