// The composition root as `npm start` runs it: Bolt, the ingest API and the digest
// scheduler on one port, then a clean stop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import { readConfig } from "../../src/config.ts";
import { parseWeeklyHours } from "../../src/domain/business-hours/hours-text.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { silentLogger } from "../../src/log.ts";
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { recomputeCursor } from "../../src/store/events/schedule-recompute.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS, startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";
import { sendSlashCommand } from "../support/slack-requests.ts";

let db: TestDatabase;
let fake: FakeSlack;
beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack();
  fake.setUser({ id: "UAPPADMIN", team_id: FAKE_IDS.teamId, is_admin: true });
});
afterAll(async () => {
  await fake.close();
  await db.destroy();
});

describe("npm start", () => {
  it("serves Slack, the ingest API and health checks on one port, and stops cleanly", async () => {
    const config = readConfig({
      DATABASE_URL: db.url,
      PORT: "0",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_BOT_TOKEN: "xoxb-app",
      SLACK_API_URL: fake.apiUrl,
    });
    const app = await startApp(config, silentLogger);
    try {
      expect(app.slack).toBe("http");
      const base = `http://127.0.0.1:${app.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ok: true });
      expect((await fetch(`${base}/api/v1/events`, { method: "POST" })).status).toBe(401);
      const result = await sendSlashCommand(base, "s3cret", {
        command: "/assignments",
        text: "help",
        user_id: "UAPPADMIN",
        team_id: FAKE_IDS.teamId,
        channel_id: "C1",
        response_url: fake.responseUrl("app"),
      });
      expect(result.status).toBe(200);
      expect(String((await fake.waitForResponse(1, 5000, "app"))[0]!.text)).toContain("/assignments");
    } finally {
      await app.stop();
    }
  });

  it("finishes at start-up the schedule recompute a change left pending", async () => {
    const ws = "TAPPRECOMP";
    await ingestEvents(db.sql, ws, [
      { type: "email.received", id: "ar1", occurredAt: "2026-11-16T09:00:00Z", threadId: "tar", customer: { email: "r@example.com" } },
      { type: "email.replied", id: "ar2", occurredAt: "2026-11-16T12:00:00Z", threadId: "tar", agent: { name: "Rae" } },
    ]);
    const always = parseWeeklyHours("mon-sun 00:00-24:00");
    if (!always.ok) throw new Error(always.error);
    await applyScheduleChange(db.sql, ws, {
      kind: "hours",
      schedule: { timeZone: "UTC", intervals: always.intervals, holidays: [] },
      from: "start",
    });
    expect(await recomputeCursor(db.sql, ws)).not.toBeNull();
    const app = await startApp(readConfig({ DATABASE_URL: db.url, PORT: "0" }), silentLogger);
    try {
      for (let i = 0; i < 100 && (await recomputeCursor(db.sql, ws)) !== null; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await recomputeCursor(db.sql, ws)).toBeNull();
      const [row] = await db.sql.query<{ s: number }>(
        "SELECT first_response_business_s AS s FROM email_conversations WHERE workspace_id = ?",
        [ws],
      );
      expect(Number(row!.s)).toBe(3 * 3600);
    } finally {
      await app.stop();
    }
  });
});
