import { z } from "zod";
import { describe, expect, it } from "vitest";
import { formatPath, issueErrors } from "../../src/domain/field-errors.ts";

describe("field errors", () => {
  it("name the field as a path, the whole value when the issue is about all of it", () => {
    expect(formatPath(["contact", "id"])).toBe("contact.id");
    expect(formatPath(["intervals", 2, "end"])).toBe("intervals[2].end");
    expect(formatPath([])).toBe("");
    const schema = z.strictObject({ contact: z.strictObject({ id: z.string({ error: "expected an id" }) }) });
    const result = schema.safeParse({ contact: { id: 7 }, extra: 1 });
    expect(result.success || issueErrors(result.error.issues, "(event)")).toEqual([
      { path: "contact.id", message: "expected an id" },
      { path: "(event)", message: "unknown field(s): extra" },
    ]);
  });
});
