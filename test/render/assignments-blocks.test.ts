// The Assignments report as a Slack message and as terminal text: Slack's limits in every
// mode, escaping of customer text, the seed's content, paging and filter state.
import { describe, expect, it } from "vitest";
import { assignmentsText } from "../../src/render/text/report-text.ts";
import { exportCommand } from "../../src/render/words/assignments-words.ts";
import { parseCommandText } from "../../src/domain/command-text.ts";
import { emptyFilters } from "../../src/domain/report-request.ts";
import { decodeState, MAX_BLOCK_ID } from "../../src/render/block-kit/action-state.ts";
import { ACTION_IDS, ALL, assignmentsMessage, type MessageOptions } from "../../src/render/block-kit/assignments-blocks.ts";
import { assertWithinSlackLimits, SlackLimitError } from "../../src/render/block-kit/limits.ts";
import { escapeMrkdwn } from "../../src/render/block-kit/mrkdwn.ts";
import type { AssignmentsReport } from "../../src/reports/assignments-report.ts";
import { buildReport, HOSTILE_NAME } from "../support/report-fixtures.ts";
import { blocks, contextTexts, element, hostilePlaces, ofType, strings, type Json, type Message } from "../support/message-queries.ts";

const CHOICES = [
  { label: "Camille Martin", value: "camille@example.com" },
  { label: "Dominique Lefèvre", value: "dominique@example.com" },
];
const base: MessageOptions = {
  charts: "native",
  logTable: "native",
  interactive: true,
  assigneeChoices: CHOICES,
  quickChartHost: "https://quickchart.io",
};
/** TABLES=table: a table block of 20 rows a page, paged by our buttons. */
const paged: Partial<MessageOptions> = { logTable: "table" };
/** A report as the native log pages it: 100 rows a page. */
const hundreds = (fixture: Parameters<typeof buildReport>[0] = {}) => buildReport({ pageSize: 100, page: 0, ...fixture });
const uploaded: MessageOptions["chartImages"] = { bar: { slackFileId: "F0BAR" }, pie: { slackFileId: "F0PIE" } };

function render(report: AssignmentsReport, options: Partial<MessageOptions> = {}): Message {
  const message = assignmentsMessage(report, { ...base, ...options });
  assertWithinSlackLimits(message);
  return message;
}

const hostile = buildReport({ filters: { contacts: [HOSTILE_NAME], agents: ["Bob"] } });

describe("assignmentsMessage: Slack's limits", () => {
  const modes: MessageOptions["charts"][] = ["native", "quickchart", "upload", "none"];
  for (const charts of modes) {
    for (const interactive of [true, false]) {
      it(`holds in ${charts} mode, ${interactive ? "interactive" : "shared to a channel"}`, () => {
        for (const report of [buildReport(), hostile, buildReport({ counts: {} }), buildReport({ totalRows: 12_345 })]) {
          render(report, { charts, interactive, chartImages: uploaded, ...paged });
        }
        for (const report of [hundreds(), hundreds({ filters: { contacts: [HOSTILE_NAME] } }), hundreds({ totalRows: 12_345, page: 3 })]) {
          render(report, { charts, interactive, chartImages: uploaded });
        }
      });
    }
  }

  it("holds with every log value at the 500 characters ingest accepts: rows that do not fit are left out, and said so", () => {
    const report = hundreds();
    const long = (c: string) => c.repeat(500);
    const person = { id: long("i"), name: long("n"), email: long("e") };
    for (const row of report.log.rows) {
      Object.assign(row, {
        conversationId: long("v"),
        contactId: long("c"),
        contactName: long("n"),
        previousAssignee: person,
        assignee: person,
        source: "user",
        assignedBy: person,
      });
    }
    const [table] = ofType(render(report), "data_table");
    const rows = table!.rows as Json[][];
    expect(rows[1]![1]!.text).toBe(`${"n".repeat(29)}…`);
    // 16 + 30 + 30 + 4 ("User") + 30 characters a row: 90 rows fit in 10,000 with the header's 30.
    expect(rows).toHaveLength(91);
    expect(table!.caption).toBe("Latest 90 of 734 assignments, newest first");
    const classicReport = { ...report, log: { ...report.log, pageSize: 20, pageCount: 37, rows: report.log.rows.slice(0, 20) } };
    const [classic] = ofType(render(classicReport, paged), "table");
    expect((classic!.rows as Json[][])[1]![1]!.text).toBe(`${"n".repeat(29)}…`);
  });

  it("the checker names the limit broken", () => {
    const ok = { text: "x", blocks: [...render(buildReport(), paged).blocks, ...render(buildReport()).blocks] };
    const broken = (blocks: unknown[]) => () => assertWithinSlackLimits({ text: "x", blocks });
    expect(broken(Array.from({ length: 51 }, () => ({ type: "divider" })))).toThrow("blocks: 51 blocks, at most 50");
    expect(broken([{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }])).toThrow(
      "blocks[0] (header).text.text: 151 characters, at most 150",
    );
    expect(
      broken([{ type: "actions", elements: [{ type: "button", action_id: "a", text: { type: "plain_text", text: "b".repeat(76) } }] }]),
    ).toThrow("blocks[0] (actions).elements[0].text.text: 76 characters, at most 75");
    const table = ofType(ok, "table")[0]!;
    expect(broken([table, table])).toThrow("2 table blocks, at most 1 per message");
    expect(broken([{ type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) }])).toThrow(
      "11 fields, at most 10",
    );
    expect(broken([{ type: "data_visualization", title: "t", chart: { type: "pie", segments: [{ label: "a", value: 0 }] } }])).toThrow(
      "must be a number above 0",
    );
    expect(broken([{ type: "video" }])).toThrow(SlackLimitError);
    const dataTable = ofType(ok, "data_table")[0]!;
    const header = (dataTable.rows as Json[][])[0]!;
    expect(broken([{ ...dataTable, caption: undefined }])).toThrow("blocks[0] (data_table).caption: expected a string");
    expect(broken([{ ...dataTable, page_size: 101 }])).toThrow("page_size: must be a whole number from 1 to 100");
    expect(broken([{ ...dataTable, rows: [header] }])).toThrow("1 rows (the header first), at least 2");
    expect(broken([{ ...dataTable, rows: Array.from({ length: 102 }, () => header) }])).toThrow("102 rows (the header first), at most 101");
    expect(broken([{ ...dataTable, rows: [header, header.slice(1)] }])).toThrow("4 cells, the header has 5");
    expect(
      broken([
        {
          ...dataTable,
          rows: [
            header.map(() => ({ type: "raw_text", text: "x".repeat(2001) })),
            ...Array.from({ length: 5 }, () => header.map(() => ({ type: "raw_text", text: "x".repeat(2000) }))),
          ],
        },
      ]),
    ).toThrow("characters in its cells, at most 10000");
    expect(broken([{ ...dataTable, rows: [[{ type: "rich_text", elements: [] }], [{ type: "raw_text", text: "x" }]] }])).toThrow(
      "header cells must be raw_text",
    );
  });
});

describe("assignmentsMessage: customer text", () => {
  it("escapeMrkdwn neutralises mentions, entities and formatting", () => {
    expect(escapeMrkdwn(HOSTILE_NAME)).toBe("&lt;!channel&gt; \u2217x\u2217 &amp; co");
    expect(escapeMrkdwn("_it_ ~s~ `c`\n> quote")).toBe("\u02cdit\u02cd \u223cs\u223c \u02cbc\u02cb &gt; quote");
  });

  for (const charts of ["native", "quickchart"] as const) {
    it(`<!channel> appears raw only where Slack parses nothing (${charts})`, () => {
      const message = render(hostile, { charts });
      // The log's cell, the filters line, the state in buttons and in the menus' block_id.
      expect(hostilePlaces(message, ["value", "block_id"])).toEqual(new Set(["raw_text.text", "plain_text.text", "value", "block_id"]));
      expect(hostilePlaces(render(hostile, { charts, ...paged }), ["value", "block_id"])).toEqual(
        new Set(["raw_text.text", "plain_text.text", "value", "block_id"]),
      );
      expect(message.text).not.toContain("<!channel>");
      expect(message.text).toContain("contact: &lt;!channel&gt; \u2217x\u2217 &amp; co");
    });
  }

  it("mrkdwn objects are verbatim (no automatic links or mentions)", () => {
    strings(render(hostile), (_text, key, parent) => {
      if (key === "type" && parent.type === "mrkdwn") expect(parent.verbatim).toBe(true);
    });
  });
});

describe("assignmentsMessage: content", () => {
  const message = render(hundreds());

  it("header, then period dates, time zone and filters", () => {
    expect(blocks(message)[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Assignments · Last 30 days", emoji: false } });
    expect(contextTexts(message).slice(0, 2)).toEqual(["25 Oct 2026 – 23 Nov 2026 · times in Europe/Paris", "No filters"]);
    const filtered = render(hostile);
    // agent: does not apply to this report: the notice says so, the filters line leaves it out.
    expect(contextTexts(filtered)[1]).toBe(`Filters: contact: ${HOSTILE_NAME}`);
  });

  it("opens with the point: the count, its change, the top source; the text fallback says the same", () => {
    // 734 against 661 (each source a tenth fewer, rounded); Workflow 210 of 734.
    const headline = "734 assignments, ▲ 11% vs the previous 30 days; top source: Workflow (28.6%).";
    expect((blocks(message)[2]!.text as Json).text).toBe(`*${headline}*`);
    expect(message.text).toBe(`Assignments, Last 30 days (25 Oct 2026 – 23 Nov 2026): ${headline}`);
    // Then what moved, by source as the charts group them (top 5 and Other).
    expect(contextTexts(message)[2]).toBe(
      "Includes 12 unassignments (▲ 20%) · by source vs the previous 30 days: Workflow ▲ 11% · User ▲ 11% · Bot ▲ 11% · Developer API ▲ 11% · Zapier ▲ 11% · Other ▲ 10%",
    );
    const fresh = render(hundreds({ previousCounts: "empty" }));
    expect((blocks(fresh)[2]!.text as Json).text).toBe(
      "*734 assignments, no data for the previous 30 days; top source: Workflow (28.6%).*",
    );
    const fewer = render(hundreds({ counts: { workflow: 2, bot: 1 }, previousCounts: { workflow: 4, bot: 1, user: 5 } }));
    expect((blocks(fewer)[2]!.text as Json).text).toBe("*3 assignments, ▼ 70% vs the previous 30 days; top source: Workflow (66.7%).*");
    expect(contextTexts(fewer)[2]).toBe(
      "Includes 12 unassignments (▲ 20%) · by source vs the previous 30 days: Workflow ▼ 50% · Bot no change",
    );
  });

  it("each figure once: no fields grid repeats the charts' counts", () => {
    expect(ofType(message, "section").filter((s) => s.fields !== undefined)).toHaveLength(0);
    const visible: string[] = [];
    // The log's rows are the one place other numbers are (contact names, times).
    const figures = blocks(message).filter((b) => !["actions", "data_table"].includes(b.type as string));
    strings({ blocks: figures, text: "" }, (text, key) => {
      if (key === "text") visible.push(text);
    });
    // The charts carry the counts; no text repeats one (234 is no source's count, only the sum of Other).
    for (const count of ["210", "150", "100", "80", "60"])
      expect(visible.join("\n")).not.toMatch(new RegExp(`(^|[^\\d,:-])${count}([^\\d%]|$)`));
  });

  it("native charts: a bar and a pie of the top 5 sources and Other, titled with the period", () => {
    const charts = ofType(message, "data_visualization");
    expect(charts.map((b) => [(b.chart as Json).type, b.title])).toEqual([
      ["bar", "Assignments by source · Last 30 days"],
      ["pie", "Share by source · Last 30 days"],
    ]);
    expect(((charts[1]!.chart as Json).segments as Json[]).map((s) => [s.label, s.value])).toEqual([
      ["Workflow", 210],
      ["User", 150],
      ["Bot", 100],
      ["Developer API", 80],
      ["Zapier", 60],
      ["Other", 134],
    ]);
  });

  it("quickchart: image blocks with alt text; upload: Slack files; a missing image falls back to text", () => {
    const images = ofType(render(buildReport(), { charts: "quickchart" }), "image");
    expect(images.map((i) => (i.image_url as string).startsWith("https://quickchart.io/chart?"))).toEqual([true, true]);
    expect(images[0]!.alt_text).toMatch(/^Bar chart of assignments by source, Last 30 days: Workflow 210, User 150/);

    const upload = render(buildReport(), { charts: "upload", chartImages: uploaded });
    expect(ofType(upload, "image").map((i) => i.slack_file)).toEqual([{ id: "F0BAR" }, { id: "F0PIE" }]);

    const halfUploaded = render(buildReport(), { charts: "upload", chartImages: { bar: { imageUrl: "https://files.example/bar.png" } } });
    expect(ofType(halfUploaded, "image")).toHaveLength(1);
    const table = ofType(halfUploaded, "section")
      .map((s) => (s.text as Json).text as string)
      .find((t) => t.includes("```"));
    expect(table).toBe(
      "*Share by source · Last 30 days*\n```Workflow       28.6%\nUser           20.4%\nBot            13.6%\nDeveloper API  10.9%\nZapier         8.2%\nOther          18.3%```",
    );
    expect(
      ofType(render(buildReport(), { charts: "none" }), "section").filter((s) => ((s.text as Json).text as string).includes("```")),
    ).toHaveLength(0);
  });

  it("notices: the seed's two texts, naming the filters that do not apply", () => {
    expect(contextTexts(render(hostile))).toContain(":warning: The selected filter(s) are not applicable here. (agent:)");
    expect(contextTexts(message).some((t) => t.includes("filter(s)"))).toBe(false);
  });

  it("the log: a data_table of 5 columns, newest first, its caption saying which rows it holds", () => {
    const [table, ...more] = ofType(message, "data_table");
    expect(more).toHaveLength(0);
    expect(ofType(message, "table")).toHaveLength(0);
    expect(table!.caption).toBe("Latest 100 of 734 assignments, newest first");
    expect(table!.page_size).toBe(10);
    const rows = (table!.rows as Json[][]).map((row) =>
      row.map((cell) => {
        expect(cell.type).toBe("raw_text");
        return cell.text;
      }),
    );
    expect(rows[0]).toEqual(["Time", "Contact", "Assigned to", "Source", "By"]);
    expect(rows).toHaveLength(101);
    // The period ends now (16:00 in Paris); the fixture's rows are a minute apart before it.
    expect(rows[1]).toEqual(["2026-11-23 15:59", HOSTILE_NAME, "Dominique", "Developer API", "-"]);
    expect(rows[2]).toEqual(["2026-11-23 15:58", "Contact 1", "Unassigned", "Close conversation (legacy)", "-"]);
    expect(rows[3]!.slice(3)).toEqual(["User", "Morgan"]);
    // No contact name: the contact id.
    expect(rows[4]![1]).toBe("contact-3");
    expect(rows.slice(1).map((r) => r[0])).toEqual([...rows.slice(1).map((r) => r[0])].sort().reverse());
    const second = render(hundreds({ page: 1 }));
    expect(ofType(second, "data_table")[0]!.caption).toBe("Assignments 101-200 of 734, newest first");
    const all = render(hundreds({ counts: { workflow: 2, bot: 1 } }));
    expect(ofType(all, "data_table")[0]).toMatchObject({ caption: "All 3 assignments, newest first", page_size: 3 });
  });

  it("TABLES=table: a 5-column table of 20 rows, paged by our buttons", () => {
    const classic = render(buildReport(), paged);
    expect(ofType(classic, "data_table")).toHaveLength(0);
    const rows = (ofType(classic, "table")[0]!.rows as Json[][]).map((row) => row.map((cell) => cell.text));
    expect(rows[0]).toEqual(["Time", "Contact", "Assigned to", "Source", "By"]);
    expect(rows).toHaveLength(21);
    expect(contextTexts(classic)).toContain("Page 2 of 37 · rows 21-40 of 734");
  });

  it("the 10,000-row cap says how to get everything", () => {
    const capped = render(buildReport({ totalRows: 12_345, filters: { sources: ["bot"], contacts: ["Joe Bloggs"] } }), paged);
    expect(contextTexts(capped)).toContain("Page 2 of 500 · rows 21-40 of 10,000");
    const command =
      "The log shows the latest 10,000 of 12,345 assignments; for all of them run: " +
      `npx inbox-pulse export '/assignments 2026-10-25..2026-11-23 source:bot contact:"Joe Bloggs"' --workspace YOUR_TEAM_ID`;
    expect(contextTexts(capped)).toContain(command);
    const native = render(hundreds({ totalRows: 12_345, filters: { sources: ["bot"], contacts: ["Joe Bloggs"] } }));
    expect(contextTexts(native)).toContain(command);
  });

  it("the export command, pasted in a shell, gives back the same period and filters", () => {
    const typed = {
      sources: ["user" as const],
      contacts: ["O'Brien $(rm -rf ~)", "joe"],
      assignedBy: ["camille@example.com"],
      agents: ["Bob"],
    };
    const command = exportCommand(buildReport({ totalRows: 12_345, filters: typed }));
    const quoted = /^npx inbox-pulse export '(.*)' --workspace YOUR_TEAM_ID$/.exec(command)![1]!;
    expect(quoted.replaceAll("'\\''", "")).not.toContain("'");
    const parsed = parseCommandText("assignments", quoted.replaceAll("'\\''", "'").replace(/^\/assignments /, ""));
    if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
    expect(parsed.request.period).toEqual({ from: "2026-10-25", to: "2026-11-23" });
    // agent: does not apply to this report, so it is left out.
    expect(parsed.request.filters).toEqual({
      ...emptyFilters(),
      sources: ["user"],
      contacts: typed.contacts,
      assignedBy: typed.assignedBy,
    });
  });

  it("an empty report: the no-data notice, no chart, no table, no paging", () => {
    const empty = render(buildReport({ counts: {}, previousCounts: "empty" }));
    expect(contextTexts(empty)).toContain(":information_source: The selected filter(s) have no applicable data.");
    for (const type of ["table", "data_visualization", "image"]) expect(ofType(empty, type)).toHaveLength(0);
    expect(element(empty, ACTION_IDS.previous)).toBeUndefined();
    expect(element(empty, ACTION_IDS.next)).toBeUndefined();
    expect(ofType(empty, "data_table")).toHaveLength(0);
    expect(ofType(empty, "section")).toHaveLength(1);
    expect(empty.text).toContain(": No assignments in this period, nor in the previous 30 days.");
  });
});

describe("assignmentsMessage: controls", () => {
  const report = buildReport();
  const message = render(report, paged);

  it("beyond a data_table's 100 rows, Newer 100 and Older 100", () => {
    const native = render(hundreds({ page: 1 }));
    expect((element(native, ACTION_IDS.previous)!.text as Json).text).toBe("Newer 100");
    expect(decodeState(element(native, ACTION_IDS.next)!.value as string).page).toBe(2);
    expect((element(native, ACTION_IDS.next)!.text as Json).text).toBe("Older 100");
  });

  it("Previous and Next carry the request at the neighbouring pages", () => {
    expect(decodeState(element(message, ACTION_IDS.previous)!.value as string)).toEqual({ ...report.request, page: 0 });
    expect(decodeState(element(message, ACTION_IDS.next)!.value as string)).toEqual({ ...report.request, page: 2 });
    const first = render(buildReport({ page: 0 }), paged);
    expect(element(first, ACTION_IDS.previous)).toBeUndefined();
    expect(decodeState(element(first, ACTION_IDS.next)!.value as string).page).toBe(1);
    const last = render(buildReport({ page: 36 }), paged);
    expect(element(last, ACTION_IDS.next)).toBeUndefined();
    expect(contextTexts(last)).toContain("Page 37 of 37 · rows 721-734 of 734");
  });

  it("menus: period, source and assignee, with the current choice; the state in the block_id", () => {
    const filters = ofType(message, "actions").find((b) => b.block_id !== undefined)!;
    expect(decodeState(filters.block_id as string)).toEqual(report.request);
    const period = element(message, ACTION_IDS.period)!;
    expect((period.options as Json[]).map((o) => o.value)).toEqual([
      "today",
      "yesterday",
      "last-7-days",
      "last-14-days",
      "last-30-days",
      "this-month",
      "last-month",
    ]);
    expect((period.initial_option as Json).value).toBe("last-30-days");
    const source = element(message, ACTION_IDS.source)!;
    expect((source.options as Json[]).map((o) => o.value)).toEqual([
      ALL,
      "developer_api",
      "workflow",
      "bot",
      "zapier",
      "create",
      "user",
      "contact_import",
      "close_conversation",
      "click_to_chat_ad",
      "unknown",
    ]);
    expect((source.initial_option as Json).value).toBe(ALL);
    const assignee = element(message, ACTION_IDS.assignee)!;
    expect((assignee.options as Json[]).map((o) => o.value)).toEqual([ALL, "camille@example.com", "dominique@example.com"]);
  });

  it("Clear all empties the filters and goes back to the first page; Export and Share carry the request", () => {
    const filtered = render(hostile);
    const cleared = decodeState(element(filtered, ACTION_IDS.clear)!.value as string);
    expect(cleared.page).toBe(0);
    expect(Object.values(cleared.filters).every((v) => v.length === 0)).toBe(true);
    expect(cleared.period).toEqual(hostile.request.period);
    for (const id of [ACTION_IDS.export, ACTION_IDS.share])
      expect(decodeState(element(filtered, id)!.value as string)).toEqual(hostile.request);
  });

  it("a custom range leaves the period menu on its placeholder; one source filter is the source menu's choice", () => {
    const custom = render(buildReport({ period: { from: "2026-11-01", to: "2026-11-15" }, filters: { sources: ["bot"] } }));
    const period = element(custom, ACTION_IDS.period)!;
    expect(period.initial_option).toBeUndefined();
    expect((period.options as Json[]).map((o) => o.value)).not.toContain("2026-11-01..2026-11-15");
    expect(contextTexts(custom)[0]).toBe("1 Nov 2026 – 15 Nov 2026 · times in Europe/Paris");
    expect((element(custom, ACTION_IDS.source)!.initial_option as Json).value).toBe("bot");
    expect(blocks(custom)[0]).toMatchObject({ text: { text: "Assignments · Custom range" } });
  });

  it("assignee menu: at most 100 options, long labels cut, values too long to match left out, none without choices", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      label: `Agent ${i} ${"x".repeat(i === 0 ? 100 : 0)}`,
      value: `agent${i}@example.com`,
    }));
    const menu = element(
      render(report, { assigneeChoices: [{ label: "Too long", value: `${"v".repeat(76)}` }, ...many] }),
      ACTION_IDS.assignee,
    )!;
    const options = menu.options as { text: { text: string }; value: string }[];
    expect(options).toHaveLength(100);
    expect(options[1]!.value).toBe("agent0@example.com");
    expect(options[1]!.text.text).toHaveLength(75);
    expect(options[1]!.text.text.endsWith("…")).toBe(true);
    expect(element(render(report, { assigneeChoices: [] }), ACTION_IDS.assignee)).toBeUndefined();
  });

  it("a state too long for a block_id drops the menus, keeps the buttons, and says why", () => {
    const long = buildReport({ filters: { contacts: Array.from({ length: 10 }, (_, i) => `Contact with a long name ${i}`) } });
    const message = render(long);
    expect(ofType(message, "actions").some((b) => b.block_id !== undefined)).toBe(false);
    expect(element(message, ACTION_IDS.period)).toBeUndefined();
    expect(element(message, ACTION_IDS.clear)).toBeDefined();
    expect(decodeState(element(message, ACTION_IDS.export)!.value as string)).toEqual(long.request);
    expect(contextTexts(message)).toContain(
      "These filters are too long to keep in this message's menus; change them with the slash command, or clear them.",
    );
    expect(JSON.stringify(long.request).length).toBeGreaterThan(MAX_BLOCK_ID);
  });

  it("a state too long for a button value drops those buttons too", () => {
    const huge = buildReport({
      filters: {
        contacts: Array.from({ length: 10 }, () => "c".repeat(200)),
        conversations: Array.from({ length: 10 }, () => "v".repeat(200)),
      },
    });
    const message = render(huge);
    for (const id of [ACTION_IDS.previous, ACTION_IDS.next, ACTION_IDS.export, ACTION_IDS.share])
      expect(element(message, id)).toBeUndefined();
    expect(element(message, ACTION_IDS.clear)).toBeDefined();
    expect(contextTexts(message).some((t) => t.includes("menus and buttons"))).toBe(true);
  });

  it("shared to a channel: no controls at all", () => {
    expect(ofType(render(hostile, { interactive: false }), "actions")).toHaveLength(0);
  });
});

describe("assignmentsText", () => {
  it("totals, a bar per source scaled to 40, notices, the log page and the paging line", () => {
    const text = assignmentsText(hostile);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "Assignments · Last 30 days",
      "25 Oct 2026 – 23 Nov 2026 · times in Europe/Paris",
      `Filters: contact: ${HOSTILE_NAME}`,
    ]);
    expect(text).toContain("Assignments    734  (unassignments included)\nUnassignments   12");
    expect(lines).toContain(`Workflow                     210  28.6%  ${"█".repeat(40)}`);
    expect(lines).toContain(`Unknown                       10   1.4%  ${"█".repeat(2)}`);
    expect(text).toContain("! The selected filter(s) are not applicable here. (agent:)");
    expect(lines.find((l) => l.startsWith("2026-11-23 15:59"))).toBe(
      `2026-11-23 15:59  conv-100         contact-0   ${HOSTILE_NAME}  Camille            Dominique    Developer API                -`,
    );
    expect(lines.find((l) => l.startsWith("2026-11-23 15:57"))).toMatch(/User\s+Morgan$/);
    expect(lines.filter((l) => /^2026-\d\d-\d\d \d\d:\d\d/.test(l))).toHaveLength(20);
    expect(text.trimEnd().endsWith("Page 2 of 37 · rows 21-40 of 734")).toBe(true);
  });

  it("an empty report: totals at zero, the no-data notice, no log", () => {
    const text = assignmentsText(buildReport({ counts: {} }));
    expect(text).toContain("Assignments    0");
    expect(text).toContain("! The selected filter(s) have no applicable data.");
    expect(text).not.toContain("Timestamp");
  });

  it("control characters in customer text cannot drive the terminal", () => {
    const report = buildReport();
    report.log.rows[0]!.contactName = "Eve\u001b[2J\nnew line\u202eevil";
    expect(assignmentsText(report)).toContain("Eve [2J new line evil");
  });
});
