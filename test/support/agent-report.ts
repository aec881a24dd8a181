// /agent-performance as the command text asks for it, built at a fixed instant (tests).
import { parseCommandText } from "../../src/domain/command-text.ts";
import type { AgentPerformanceReport, AgentRow } from "../../src/reports/agent-performance-report.ts";
import { buildReport } from "../../src/reports/build-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import type { Database } from "../../src/store/engine/database.ts";

export async function agentPerformance(db: Database, workspaceId: string, text: string): Promise<AgentPerformanceReport> {
  const parsed = parseCommandText("agent-performance", text);
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  const result = await buildReport(await loadReportContext(db, workspaceId, Date.parse("2026-11-23T12:00:00Z")), parsed.request);
  if (result.report !== "agent-performance") throw new Error(`built ${result.report}`);
  return result;
}

export const agentRow = (r: AgentPerformanceReport, label: string) => r.agents.find((a) => a.label === label) as AgentRow;
