// A problem with one field of something submitted (an event, a CSV row, a schedule), as
// every answer that lists them words it: where, then what is wrong there.
import type { z } from "zod";

export interface FieldError {
  /** e.g. `contact.id`, `intervals[2].end`. */
  path: string;
  message: string;
}

/** A zod issue path as `a.b[2].c`; "" for the whole value. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

/** zod's issues as field errors; `whole` names the value itself when the issue is about all of it. */
export function issueErrors(issues: readonly z.core.$ZodIssue[], whole: string): FieldError[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path) || whole,
    message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
}
