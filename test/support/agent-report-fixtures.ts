// Hand-built AgentPerformanceReport values for the rendering tests (blocks, chart, terminal,
// CSV): shaped as buildAgentPerformanceReport shapes them, without a database.
import { implicitVersion } from "../../src/domain/schedule-versions.ts";
import { resolvePeriod, type PeriodSpec } from "../../src/domain/periods.ts";
import { previousPeriod } from "../../src/domain/previous-period.ts";
import { emptyFilters, type Filters } from "../../src/domain/report-request.ts";
import { durationStats } from "../../src/domain/statistics.ts";
import type { AgentPerformanceReport, AgentRow, MetricFigures } from "../../src/reports/agent-performance-report.ts";
import { fixtureNotices, NOW, TIME_ZONE } from "./report-fixtures.ts";

/** An agent name that would ping a channel and turn bold if it reached mrkdwn raw. */
export const HOSTILE_AGENT = "<!channel> *x*";
/** An agent name a spreadsheet would run as a formula if the CSV let it. */
export const FORMULA_AGENT = '=HYPERLINK("http://evil.example","click")';

/** One metric's conversations: clock seconds, business seconds, and how many fell in business hours. */
interface Durations {
  seconds: number[];
  businessSeconds: number[];
  inHours: number;
}

interface AgentDurations {
  label: string;
  customers: number;
  firstResponses: Durations;
  resolutions: Durations;
}

const none: Durations = { seconds: [], businessSeconds: [], inHours: 0 };

/**
 * First responses in business hours: average 1 h 12 min, median 54 min, p90 3 h; at any time
 * 5 h 51 min, 2 h, 1 d. Resolutions in business hours 3 h 40 min, 2 h, 8 h; at any time
 * 9 h 20 min, 2 h, 1 d 1 h.
 */
const CAMILLE: AgentDurations = {
  label: "Camille Martin",
  customers: 4,
  firstResponses: { seconds: [900, 1800, 7200, 9000, 86_400], businessSeconds: [600, 1200, 3240, 5760, 10_800], inHours: 4 },
  resolutions: { seconds: [3600, 7200, 90_000], businessSeconds: [3600, 7200, 28_800], inHours: 2 },
};

/** Resolutions only: no first-response figures at all. */
const DOMINIQUE: AgentDurations = {
  label: "Dominique Lefèvre",
  customers: 1,
  firstResponses: none,
  resolutions: { seconds: [1800], businessSeconds: [1800], inHours: 1 },
};

const hostile = (label: string, reply: number): AgentDurations => ({
  label,
  customers: 2,
  firstResponses: { seconds: [reply, reply * 2], businessSeconds: [reply, reply], inHours: 2 },
  resolutions: none,
});

/** Agent 004 onwards: i % 7 + 1 conversations each way, a few minutes apiece. */
function generated(i: number): AgentDurations {
  const durations = (base: number): Durations => {
    const seconds = Array.from({ length: (i % 7) + 1 }, (_, j) => base * (j + 1) + i * 60);
    return { seconds, businessSeconds: seconds.map((s) => Math.round(s / 2)), inHours: Math.ceil(seconds.length / 2) };
  };
  return {
    label: `Agent ${String(i).padStart(3, "0")}`,
    customers: (i % 7) + 1,
    firstResponses: durations(600),
    resolutions: durations(3600),
  };
}

const figures = (d: Durations): MetricFigures => ({
  count: d.seconds.length,
  countInHours: d.inHours,
  businessHours: durationStats(d.businessSeconds),
  anyTime: durationStats(d.seconds),
});

const row = (agentKey: string | null, a: AgentDurations): AgentRow => ({
  agentKey,
  label: a.label,
  person: agentKey === null ? null : { id: null, name: a.label, email: null },
  customers: a.customers,
  firstResponse: figures(a.firstResponses),
  resolution: figures(a.resolutions),
});

const merge = (all: Durations[]): Durations => ({
  seconds: all.flatMap((d) => d.seconds),
  businessSeconds: all.flatMap((d) => d.businessSeconds),
  inHours: all.reduce((sum, d) => sum + d.inHours, 0),
});

export interface AgentReportFixture {
  /** How many agents: Camille, Dominique, the hostile and the formula names first, then generated ones. */
  agents?: number;
  filters?: Partial<Filters>;
  period?: PeriodSpec;
  /** Multiplies every duration: 1.25 for a period a quarter slower. */
  durationFactor?: number;
  /** The previous period's: the same agents, every duration times this (default 1.25: slower then); "empty": no data then. */
  previousFactor?: number | "empty";
}

const scaled = (d: Durations, factor: number): Durations => ({
  ...d,
  seconds: d.seconds.map((s) => s * factor),
  businessSeconds: d.businessSeconds.map((s) => s * factor),
});

/** By default: 12 agents, last 30 days in Paris, Mon-Fri 09:00-17:00. */
export function buildAgentReport(fixture: AgentReportFixture = {}): AgentPerformanceReport {
  const count = fixture.agents ?? 12;
  const filters = { ...emptyFilters(), ...fixture.filters };
  const period = resolvePeriod(fixture.period ?? { preset: "last-30-days" }, TIME_ZONE, NOW);
  const named = [CAMILLE, DOMINIQUE, hostile(HOSTILE_AGENT, 300), hostile(FORMULA_AGENT, 420)];
  const factor = fixture.durationFactor ?? 1;
  const all = Array.from({ length: count }, (_, i) => named[i] ?? generated(i));
  const agentsAt = (f: number) =>
    all.map((a) => ({ ...a, firstResponses: scaled(a.firstResponses, f), resolutions: scaled(a.resolutions, f) }));
  const teamOf = (agents: AgentDurations[]) =>
    row(null, {
      label: "Team",
      customers: agents.reduce((sum, a) => sum + a.customers, 0),
      firstResponses: merge(agents.map((a) => a.firstResponses)),
      resolutions: merge(agents.map((a) => a.resolutions)),
    });
  const agents = agentsAt(factor);
  const before = fixture.previousFactor === "empty" ? [] : agentsAt(factor * (fixture.previousFactor ?? 1.25));
  const average = (r: AgentRow) => r.firstResponse.businessHours.average ?? -1;
  return {
    report: "agent-performance",
    request: { report: "agent-performance", period: period.spec, filters, page: 0 },
    period,
    schedules: [implicitVersion(TIME_ZONE)],
    team: teamOf(agents),
    // Slowest first, as the report orders them.
    agents: agents.map((a, i) => row(`id:agent-${i}`, a)).sort((a, b) => average(b) - average(a) || a.label.localeCompare(b.label)),
    previous: {
      period: previousPeriod(period),
      team: teamOf(before),
    },
    notices: fixtureNotices("agent-performance", filters, count === 0),
  };
}
