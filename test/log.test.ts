// The logger's safety net: whatever a caller passes, secrets never reach the log line.
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "../src/log.ts";

function logged(fields: Record<string, unknown>, msg = "event"): Record<string, unknown> {
  const lines: string[] = [];
  createLogger("debug", (line) => void lines.push(line)).info(msg, fields);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

describe("log redaction", () => {
  it("replaces the values of fields that name secrets, at any depth", () => {
    const line = logged({
      token: "anything",
      botToken: "anything",
      client_secret: "anything",
      headers: { Authorization: "Basic abc", cookie: "sid=1", "x-api-key": "k" },
      password: "p",
      key: "k",
      signingKey: "k",
      code: "oauth-code",
      list: [{ accessToken: "t" }],
    });
    expect(line).toMatchObject({
      token: REDACTED,
      botToken: REDACTED,
      client_secret: REDACTED,
      headers: { Authorization: REDACTED, cookie: REDACTED, "x-api-key": REDACTED },
      password: REDACTED,
      key: REDACTED,
      signingKey: REDACTED,
      code: REDACTED,
      list: [{ accessToken: REDACTED }],
    });
  });

  it("keeps ids, counts and keys that only look like secret names", () => {
    const fields = { tokenId: "tok_1a2b", periodKey: "2026-W10", workspaceId: "T0001", stored: 3, errorCode: "channel_not_found" };
    expect(logged(fields)).toMatchObject(fields);
  });

  it("keeps counts, flags and nulls under secret names, and redacts anything else there", () => {
    // The erase log line: rows deleted per table.
    const counts = { rowsErased: { ingest_tokens: 3, webhook_secrets: 1, assignments: 120 }, tokens: 0, hasToken: true, secret: null };
    expect(logged(counts)).toMatchObject(counts);
    const line = logged({ tokens: ["xoxb-1"], secret: { value: "s" }, signingSecret: "12", password: "" });
    expect(line).toMatchObject({ tokens: REDACTED, secret: REDACTED, signingSecret: REDACTED, password: REDACTED });
  });

  it("replaces Slack tokens, ingest tokens and bearer credentials inside any string", () => {
    const line = logged(
      {
        error: "An API error occurred: invalid_auth for xoxb-1234-5678-abcdef",
        detail: ["user xoxp-1-2-3-abc", "app xapp-1-A0B1-123-abcdef", "refresh xoxe.xoxp-1-Mi0yLTE", "ingest ipt_Q2hlY2tzdW0tbm90LXJlYWw"],
        header: "Authorization: Bearer s3cr3t-value",
        cause: new Error("token xoxb-9-9-zz rejected"),
      },
      "failed with xoxb-0-0-leak",
    );
    const text = JSON.stringify(line);
    for (const secret of ["xoxb-", "xoxp-", "xapp-", "xoxe", "ipt_", "s3cr3t"]) expect(text).not.toContain(secret);
    expect(line.error).toBe(`An API error occurred: invalid_auth for ${REDACTED}`);
    expect(line.cause).toBe(`token ${REDACTED} rejected`);
    expect(line.msg).toBe(`failed with ${REDACTED}`);
  });

  it("leaves ordinary text alone and does not change the caller's object", () => {
    const fields = { note: "xoxo and ipt are words", nested: { token: "t" } };
    expect(logged(fields)).toMatchObject({ note: "xoxo and ipt are words", nested: { token: REDACTED } });
    expect(fields.nested.token).toBe("t");
  });
});
