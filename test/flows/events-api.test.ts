import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/ingest/rate-limiter.ts";
import { createToken, revokeToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { postJson, startIngestServer } from "../support/server.ts";

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startIngestServer>>;
let events: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startIngestServer(db);
  events = `${server.url}/api/v1/events`;
  tokenA = (await createToken(db, "TAPIA")).token;
  tokenB = (await createToken(db, "TAPIB")).token;
});
afterAll(async () => {
  await server.close();
  await db.destroy();
});

const countIn = async (ws: string) =>
  Number((await db.raw.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM assignments WHERE workspace_id = ?", [ws]))[0]!.n);

describe("POST /api/v1/events", () => {
  it("stores one event (201), then reports it as a duplicate (200)", async () => {
    const event = assignment();
    const first = await postJson(events, event, tokenA);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ index: 0, id: event.id, status: "stored" });
    const again = await postJson(events, event, tokenA);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
  });

  it("rejects one bad event with 422 and the field path", async () => {
    const response = await postJson(events, assignment({ occurredAt: "2026-11-20 10:00" }), tokenA);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ status: "rejected", errors: [{ path: "occurredAt" }] });
  });

  it("answers a batch per item: stored, duplicate, rejected", async () => {
    const dup = assignment();
    const response = await postJson(events, { events: [dup, dup, assignment({ source: "nope" })] }, tokenA);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ stored: 1, duplicates: 1, rejected: 1 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(["stored", "duplicate", "rejected"]);
  });

  it("the same batch sent twice stores everything once", async () => {
    const batch = { events: Array.from({ length: 50 }, () => assignment()) };
    expect(await (await postJson(events, batch, tokenA)).json()).toMatchObject({ stored: 50 });
    expect(await (await postJson(events, batch, tokenA)).json()).toMatchObject({ stored: 0, duplicates: 50 });
  });

  it.each([
    ["no token", undefined, 401],
    ["unknown token", "ipt_nope", 401],
  ])("refuses %s with 401", async (_name, token, status) => {
    const response = await postJson(events, assignment(), token);
    expect(response.status).toBe(status);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("refuses a revoked token", async () => {
    const { token, info } = await createToken(db, "TAPIA");
    expect((await postJson(events, assignment(), token)).status).toBe(201);
    await revokeToken(db, "TAPIA", info.id);
    expect((await postJson(events, assignment(), token)).status).toBe(401);
  });

  it("415 for a body that is not JSON, 400 for JSON that does not parse", async () => {
    const notJson = await postJson(events, "a,b", tokenA, { "content-type": "text/csv" });
    expect(notJson.status).toBe(415);
    expect((await notJson.json()).error).toContain("application/json");
    const broken = await postJson(events, '{"type":', tokenA);
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toContain("not valid JSON");
  });

  it("400 for a bare array, an empty batch and extra fields beside events", async () => {
    expect((await postJson(events, [assignment()], tokenA)).status).toBe(400);
    expect((await postJson(events, { events: [] }, tokenA)).status).toBe(400);
    expect((await postJson(events, { events: [assignment()], workspace: "TAPIB" }, tokenA)).status).toBe(400);
  });

  it("413 for a 2 MiB body and for 10,001 events; nothing is stored", async () => {
    const before = await countIn("TAPIA");
    const big = await postJson(
      events,
      { events: [assignment({ contact: { id: "c", name: "x".repeat(400) } })], pad: "y".repeat(2 * 1024 * 1024) },
      tokenA,
    );
    expect(big.status).toBe(413);
    const many = Array.from({ length: 10_001 }, () => ({ type: "assignment" }));
    const tooMany = await postJson(events, { events: many }, tokenA);
    expect(tooMany.status).toBe(413);
    const oneTooMany = await postJson(events, { events: Array.from({ length: 1001 }, () => assignment()) }, tokenA);
    expect(oneTooMany.status).toBe(413);
    expect((await oneTooMany.json()).error).toContain("1000");
    expect(await countIn("TAPIA")).toBe(before);
  });

  it("a token writes only into its own workspace", async () => {
    const before = await countIn("TAPIB");
    const event = assignment();
    expect((await postJson(events, event, tokenA)).status).toBe(201);
    // The same id in B is a different event: A's write did not land in B, nor block B.
    expect(await countIn("TAPIB")).toBe(before);
    expect((await postJson(events, event, tokenB)).status).toBe(201);
    expect(await countIn("TAPIB")).toBe(before + 1);
  });

  it("405 for other methods", async () => {
    expect((await fetch(events)).status).toBe(405);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the per-token limit", async () => {
    const limited = await startIngestServer(db, new RateLimiter(60, 2));
    try {
      const url = `${limited.url}/api/v1/events`;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await postJson(url, assignment(), tokenA)).status);
      expect(statuses).toEqual([201, 201, 429]);
      const refused = await postJson(url, assignment(), tokenA);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Another token has its own budget.
      expect((await postJson(url, assignment(), tokenB)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe("token CLI", () => {
  it("prints the new token alone on the last line, and it works", async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: db.url };
    const { stdout } = await run("node", ["bin/inbox-pulse.js", "token", "create", "--workspace", "TCLI1", "--label", "ci"], { env });
    const token = stdout.trimEnd().split("\n").at(-1)!;
    expect(token).toMatch(/^ipt_[A-Za-z0-9_-]{40,}$/);
    expect((await postJson(events, assignment(), token)).status).toBe(201);
    const list = await run("node", ["bin/inbox-pulse.js", "token", "list", "--workspace", "TCLI1"], { env });
    expect(list.stdout).toContain("active");
    expect(list.stdout).not.toContain(token);
    const stored = await db.raw.sql.query<{ token_hash: string }>("SELECT token_hash FROM ingest_tokens WHERE workspace_id = ?", ["TCLI1"]);
    expect(stored[0]!.token_hash).not.toContain(token.slice(4));
  });

  it("explains a missing workspace", async () => {
    const run = promisify(execFile);
    await expect(
      run("node", ["bin/inbox-pulse.js", "token", "create"], { env: { ...process.env, DATABASE_URL: db.url } }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--workspace"),
    });
  });
});
