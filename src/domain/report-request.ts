// What a report is asked for, whoever asks (slash command, button, digest, CLI). Plain
// data that round-trips through Slack action values, so it is validated when it comes back.
import { z } from "zod";
import { SOURCES } from "./sources.ts";
import { customRangeError, PRESETS } from "./periods.ts";

export const REPORTS = ["assignments", "agent-performance"] as const;
export type ReportName = (typeof REPORTS)[number];

/** The report of that exact name ("assignments", "agent-performance"); undefined for any other word. */
export function reportNamed(word: string): ReportName | undefined {
  return REPORTS.find((report) => report === word);
}

const text = z.string().trim().min(1).max(200);

const periodSpecSchema = z.union([
  z.strictObject({ preset: z.enum(PRESETS) }),
  z
    .strictObject({ from: z.string(), to: z.string() })
    .refine((r) => customRangeError(r.from, r.to) === null, { error: "invalid date range" }),
]);

const filtersSchema = z.strictObject({
  sources: z.array(z.enum(SOURCES)).max(SOURCES.length).default([]),
  assignees: z.array(text).max(10).default([]),
  assignedBy: z.array(text).max(10).default([]),
  contacts: z.array(text).max(10).default([]),
  conversations: z.array(text).max(10).default([]),
  agents: z.array(text).max(10).default([]),
});

export const reportRequestSchema = z.strictObject({
  report: z.enum(REPORTS),
  period: periodSpecSchema,
  filters: filtersSchema,
  page: z.number().int().min(0).max(10_000).default(0),
});

export type Filters = z.output<typeof filtersSchema>;
export type ReportRequest = z.output<typeof reportRequestSchema>;

export const FILTER_NAMES: Record<keyof Filters, string> = {
  sources: "source",
  assignees: "assignee",
  assignedBy: "by",
  contacts: "contact",
  conversations: "conversation",
  agents: "agent",
};

export function emptyFilters(): Filters {
  return { sources: [], assignees: [], assignedBy: [], contacts: [], conversations: [], agents: [] };
}
