// /pulse digest add|list|preview|remove end to end, and "Open full report" from a digest.
import { applyScheduleChange } from "../../src/store/workspace/schedule-changes.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { listSubscriptions } from "../../src/store/workspace/digests.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { actionOf, startSlackTestApp, tableOf, type SlackTestApp } from "../support/slack-app.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN03";
let db: TestDatabase;
let slack: SlackTestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyScheduleChange(db, TEAM, { kind: "time-zone", timeZone: "Europe/Paris", from: null });
  await ingestEvents(db, TEAM, [assignment({ occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() })]);
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true });
  slack.fake.setUser({ id: "UNOBODY", team_id: TEAM });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});

const pulse = async (text: string, user = ADMIN) => (await slack.command("/pulse", text, user, TEAM)).payload;

describe("/pulse digest", () => {
  it("adds, lists with the next run in local time, previews and removes a digest", async () => {
    const added = await pulse("digest add <#C0SUPPORT|support> weekly mon 09:00 assignments");
    const id = /`(dg[0-9a-f]+)`/.exec(added.text)?.[1];
    expect(id).toBeDefined();
    expect(added.text).toContain("every Monday at 09:00 (Europe/Paris)");
    const [stored] = await listSubscriptions(db, TEAM);
    expect(stored).toMatchObject({ channelId: "C0SUPPORT", report: "assignments", createdBy: ADMIN });

    const list = await pulse("digest list");
    expect(list.text).toContain(id);
    expect(list.text).toMatch(/next Mon \d+ \w+ 09:00/);
    expect(list.text).toContain("not run yet");

    const preview = await pulse(`digest preview ${id}`);
    expect(preview.blocks.length).toBeGreaterThan(2);
    const open = actionOf(preview, "report_open");
    const full = await slack.click({ action_id: "report_open", value: open.value }, ADMIN, TEAM);
    expect(full.replace_original).toBe(false);
    expect(tableOf(full)).toBeDefined();

    expect((await pulse(`digest remove ${id}`)).text).toContain("removed");
    expect(await listSubscriptions(db, TEAM)).toEqual([]);
  });

  it("defaults to agent-performance and explains bad input", async () => {
    expect((await pulse("digest add <#C0TEAM|team> daily 08:30")).text).toContain("/agent-performance");
    expect((await pulse("digest add #nowhere weekly mon 09:00")).text).toContain("Which channel?");
    expect((await pulse("digest add <#C0TEAM|team> weekly mond 09:00")).text).toContain('"mond"');
    expect((await pulse("digest remove dgnope")).text).toContain("No digest");
    expect((await pulse("")).text).toContain("/pulse digest add");
  });

  it("refuses people who may not run reports", async () => {
    expect((await pulse("digest list", "UNOBODY")).text).toContain("only workspace admins");
  });
});
