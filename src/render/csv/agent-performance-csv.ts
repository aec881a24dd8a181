// The agent-performance report as CSV: a line per agent, then the team's. Every duration
// twice, in seconds for spreadsheets and in words as the report shows it; cells that a
// spreadsheet cannot run as formulas (csvCell).
import { csvLine } from "../../domain/csv-cell.ts";
import type { DurationStats } from "../../domain/statistics.ts";
import type { AgentPerformanceReport, AgentRow } from "../../reports/agent-performance-report.ts";
import { durationWords, FIGURES } from "../words/agent-performance-words.ts";

const STATS: [keyof DurationStats, string][] = [
  ["average", "avg"],
  ["median", "median"],
  ["p90", "p90"],
];

/** e.g. "First responses (business hours)", "First response avg, business hours (s)", "First response avg, business hours". */
const AGENT_CSV_COLUMNS: readonly string[] = [
  "Agent",
  // As on the agent's latest credited conversation (else as another of their events gave them).
  "Agent email",
  "Agent ID",
  "Customers",
  ...FIGURES.flatMap((f) => [
    f.countName,
    ...STATS.flatMap(([, name]) => [`${f.metric} ${name}, ${f.scope} (s)`, `${f.metric} ${name}, ${f.scope}`]),
  ]),
];

/** Whole seconds (the inputs are whole seconds; an average's fraction says nothing); none (`-`) when there is no value. */
const secondsCell = (seconds: number | null) => (seconds === null ? null : String(Math.round(seconds)));
const wordsCell = (seconds: number | null) => (seconds === null ? null : durationWords(seconds));

function agentCsvLine(row: AgentRow): string {
  return csvLine([
    row.label,
    row.person?.email ?? null,
    row.person?.id ?? null,
    String(row.customers),
    ...FIGURES.flatMap((f) => {
      const stats = f.stats(row);
      return [String(f.count(row)), ...STATS.flatMap(([key]) => [secondsCell(stats[key]), wordsCell(stats[key])])];
    }),
  ]);
}

/** Writes the CSV: the header, a line per agent in the report's order, then the team's line. */
export async function writeAgentPerformanceCsv(
  report: AgentPerformanceReport,
  write: (chunk: string) => void | Promise<void>,
): Promise<void> {
  await write(csvLine(AGENT_CSV_COLUMNS));
  for (const row of [...report.agents, report.team]) await write(agentCsvLine(row));
}
