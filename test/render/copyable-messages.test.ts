// Messages you can copy from: every value Slack shows in a code span is exactly what was
// typed or what to type. The messages are the real ones (signed slash commands through
// Bolt); each code span is taken out of the rendered text as a user copies it (Slack shows
// &amp; &lt; &gt; as & < >), and each suggestion and example is parsed back by the real
// command parser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestFromCommandLine } from "../../src/cli/report-command.ts";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { ingestEvents } from "../../src/ingest/ingest-service.ts";
import type { ReportName } from "../../src/domain/report-request.ts";
import { SOURCES } from "../../src/domain/sources.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FAKE_IDS } from "../support/fake-slack.ts";
import { assignment } from "../support/events.ts";
import { actionOf, startSlackTestApp, type SlackTestApp } from "../support/slack-app.ts";

const TEAM = FAKE_IDS.teamId;
const ADMIN = "UADMIN0C";
let db: TestDatabase;
let slack: SlackTestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  slack = await startSlackTestApp(db);
  slack.fake.setUser({ id: ADMIN, team_id: TEAM, is_admin: true, profile: { email: "admin@example.com" } });
});
afterAll(async () => {
  await slack.close();
  await db.destroy();
});

/** The look-alikes escapeMrkdwn swaps markup characters for: never in something to copy. */
const LOOK_ALIKES = /[\u2217\u02cd\u223c\u02cb\ufe61\u2e0f]/;
const unescapeMrkdwn = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The code spans of a mrkdwn text, as copied from Slack. Every line must pair its backticks. */
function codeSpans(mrkdwn: string): string[] {
  for (const line of mrkdwn.split("\n")) expect(line.split("`").length % 2, `unpaired backtick in: ${line}`).toBe(1);
  return [...mrkdwn.matchAll(/`([^`]*)`/g)].map((m) => unescapeMrkdwn(m[1]!));
}

/** Parses a span as command text (a whole command loses its `/command `); fails the test on an error. */
function parseBack(report: ReportName, span: string) {
  const text = span.startsWith(`/${report} `) ? span.slice(report.length + 2) : span;
  const parsed = parseCommandText(report, text);
  expect(parsed, `the code span \`${span}\` does not parse`).toMatchObject({ kind: "request" });
  return parsed.kind === "request" ? parsed.request : undefined;
}

/**
 * The answer to a slash command, with its code spans. Every span is either a piece of what
 * was typed, exactly (`typed` is what the person typed; Slack sends it escaped), or
 * something to type: then it parses.
 */
async function answer(report: ReportName, typed: string) {
  const sent = typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const { payload } = await slack.command(`/${report}`, sent, ADMIN, TEAM);
  const section = payload.blocks[0]!.text.text as string;
  expect(section).toBe(payload.text); // nothing cut at the 3,000-character limit
  const spans = codeSpans(payload.text);
  for (const span of spans) {
    expect(span).not.toMatch(LOOK_ALIKES);
    if (!typed.includes(span)) parseBack(report, span);
  }
  const [echo, ...rest] = spans;
  const suggestion = /Did you mean `([^`]*)`\?/.exec(payload.text)?.[1];
  return { text: payload.text, spans, echo, rest, suggestion: suggestion === undefined ? undefined : unescapeMrkdwn(suggestion) };
}

describe("messages you can copy from", () => {
  it("the help of both commands: every period, filter and example parses as typed", async () => {
    const assignments = await answer("assignments", "help");
    expect(assignments.spans).toEqual(expect.arrayContaining(["today", "2026-11-01..2026-11-30", ...SOURCES.map((s) => `source:${s}`)]));
    expect(assignments.spans).toContain("/assignments last-30-days source:bot");
    expect(assignments.spans.length).toBeGreaterThan(20);
    const agents = await answer("agent-performance", "help");
    expect(agents.spans).toContain("/agent-performance last-7-days agent:@camille");
  });

  it("a misspelt source: the typed word as typed, the suggestion and every source with their underscores", async () => {
    const { echo, suggestion, spans } = await answer("assignments", "source:clic_to_chat_ad");
    expect(echo).toBe("source:clic_to_chat_ad");
    expect(suggestion).toBe("source:click_to_chat_ad");
    expect(parseBack("assignments", suggestion!)?.filters.sources).toEqual(["click_to_chat_ad"]);
    expect(spans).toContain("clic_to_chat_ad");
    expect(spans.filter((s) => s.startsWith("source:"))).toEqual(expect.arrayContaining(SOURCES.map((s) => `source:${s}`)));
  });

  it("an unknown period and an unknown word get a suggestion that parses", async () => {
    const period = await answer("assignments", "lastmnth");
    expect([period.echo, period.suggestion]).toEqual(["lastmnth", "last-month"]);
    const agents = await answer("agent-performance", "yesterdy");
    expect([agents.echo, agents.suggestion]).toEqual(["yesterdy", "yesterday"]);
    const range = await answer("assignments", "2026-02-01..2026-01-31");
    expect(range.echo).toBe("2026-02-01..2026-01-31");
  });

  it("a misspelt filter keeps its value exactly: underscores, stars, &, < and > included", async () => {
    const contact = await answer("assignments", "contat:joe_bloggs*_x_");
    expect([contact.echo, contact.suggestion]).toEqual(["contat:joe_bloggs*_x_", "contact:joe_bloggs*_x_"]);
    expect(parseBack("assignments", contact.suggestion!)?.filters.contacts).toEqual(["joe_bloggs*_x_"]);
    const markup = await answer("assignments", "contat:<!channel>&co");
    expect([markup.echo, markup.suggestion]).toEqual(["contat:<!channel>&co", "contact:<!channel>&co"]);
    expect(markup.text).not.toContain("<!channel>");
    expect(parseBack("assignments", markup.suggestion!)?.filters.contacts).toEqual(["<!channel>&co"]);
    const needsValue = await answer("assignments", "source:");
    expect(needsValue.rest[0]).toBe("source:");
    expect(needsValue.rest[1]).toBe("source:bot");
  });

  it("a value holding a backtick is shown as escaped text, outside any code span", async () => {
    const { text, spans } = await answer("assignments", "contat:a`b_c");
    expect(spans.filter((s) => s.includes("b_c"))).toEqual([]);
    expect(text).toContain('I did not understand "contat:aˋbˍc"');
    expect(text).toContain('Did you mean "contact:aˋbˍc"?');
  });
});

describe("Export CSV past the 10,000-row cap", () => {
  it("names the command that exports everything: copied into a shell, it asks for the same rows", async () => {
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
    const rows = Array.from({ length: 10_001 }, (_, i) =>
      assignment({ id: `cap-${i}`, occurredAt: minutesAgo(1 + (i % 600)), contact: { id: `c${i % 50}`, name: "Joe O'Brien_&_<Co>" } }),
    );
    expect((await ingestEvents(db, TEAM, rows)).stored).toBe(10_001);
    const typed = 'contact:"O\'Brien_&_<Co>" source:workflow';
    const report = (
      await slack.command("/assignments", typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"), ADMIN, TEAM)
    ).payload;
    const reply = await slack.click({ action_id: "report_export", value: actionOf(report, "report_export").value }, ADMIN, TEAM);
    const [command] = codeSpans(reply.text);
    // The shell's single quotes: '\'' is a quote inside them.
    const quoted = /^npx inbox-pulse export '(.*)' --workspace T0FAKETEAM$/.exec(command!)![1]!.replaceAll("'\\''", "'");
    const request = requestFromCommandLine(quoted);
    expect(request.filters).toMatchObject({ contacts: ["O'Brien_&_<Co>"], sources: ["workflow"] });
    expect(request.period).toHaveProperty("from");
  });
});

describe("/pulse agent: an agent's email is shown as typed", () => {
  it("link and list show camille_martin@acme.example with its underscore", async () => {
    const linked = (await slack.command("/pulse", "agent link <@UCAM|cam> camille_martin@acme.example", ADMIN, TEAM)).payload.text;
    expect(codeSpans(linked)).toContain("camille_martin@acme.example");
    const listed = (await slack.command("/pulse", "agent list", ADMIN, TEAM)).payload.text;
    expect(codeSpans(listed)).toEqual(["camille_martin@acme.example"]);
  });
});
