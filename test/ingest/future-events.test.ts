// Events dated in the future: rejected at ingest when more than 5 minutes after their
// receipt, whichever way they come in (API, respond.io webhook, CSV), and not counted in
// `today` before their time when within those 5 minutes. The clock is injected.
import { createHmac } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/csv-import.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { RateLimiter } from "../../src/ingest/rate-limiter.ts";
import { buildReport } from "../../src/reports/build-report.ts";
import { loadReportContext } from "../../src/reports/report-context.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { setWebhookSecret } from "../../src/store/workspace/webhook-secrets.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { emptyFilters, type ReportRequest } from "../../src/domain/report-request.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment, emailEvent } from "../support/events.ts";
import { postJson, startIngestServer } from "../support/server.ts";

const NOW = Date.parse("2026-11-23T10:00:00Z");
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const TOO_LATE = (at: number) =>
  `${iso(at)} is in the future: it was received at ${iso(NOW)}, and an event may be dated at most 5 minutes after its receipt (check the sender's clock and time zone)`;

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startIngestServer>>;
let token: string;
const WS = "TFUTURE";
const KEY = "future-key";

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startIngestServer(db, new RateLimiter(1_000_000, 1_000_000), () => NOW);
  token = (await createToken(db.prisma, WS)).token;
  await setWebhookSecret(db.prisma, WS, KEY);
});
afterAll(async () => {
  await server.close();
  await db.destroy();
});

const storedIds = async (table: "assignments" | "email_events" | "contact_conversation_events") =>
  (await db.sql.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE workspace_id = ? ORDER BY event_id`, [WS])).map(
    (r) => r.event_id,
  );

describe("events dated in the future", () => {
  it("API: up to 5 minutes ahead is stored; later is rejected, naming occurredAt, the receipt and the skew", async () => {
    const edge = assignment({ id: "api-edge", occurredAt: iso(NOW + 5 * MINUTE) });
    const late = assignment({ id: "api-late", occurredAt: iso(NOW + 5 * MINUTE + 1000) });
    const email = emailEvent("email.received", { id: "api-mail", occurredAt: "2026-11-24T10:00:00+01:00" });
    const response = await postJson(`${server.url}/api/v1/events`, { events: [edge, late, email] }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      stored: 1,
      rejected: 2,
      results: [
        { index: 0, status: "stored" },
        { index: 1, id: "api-late", status: "rejected", errors: [{ path: "occurredAt", message: TOO_LATE(NOW + 5 * MINUTE + 1000) }] },
        {
          index: 2,
          id: "api-mail",
          status: "rejected",
          errors: [{ path: "occurredAt", message: TOO_LATE(Date.parse("2026-11-24T09:00:00Z")) }],
        },
      ],
    });
    expect(await storedIds("assignments")).toEqual(["api-edge"]);
    expect(await storedIds("email_events")).toEqual([]);
  });

  it("respond.io webhook: a future timestamp or conversation time is rejected with 422 naming the payload's field", async () => {
    const send = (payload: unknown) => {
      const body = JSON.stringify(payload);
      const signature = createHmac("sha256", KEY).update(body).digest("base64");
      return postJson(`${server.url}/webhooks/respondio?workspace=${WS}`, body, undefined, { "x-webhook-signature": signature });
    };
    const inAnHour = (NOW + 60 * MINUTE) / 1000;
    const contact = { id: 5, firstName: "Joe" };
    const assigned = await send({
      event_type: "contact.assignee.updated",
      event_id: "w1",
      timestamp: inAnHour,
      contact: { ...contact, assignee: { id: 7 } },
    });
    expect(assigned.status).toBe(422);
    expect(await assigned.json()).toEqual({
      id: "respondio:w1",
      status: "rejected",
      errors: [{ path: "timestamp", message: TOO_LATE(NOW + 60 * MINUTE) }],
    });
    const opened = await send({
      event_type: "conversation.opened",
      event_id: "w2",
      timestamp: NOW / 1000,
      contact,
      conversation: { openedTime: inAnHour },
    });
    expect(opened.status).toBe(422);
    expect(await opened.json()).toMatchObject({ errors: [{ path: "conversation.openedTime", message: TOO_LATE(NOW + 60 * MINUTE) }] });
    const untimed = await send({ event_type: "conversation.closed", event_id: "w3", timestamp: inAnHour, contact });
    expect(await untimed.json()).toMatchObject({ errors: [{ path: "timestamp" }] });
    // Within the skew: stored.
    expect(
      (
        await send({
          event_type: "contact.assignee.updated",
          event_id: "w4",
          timestamp: NOW / 1000 + 240,
          contact: { ...contact, assignee: { id: 7 } },
        })
      ).status,
    ).toBe(200);
    expect(await storedIds("contact_conversation_events")).toEqual([]);
    expect(await storedIds("assignments")).toContain("respondio:w4");
    expect(await storedIds("assignments")).not.toContain("respondio:w1");
  });

  it("CSV: a future row is rejected under its Timestamp column; the others are imported", async () => {
    const csv = [
      "Timestamp,Contact ID,Assigned to,Source",
      `${iso(NOW - MINUTE)},csv-c1,Fox,bot`,
      `2026-11-23 12:00:00,csv-c1,Ann,bot`,
    ].join("\n");
    const result = await importCsv({
      sql: db.sql,
      workspaceId: WS,
      kind: "assignments",
      input: Readable.from([csv]),
      timeZone: "Europe/Paris",
      clock: () => NOW,
    });
    expect(result).toMatchObject({ imported: 1, rejected: 1 });
    // 12:00 in Paris is 11:00Z, an hour after the receipt.
    expect(result.rejections).toEqual([
      { line: 3, errors: [{ path: "Timestamp", message: TOO_LATE(Date.parse("2026-11-23T11:00:00Z")) }] },
    ]);
  });

  it("today counts an event dated a few minutes ahead only once its time has come", async () => {
    const ws = "TFUTURE2";
    await applyScheduleChange(db.sql, ws, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
    const outcome = await ingestEvents(
      db.sql,
      ws,
      [assignment({ id: "soon", occurredAt: iso(NOW + 3 * MINUTE) }), assignment({ id: "past", occurredAt: iso(NOW - MINUTE) })],
      NOW,
    );
    expect(outcome.stored).toBe(2);
    const today: ReportRequest = { report: "assignments", period: { preset: "today" }, filters: emptyFilters(), page: 0 };
    const totalAt = async (now: number) => {
      const report = await buildReport(await loadReportContext(db, ws, now), today);
      if (report.report !== "assignments") throw new Error("expected the assignments report");
      return report.total;
    };
    expect(await totalAt(NOW)).toBe(1);
    expect(await totalAt(NOW + 3 * MINUTE)).toBe(1);
    expect(await totalAt(NOW + 3 * MINUTE + 1)).toBe(2);
    const month = await buildReport(await loadReportContext(db, ws, NOW), { ...today, period: { preset: "this-month" } });
    expect(month.report === "assignments" && month.total).toBe(1);
  });
});
