// The inbox-pulse command as a user runs it (bin/inbox-pulse.js, the compiled CLI): --version,
// help on stdout with status 0, per-command help, a missing file named, tables that fit COLUMNS,
// --json on the list commands; digests and workspace settings as `/pulse` manages them.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestListings } from "../../src/digests/digest-subscriptions.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import { digestLine } from "../../src/render/block-kit/digest-list.ts";
import { listSubscriptions } from "../../src/store/workspace/digests.ts";
import { grantReportAccess } from "../../src/store/workspace/workspaces.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { assignment } from "../support/events.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const { COLUMNS: _, ...base } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["bin/inbox-pulse.js", ...args], {
      env: { ...base, DATABASE_URL: db.url, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe("inbox-pulse", () => {
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `inbox-pulse ${version}\n`, stderr: "" });
  });

  it("help, --help and no command: every command's usage on stdout, status 0", async () => {
    for (const args of [["help"], ["--help"], []]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      for (const command of ["import", "report", "token", "migrate", "erase"])
        expect(run.stdout).toMatch(new RegExp(`^  inbox-pulse ${command}\\b`, "m"));
    }
  });

  it("<command> --help and help <command>: that command's usage on stdout, status 0", async () => {
    for (const args of [
      ["import", "--help"],
      ["help", "import"],
      ["import", "-h"],
    ]) {
      const run = await cli(args);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toContain("inbox-pulse import assignments|email FILE.csv");
      expect(run.stdout).not.toContain("inbox-pulse report");
    }
  });

  it("an unknown command: one line on stderr, status 2", async () => {
    expect(await cli(["frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'Unknown command "frobnicate": inbox-pulse help lists them.\n',
    });
  });

  it("a missing file: no such file: PATH", async () => {
    const run = await cli(["import", "assignments", "/no/such/file.csv", "--workspace", "TCLI"]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "no such file: /no/such/file.csv\n" });
  });

  it("fits the report's tables to COLUMNS, naming the columns left out", async () => {
    const now = Date.now();
    const events = Array.from({ length: 5 }, (_, i) =>
      assignment({
        occurredAt: new Date(now - (i + 1) * 3_600_000).toISOString(),
        conversationId: `a-conversation-with-a-long-id-${i}`,
        contact: { id: `a-contact-with-a-long-id-${i}`, name: "Bartholomew Featherstonehaugh-Cholmondeley" },
        assignee: { name: "Maximiliana Wolfeschlegelsteinhausen" },
        source: "user",
        assignedBy: { name: "Someone With A Very Long Name Indeed" },
      }),
    );
    expect(await ingestEvents(db, "TCLI", events)).toMatchObject({ stored: 5 });
    const wide = await cli(["report", "/assignments last-7-days", "--workspace", "TCLI"]);
    expect(wide.code, wide.stderr).toBe(0);
    expect(Math.max(...wide.stdout.split("\n").map((l) => [...l].length))).toBeGreaterThan(100);
    for (const width of [100, 60]) {
      const run = await cli(["report", "/assignments last-7-days", "--workspace", "TCLI"], { COLUMNS: String(width) });
      expect(run.code, run.stderr).toBe(0);
      const long = run.stdout.split("\n").filter((l) => [...l].length > width);
      expect(long, `lines over ${width} columns`).toEqual([]);
      expect(run.stdout).toContain("Bartholomew");
      expect(run.stdout).toMatch(new RegExp(`\\(not shown, to fit\\s+${width} columns: Conversation ID`));
    }
  });

  it("--json on the list commands", async () => {
    await createToken(db, "TJSON", "ci");
    await grantReportAccess(db, "TJSON", { kind: "user", subjectId: "U0123" });
    const tokens = await cli(["token", "list", "--workspace", "TJSON", "--json"]);
    expect(tokens.code, tokens.stderr).toBe(0);
    expect(JSON.parse(tokens.stdout)).toEqual([
      { id: expect.stringMatching(/^tok_/), label: "ci", createdAt: expect.any(String), revokedAt: null },
    ]);
    const access = await cli(["access", "list", "--workspace", "TJSON", "--json"]);
    expect(JSON.parse(access.stdout)).toEqual([{ kind: "user", subjectId: "U0123" }]);
  });
});

describe("inbox-pulse digest", () => {
  const W = ["--workspace", "TDIGEST"];
  const add = (...args: string[]) => cli(["digest", "add", ...W, ...args]);

  it("adds, lists (text and --json, and as Slack lists them), previews and removes digests", async () => {
    expect((await cli(["workspace", "set", ...W, "--time-zone", "Europe/Paris"])).code).toBe(0);
    const weekly = await add("--channel", "C0CLI1", "--schedule", "weekly mon 09:00", "--report", "assignments", "--created-by", "U0ADMIN");
    expect(weekly.code, weekly.stderr).toBe(0);
    const weeklyId =
      /^Digest (dg[0-9a-f]+): \/assignments every Monday at 09:00 \(Europe\/Paris\) in C0CLI1\. First post: Mon \d+ \w+ \d{4} 09:00\.$/m.exec(
        weekly.stdout,
      )?.[1];
    expect(weeklyId, weekly.stdout).toBeDefined();
    expect(weekly.stdout).not.toContain("Nobody is told");
    const daily = await add("--channel", "<#G0CLI2|private>", "--schedule", "  daily   8:30 ");
    expect(daily.code, daily.stderr).toBe(0);
    const dailyId = /^Digest (dg[0-9a-f]+): \/agent-performance every day at 08:30 \(Europe\/Paris\) in G0CLI2\./m.exec(daily.stdout)?.[1];
    expect(dailyId, daily.stdout).toBeDefined();
    expect(daily.stdout).toContain("Nobody is told by direct message if it is paused");

    const list = await cli(["digest", "list", ...W]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${weeklyId} /assignments every Monday at 09:00 \\(Europe/Paris\\) in C0CLI1 — next Mon \\d+ \\w+ 09:00 — not run yet$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${dailyId} /agent-performance every day at 08:30 \\(Europe/Paris\\) in G0CLI2 — next \\w+ \\d+ \\w+ 08:30 — not run yet$`,
        ),
      ),
      "",
    ]);
    const json = await cli(["digest", "list", ...W, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: weeklyId,
        channelId: "C0CLI1",
        report: "assignments",
        schedule: { frequency: "weekly", weekday: 1, time: "09:00", timeZone: "Europe/Paris" },
        scheduleWords: "every Monday at 09:00 (Europe/Paris)",
        nextRunAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT0[78]:00:00\.000Z$/),
        paused: null,
        lastRun: null,
        createdBy: "U0ADMIN",
        createdAt: expect.any(String),
      },
      expect.objectContaining({ id: dailyId, channelId: "G0CLI2", report: "agent-performance", createdBy: "cli" }),
    ]);
    // Slack's `/pulse digest list` and the App Home read the same rows.
    const slackLines = (await digestListings(db, "TDIGEST", Date.now())).map(digestLine);
    expect(slackLines).toEqual([
      expect.stringContaining(`\`${weeklyId}\` /assignments every Monday at 09:00 (Europe/Paris) in <#C0CLI1>`),
      expect.stringContaining(`\`${dailyId}\` /agent-performance every day at 08:30 (Europe/Paris) in <#G0CLI2>`),
    ]);

    const preview = await cli(["digest", "preview", weeklyId!, ...W]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(`Digest ${weeklyId} as if it were due now`);
    expect(preview.stdout).toContain("Assignments");

    expect(await cli(["digest", "remove", weeklyId!, ...W])).toEqual({ code: 0, stdout: `Digest ${weeklyId} removed.\n`, stderr: "" });
    expect(await cli(["digest", "remove", weeklyId!, ...W])).toEqual({
      code: 1,
      stdout: "",
      stderr: `No digest ${weeklyId} in workspace TDIGEST: digest list --workspace TDIGEST shows their ids.\n`,
    });
    expect((await cli(["digest", "remove", dailyId!, ...W])).code).toBe(0);
    expect(await cli(["digest", "list", ...W])).toEqual({ code: 0, stdout: "No digests in workspace TDIGEST.\n", stderr: "" });
    expect(JSON.parse((await cli(["digest", "list", ...W, "--json"])).stdout)).toEqual([]);
  });

  it("bad input: the flag and what it expects, status 2; an unknown id, status 1; nothing stored", async () => {
    const schedule = ["--schedule", "weekly mon 09:00"];
    const cases: [string[], string][] = [
      [
        ["--channel", "#support", ...schedule],
        "--channel: expected a channel id such as C0123ABC (C... public, G... private; a name will not do",
      ],
      [schedule, "--channel: expected a channel id such as C0123ABC"],
      [["--channel", "C0BAD", "--schedule", "weekly mond 09:00"], '--schedule: expected a day like mon or lundi, got "mond"'],
      [["--channel", "C0BAD", "--schedule", "hourly 09:00"], '--schedule: expected daily, weekly or monthly, got "hourly"'],
      [["--channel", "C0BAD", "--schedule", "monthly 31 09:00"], "--schedule: expected a day of the month from 1 to 28"],
      [["--channel", "C0BAD"], '--schedule: expected daily, weekly or monthly, e.g. "weekly mon 09:00"'],
      [["--channel", "C0BAD", ...schedule, "--report", "csat"], '--report: expected assignments or agent-performance, got "csat"'],
      [["--channel", "C0BAD", ...schedule, "--created-by", "bob"], '--created-by: expected a Slack user id such as U0123ABC, got "bob"'],
    ];
    for (const [args, message] of cases) {
      const run = await add(...args);
      expect(run.stderr, args.join(" ")).toContain(message);
      expect(run).toMatchObject({ code: 2, stdout: "" });
    }
    expect(await listSubscriptions(db, "TDIGEST")).toEqual([]);
    for (const action of ["preview", "remove"]) {
      expect(await cli(["digest", action, "dgnope", ...W])).toMatchObject({ code: 1, stderr: expect.stringContaining("No digest dgnope") });
      expect(await cli(["digest", action, ...W])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`digest ${action}: expected one digest id`),
      });
    }
    expect(await cli(["digest", "frob", ...W])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("digest: expected add, list, remove or preview"),
    });
  });
});

describe("inbox-pulse workspace: the settings of /pulse settings", () => {
  const W = ["--workspace", "TSET"];

  it("shows the defaults, sets chart mode, retention and erase on uninstall, and shows them (text and --json)", async () => {
    const before = await cli(["workspace", "show", ...W, "--json"]);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual({
      workspaceId: "TSET",
      timeZone: "UTC",
      chartMode: null,
      retentionDays: null,
      eraseOnUninstall: false,
      serverCharts: "native",
    });
    const set = await cli([
      "workspace",
      "set",
      ...W,
      "--chart-mode",
      "quickchart",
      "--retention-days",
      "90",
      "--erase-on-uninstall",
      "yes",
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("chart mode: quickchart");
    const after = await cli(["workspace", "show", ...W, "--json"]);
    expect(JSON.parse(after.stdout)).toMatchObject({ chartMode: "quickchart", retentionDays: 90, eraseOnUninstall: true });

    // One at a time: the others stay.
    expect((await cli(["workspace", "set", ...W, "--chart-mode", "default", "--retention-days", "none"])).code).toBe(0);
    const shown = await cli(["workspace", "show", ...W], { CHARTS: "upload" });
    expect(shown.stdout.split("\n")).toEqual([
      "Workspace TSET",
      "time zone: UTC",
      "chart mode: default (the server's CHARTS setting; upload where this command runs)",
      "retention days: none (events are kept)",
      "erase on uninstall: yes (all the workspace's data)",
      "",
    ]);
  });

  it("bad input: the flag and what it expects, status 2, nothing saved", async () => {
    const cases: [string[], string][] = [
      [["--chart-mode", "pie"], '--chart-mode: expected native, quickchart, upload, none or default (the server\'s CHARTS), got "pie"'],
      [["--retention-days", "0"], '--retention-days: expected a whole number of days from 1 to 3650, or none to keep everything, got "0"'],
      [["--retention-days", "3651"], 'got "3651"'],
      [["--retention-days", "1.5"], 'got "1.5"'],
      [["--erase-on-uninstall", "maybe"], '--erase-on-uninstall: expected yes or no, got "maybe"'],
      [["--chart-mode", "native", "--retention-days=-1"], "--retention-days: expected"],
      [[], "workspace set: expected at least one of --time-zone, --chart-mode, --retention-days, --erase-on-uninstall"],
      [["--from", "start"], "--from: only with --time-zone"],
    ];
    for (const [args, message] of cases) {
      expect(await cli(["workspace", "set", "--workspace", "TSETBAD", ...args]), args.join(" ")).toEqual({
        code: 2,
        stdout: "",
        stderr: expect.stringContaining(message),
      });
    }
    const shown = await cli(["workspace", "show", "--workspace", "TSETBAD", "--json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ chartMode: null, retentionDays: null, eraseOnUninstall: false });
  });
});

describe("inbox-pulse alert: the rules of /pulse alert", () => {
  const W = ["--workspace", "TALERTCLI"];

  it("adds, lists (text and --json), tests, pauses, resumes and removes a rule", async () => {
    await ingestEvents(db, "TALERTCLI", [
      {
        type: "email.received",
        id: "cw1",
        occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        threadId: "tcw",
        customer: { email: "w@example.com" },
      },
    ]);
    const added = await cli(["alert", "add", ...W, "--channel", "C0ALERT", "--rule", "waiting > 2h any-time"]);
    expect(added.code, added.stderr).toBe(0);
    const id = /^Alert (al[0-9a-f]+) Customers waiting > 2 h for a first reply \(any time\) in C0ALERT — quiet\.$/m.exec(added.stdout)?.[1];
    expect(id, added.stdout).toBeDefined();

    expect((await cli(["alert", "list", ...W])).stdout).toBe(
      `${id} Customers waiting > 2 h for a first reply (any time) in C0ALERT — quiet\n`,
    );
    const [json] = JSON.parse((await cli(["alert", "list", ...W, "--json"])).stdout);
    expect(json).toMatchObject({
      id,
      channelId: "C0ALERT",
      rule: { condition: { kind: "waiting", thresholdSeconds: 7200 } },
      createdBy: "cli",
      paused: null,
      lastEpisode: null,
    });

    const tested = await cli(["alert", "test", id!, ...W]);
    expect(tested.stdout).toMatch(new RegExp(`^Alert ${id} holds now: 1 customer has waited more than 2 h for a first reply; longest 3 h`));
    expect((await cli(["alert", "pause", id!, ...W])).stdout).toBe(`Alert ${id} paused.\n`);
    expect((await cli(["alert", "list", ...W])).stdout).toContain("— paused (paused on the command line)");
    expect((await cli(["alert", "resume", id!, ...W])).stdout).toBe(`Alert ${id} resumed.\n`);
    expect((await cli(["alert", "remove", id!, ...W])).stdout).toBe(`Alert ${id} removed.\n`);
    expect((await cli(["alert", "list", ...W])).stdout).toBe("No alerts in workspace TALERTCLI.\n");
  });

  it("bad input: the flag and what it expects, status 2; an unknown id, status 1; nothing stored", async () => {
    const bad = async (args: string[], message: string) => {
      const run = await cli(["alert", ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
    };
    await bad(["add", ...W, "--channel", "#support", "--rule", "waiting > 2h"], "--channel: expected a channel id");
    await bad(["add", ...W, "--channel", "C0ALERT"], "--rule: expected a rule");
    await bad(["add", ...W, "--channel", "C0ALERT", "--rule", "waiting > 2m"], "--rule: ");
    await bad(
      ["add", ...W, "--channel", "C0ALERT", "--rule", "waiting > 2h", "--created-by", "bob"],
      "--created-by: expected a Slack user id",
    );
    await bad(["frob", ...W], "alert: expected add, list, remove, pause, resume or test");
    const unknown = await cli(["alert", "remove", "alnope", ...W]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No alert alnope in workspace TALERTCLI");
    expect((await cli(["alert", "list", ...W])).stdout).toBe("No alerts in workspace TALERTCLI.\n");
  });
});
