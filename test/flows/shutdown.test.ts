// Graceful shutdown: a report acknowledged before stop() is still built and delivered
// before the database closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import { readConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { InFlight } from "../../src/ops/in-flight.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS, startFakeSlack, type FakeSlack } from "../support/fake-slack.ts";
import { sendSlashCommand } from "../support/slack-requests.ts";

let db: TestDatabase;
let fake: FakeSlack;
beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack();
  fake.setUser({ id: "UADMIN", team_id: FAKE_IDS.teamId, is_admin: true });
});
afterAll(async () => {
  await fake.close();
  await db.destroy();
});

describe("graceful shutdown", () => {
  it("waits for a report still being built after its ack, then stops taking requests", async () => {
    const config = readConfig({
      DATABASE_URL: db.url,
      PORT: "0",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_BOT_TOKEN: "xoxb-app",
      SLACK_API_URL: fake.apiUrl,
    });
    const logs: string[] = [];
    const app = await startApp(
      config,
      createLogger("info", (line) => void logs.push(line)),
    );
    const base = `http://127.0.0.1:${app.port}`;
    // The permission check meets a 429: the Web API client waits 2 s before it retries.
    fake.rateLimitNext("users.info", 2);
    const ack = await sendSlashCommand(base, "s3cret", {
      command: "/assignments",
      text: "last-30-days",
      user_id: "UADMIN",
      team_id: FAKE_IDS.teamId,
      channel_id: "C1",
      response_url: fake.responseUrl("slow"),
    });
    expect(ack.status).toBe(200);
    await fake.waitFor("users.info", 1);
    expect(fake.responses("slow")).toHaveLength(0);

    const started = Date.now();
    await app.stop();

    expect(Date.now() - started).toBeGreaterThan(1000);
    const [report] = fake.responses("slow");
    expect(report, "the report was delivered before stop() resolved").toBeDefined();
    expect(JSON.stringify(report)).toContain("Assignments");
    expect(logs.join("")).not.toContain("report failed");
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe("InFlight", () => {
  it("drains work started while draining, and gives up at the timeout", async () => {
    const inFlight = new InFlight();
    let later: Promise<void> | undefined;
    void inFlight.track(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          later = inFlight.track(new Promise((r) => setTimeout(r, 50)));
          resolve();
        }, 20),
      ),
    );
    expect(await inFlight.drain(1000)).toBe(true);
    await later;
    expect(inFlight.size).toBe(0);

    void inFlight.track(new Promise(() => undefined));
    expect(await inFlight.drain(50)).toBe(false);
    expect(inFlight.size).toBe(1);
  });

  it("follows failing work without rejecting the drain", async () => {
    const inFlight = new InFlight();
    const failing = inFlight.track(Promise.reject(new Error("boom")));
    await expect(failing).rejects.toThrow("boom");
    expect(await inFlight.drain(100)).toBe(true);
  });
});
