// The CSV importer (src/ingest/csv-import.ts) against a real database, and the
// `inbox-pulse import` command as a user runs it.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, csvLine, readCsvCell } from "../../src/domain/csv-cell.ts";
import { CsvImportError, importCsv, type CsvImportOptions } from "../../src/ingest/csv-import.ts";
import { createTestDatabase, PG_ADMIN_URL, TEST_PROVIDER, type TestDatabase } from "../support/database.ts";

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "inbox-pulse-csv-"));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const EN = "Timestamp,Conversation ID,Contact ID,Contact name,Previous assignee,Assigned to,Source,Assigned by";
const EMAIL = "Event ID,Timestamp,Type,Thread ID,Customer email,Customer name,Agent ID,Agent name,Agent email,Automatic";
const crlf = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

let workspaces = 0;
const newWorkspace = () => `TCSV${++workspaces}`;

async function importText(kind: CsvImportOptions["kind"], text: string, options: Partial<CsvImportOptions> & { chunkBytes?: number } = {}) {
  const workspaceId = options.workspaceId ?? newWorkspace();
  const bytes = Buffer.from(text);
  const size = options.chunkBytes ?? bytes.length;
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const written: string[] = [];
  const result = await importCsv({
    db,
    workspaceId,
    kind,
    input: Readable.from(chunks),
    rejects: { write: (line) => written.push(line) },
    ...options,
  });
  return { result, rejects: written.join(""), workspaceId };
}

type AssignmentHit = {
  event_id: string;
  occurred_at: number;
  conversation_id: string | null;
  contact_id: string;
  contact_name: string | null;
  previous_assignee_name: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  source: string;
  assigned_by_name: string | null;
  assigned_by_email: string | null;
};

const assignments = (workspaceId: string) =>
  db.raw.sql.query<AssignmentHit>("SELECT * FROM assignments WHERE workspace_id = ? ORDER BY occurred_at, event_id", [workspaceId]);

const lines = (result: { rejections: { line: number }[] }) => result.rejections.map((r) => r.line);

describe("assignments CSV", () => {
  // Lines: 1 header, 2, 3-5 (a record with two line breaks in quotes), 6, 7 blank, 8.
  const tricky = crlf(
    `\uFEFF${EN}`,
    `2026-11-20T09:00:00Z,c1,k1,"Lee, Joe",-,Fox,Bot,`,
    `2026-11-20T11:00:00+01:00,c1,k1,"Joe\r\n""JJ""\r\nLee",,Ann,Workflow,`,
    `2026-11-20T11:00:00,c1,k1,Joe,,Ann,Workflow,`,
    ``,
    `2026-11-20T12:00:00Z,c1,k1,Joe,,Fox,Fax,`,
  );

  it("reads a BOM, CRLF, quoted commas and line breaks, and names the line each rejected row starts on", async () => {
    const { result, workspaceId } = await importText("assignments", tricky);
    expect(result).toMatchObject({ rows: 4, imported: 2, duplicates: 0, rejected: 2 });
    expect(lines(result)).toEqual([6, 8]);
    expect(result.rejections[0]!.errors).toEqual([{ path: "Timestamp", message: expect.stringContaining("no UTC offset") }]);
    expect(result.rejections[1]!.errors).toEqual([{ path: "Source", message: expect.stringContaining('unknown source "Fax"') }]);
    const stored = await assignments(workspaceId);
    expect(stored.map((a) => a.contact_name)).toEqual(["Lee, Joe", 'Joe\r\n"JJ"\r\nLee']);
    expect(stored.map((a) => a.occurred_at)).toEqual([Date.parse("2026-11-20T09:00:00Z"), Date.parse("2026-11-20T10:00:00Z")]);
  });

  it("gives the same result when the file arrives one byte at a time (BOM, CRLF and quotes split across chunks)", async () => {
    const whole = await importText("assignments", tricky);
    const bytewise = await importText("assignments", tricky, { chunkBytes: 1 });
    expect(bytewise.result).toEqual(whole.result);
    expect(bytewise.rejects).toBe(whole.rejects);
  });

  it("takes the seed's French headers in any order, case, accents and spacing, and French source labels", async () => {
    const { result, workspaceId } = await importText(
      "assignments",
      crlf(
        "  source ,AFFECTE A,Horodatage,ID de contact,Nom du contact,Cessionnaire precedent,Attribué   par,id DE conversation",
        "API pour développeurs,Fox,2026-11-20T09:00:00Z,k1,Joe,-,,c1",
        "Utilisateur,Ann Lee <Ann@Example.com>,2026-11-20T10:00:00Z,k1,Joe,Fox,boss@example.com,c1",
        "Flux de travail,ann@example.com,2026-11-20T11:00:00Z,k1,Joe,,Zoe,c1",
        "Conversation rapprochée (héritage),-,2026-11-20T12:00:00Z,k1,Joe,,,c1",
      ),
    );
    expect(result).toMatchObject({ imported: 4, rejected: 0 });
    const stored = await assignments(workspaceId);
    expect(stored.map((a) => a.source)).toEqual(["developer_api", "user", "workflow", "close_conversation"]);
    expect(stored.map((a) => [a.assignee_name, a.assignee_email])).toEqual([
      ["Fox", null],
      ["Ann Lee", "ann@example.com"],
      [null, "ann@example.com"],
      [null, null],
    ]);
    // "Assigned by" is kept only for the User source (the seed: "applicable only if the source is the user").
    expect(stored.map((a) => a.assigned_by_email ?? a.assigned_by_name)).toEqual([null, "boss@example.com", null, null]);
  });

  it("reads `-` as no previous assignee and an empty cell as the contact's last known assignee", async () => {
    const { workspaceId } = await importText(
      "assignments",
      crlf(
        EN,
        "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,",
        "2026-11-20T10:00:00Z,c1,k1,Joe,,Ann,Workflow,",
        "2026-11-20T11:00:00Z,c1,k1,Joe,-,Zoe,Workflow,",
      ),
    );
    expect((await assignments(workspaceId)).map((a) => a.previous_assignee_name)).toEqual([null, "Fox", null]);
  });

  it("accepts timestamps without an offset only with a time zone, and refuses times the clocks skipped", async () => {
    const text = crlf(
      EN,
      "2026-11-20 10:00:00,c1,k1,Joe,,Fox,Bot,",
      "2026-03-29 02:30:00,c1,k2,Joe,,Fox,Bot,",
      "2026-02-30T10:00:00Z,c1,k3,Joe,,Fox,Bot,",
      "yesterday,c1,k4,Joe,,Fox,Bot,",
    );
    const without = await importText("assignments", text);
    expect(without.result.rejections.map((r) => [r.line, r.errors[0]!.message])).toEqual([
      [2, expect.stringMatching(/no UTC offset.*--time-zone Europe\/Paris/)],
      [3, expect.stringContaining("no UTC offset")],
      [4, expect.stringContaining("not a real date")],
      [5, expect.stringContaining("ISO 8601")],
    ]);
    const paris = await importText("assignments", text, { timeZone: "Europe/Paris" });
    expect(paris.result.imported).toBe(1);
    expect(paris.result.rejections.map((r) => [r.line, r.errors[0]!.message])).toEqual([
      [3, "2026-03-29 02:30:00 does not exist in Europe/Paris: the clocks skipped that hour"],
      [4, expect.stringContaining("not a real date")],
      [5, expect.stringContaining("ISO 8601")],
    ]);
    expect((await assignments(paris.workspaceId))[0]!.occurred_at).toBe(Date.parse("2026-11-20T09:00:00Z"));
    await expect(importText("assignments", text, { timeZone: "Europe/Pariss" })).rejects.toThrow(RangeError);
  });

  it("rejects a row with the wrong number of cells, and keeps going", async () => {
    const { result } = await importText(
      "assignments",
      crlf(
        EN,
        "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot",
        "2026-11-20T09:00:00Z,c1,k2,Joe,-,Fox,Bot,,extra",
        "2026-11-20T09:00:00Z,c1,k3,Joe,-,Fox,Bot,",
      ),
    );
    expect(result).toMatchObject({ imported: 1, rejected: 2 });
    expect(result.rejections).toEqual([
      { line: 2, errors: [{ path: "(row)", message: "expected 8 cells as in the header, got 7" }] },
      { line: 3, errors: [{ path: "(row)", message: "expected 8 cells as in the header, got 9" }] },
    ]);
  });

  it("reports every problem of a row, named by the file's own headers", async () => {
    const { result } = await importText(
      "assignments",
      crlf("Horodatage,ID de contact,Affecté à,Source", "2026-11-20T09:00:00Z,-,Fox <fox@>,Fax"),
    );
    expect(result.rejections[0]!.errors).toEqual([
      { path: "ID de contact", message: "required, but the cell is empty" },
      { path: "Affecté à", message: expect.stringContaining("Name <email>") },
      { path: "Source", message: expect.stringContaining("unknown source") },
    ]);
  });

  it("stores nothing new on a re-run, and names identical rows of one file as duplicates", async () => {
    const text = crlf(
      EN,
      "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,",
      "2026-11-20T10:00:00Z,c1,k1,Joe,,Ann,Bot,",
      "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,",
    );
    const first = await importText("assignments", text);
    expect(first.result).toMatchObject({ imported: 2, duplicates: 1, duplicateRows: [{ line: 4, of: 2 }] });
    const again = await importText("assignments", text, { workspaceId: first.workspaceId });
    expect(again.result).toMatchObject({ imported: 0, duplicates: 3, rejected: 0 });
    expect(again.result.duplicateRows).toEqual([
      { line: 2, of: null },
      { line: 3, of: null },
      { line: 4, of: 2 },
    ]);
    // The id is the row's meaning, not its spelling: the same events in French are the same events.
    const french = crlf(
      "Horodatage,ID de conversation,ID de contact,Nom du contact,Cessionnaire précédent,Affecté à,Source,Attribué par",
      "2026-11-20T10:00:00+01:00,c1,k1,Joe,-,Fox,bot,",
    );
    expect((await importText("assignments", french, { workspaceId: first.workspaceId })).result).toMatchObject({
      imported: 0,
      duplicates: 1,
    });
    expect(await assignments(first.workspaceId)).toHaveLength(2);
  });

  it("writes rejected rows with an error column, protected against formulas, and a corrected rejects file imports as is", async () => {
    const { result, rejects, workspaceId } = await importText(
      "assignments",
      crlf(EN, "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,", `2026-11-20T10:00:00,c1,+33612345678,"=HYPERLINK(""http://x"")",-,Fox,Bot,`),
    );
    expect(result).toMatchObject({ imported: 1, rejected: 1 });
    expect(rejects).toBe(
      `${EN},error\r\n` +
        `2026-11-20T10:00:00,c1,'+33612345678,"'=HYPERLINK(""http://x"")",-,Fox,Bot,,` +
        `"line 3: Timestamp: ""2026-11-20T10:00:00"" has no UTC offset: write it like 2026-11-23T09:30:00+01:00, or import with the file's time zone (--time-zone Europe/Paris)"\r\n`,
    );
    const corrected = rejects.replace("2026-11-20T10:00:00,", "2026-11-20T10:00:00Z,");
    expect((await importText("assignments", corrected, { workspaceId })).result).toMatchObject({ imported: 1, rejected: 0 });
    const stored = await assignments(workspaceId);
    expect(stored[1]).toMatchObject({ contact_id: "+33612345678", contact_name: '=HYPERLINK("http://x")', previous_assignee_name: null });
  });
});

describe("files that cannot be imported", () => {
  const count = async (workspaceId: string) => (await assignments(workspaceId)).length;

  it.each([
    ["an empty file", ""],
    ["a byte order mark alone", "\uFEFF"],
    ["blank lines and empty cells", "\r\n\r\n,,,\r\n"],
  ])("refuses %s with a clear message", async (_, text) => {
    const workspaceId = newWorkspace();
    await expect(importText("assignments", text, { workspaceId })).rejects.toThrow(
      /^the file is empty: expected a header line with the columns Timestamp/,
    );
  });

  it("imports nothing and rejects nothing from a header alone", async () => {
    const { result, rejects } = await importText("assignments", crlf(EN));
    expect(result).toEqual({ rows: 0, imported: 0, duplicates: 0, rejected: 0, rejections: [], duplicateRows: [] });
    expect(rejects).toBe("");
  });

  it("refuses a header with a missing or unknown column, naming the expected ones, and stores nothing", async () => {
    const workspaceId = newWorkspace();
    const missing = importText("assignments", crlf("Timestamp,Contact ID,Assigned to,Canal", "2026-11-20T09:00:00Z,k1,Fox,Bot"), {
      workspaceId,
    });
    await expect(missing).rejects.toThrow(CsvImportError);
    await expect(missing).rejects.toThrow(
      'line 1: unknown column "Canal"; missing column "Source". Expected the columns Timestamp, Conversation ID, Contact ID, Contact name, ' +
        "Previous assignee, Assigned to, Source, Assigned by (or in French: Horodatage, ID de conversation, ID de contact, Nom du contact, " +
        "Cessionnaire précédent, Affecté à, Source, Attribué par), in any order; required: Timestamp, Contact ID, Assigned to, Source",
    );
    expect(await count(workspaceId)).toBe(0);
  });

  it("stops at a quote that is never closed, after storing the rows before it", async () => {
    const workspaceId = newWorkspace();
    const text = crlf(
      EN,
      "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,",
      "",
      `2026-11-20T10:00:00Z,c1,k2,"Joe,-,Fox,Bot,`,
      "2026-11-20T11:00:00Z,c1,k3,Joe,-,Fox,Bot,",
    );
    const error: unknown = await importText("assignments", text, { workspaceId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvImportError);
    expect((error as CsvImportError).message).toBe(
      "line 4: a quoted cell that starts on this row is never closed; the import stopped there",
    );
    expect((error as CsvImportError).result).toMatchObject({ rows: 1, imported: 1 });
    expect(await count(workspaceId)).toBe(1);
  });
});

describe("email CSV", () => {
  type ConversationHit = {
    id: string;
    customer_email: string;
    customer_name: string | null;
    started_at: number;
    first_response_at: number | null;
    first_responder_name: string | null;
    closed_at: number | null;
    closer_email: string | null;
    reopen_count: number;
  };

  it("stores the events and builds the conversations, with or without event ids", async () => {
    const { result, workspaceId } = await importText(
      "email",
      crlf(
        EMAIL,
        "m1,2026-11-20T09:00:00Z,received,t1,Cus@Example.com,Cus Tomer,,,,",
        ",2026-11-20T09:05:00Z,replied,t1,,,,Auto responder,,yes",
        ",2026-11-20T09:30:00Z,email.replied,t1,cus@example.com,,u1,Fox,,FALSE",
        "m4,2026-11-20T10:00:00Z,Closed,t1,,,,,fox@example.com,",
        "m5,2026-11-21T09:00:00Z,received,t2,cus@example.com,,,,,",
      ),
    );
    expect(result).toMatchObject({ rows: 5, imported: 5, rejected: 0 });
    const ids = await db.raw.sql.query<{ event_id: string }>(
      "SELECT event_id FROM email_events WHERE workspace_id = ? ORDER BY occurred_at",
      [workspaceId],
    );
    expect(ids.map((e) => e.event_id)).toEqual([
      "m1",
      expect.stringMatching(/^csv:[0-9a-f]{32}$/),
      expect.stringMatching(/^csv:[0-9a-f]{32}$/),
      "m4",
      "m5",
    ]);
    const conversations = await db.raw.sql.query<ConversationHit>(
      "SELECT * FROM email_conversations WHERE workspace_id = ? ORDER BY started_at",
      [workspaceId],
    );
    expect(conversations.map((c) => ({ ...c, reopen_count: Number(c.reopen_count) }))).toMatchObject([
      {
        id: "m1",
        customer_email: "cus@example.com",
        customer_name: "Cus Tomer",
        started_at: Date.parse("2026-11-20T09:00:00Z"),
        // The automatic reply does not count as the first response.
        first_response_at: Date.parse("2026-11-20T09:30:00Z"),
        first_responder_name: "Fox",
        closed_at: Date.parse("2026-11-20T10:00:00Z"),
        closer_email: "fox@example.com",
        reopen_count: 0,
      },
      { id: "m5", started_at: Date.parse("2026-11-21T09:00:00Z"), first_response_at: null, closed_at: null },
    ]);
    expect(
      (await importText("email", crlf(EMAIL, "m1,2026-11-20T09:00:00Z,received,t1,cus@example.com,,,,,"), { workspaceId })).result,
    ).toMatchObject({
      imported: 0,
      duplicates: 1,
    });
  });

  it("rejects rows that miss what their type needs", async () => {
    const { result } = await importText(
      "email",
      crlf(
        "Timestamp,Type,Thread ID,Customer email,Agent name,Agent email,Automatic",
        "2026-11-20T09:00:00Z,received,t1,,,,",
        "2026-11-20T09:00:00Z,replied,t1,,,,maybe",
        "2026-11-20T09:00:00Z,forwarded,t1,,,,",
        "2026-11-20T09:00:00Z,reopened,-,,,,",
      ),
    );
    expect(result.rejections).toEqual([
      { line: 2, errors: [{ path: "Customer email", message: "expected the customer's email address" }] },
      {
        line: 3,
        errors: [
          { path: "Agent name", message: "a replied email needs an agent: fill Agent name, Agent ID or Agent email" },
          { path: "Automatic", message: 'expected true/false, yes/no or 1/0, got "maybe"' },
        ],
      },
      {
        line: 4,
        errors: [{ path: "Type", message: 'expected received, replied, closed, reopened (or email.received...), got "forwarded"' }],
      },
      { line: 5, errors: [{ path: "Thread ID", message: "required, but the cell is empty" }] },
    ]);
  });
});

describe("large files", () => {
  const rows = (from: number, to: number) =>
    Array.from(
      { length: to - from },
      (_, i) => `2026-11-20T09:00:${String((from + i) % 60).padStart(2, "0")}Z,c1,k${from + i},Joe,-,Fox,Bot,`,
    );

  it("stores batch after batch and reports progress", async () => {
    const progress: { bytes: number; rows: number }[] = [];
    const text = crlf(EN, ...rows(0, 25));
    const { result } = await importText("assignments", text, { batchSize: 10, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ rows: 25, imported: 25 });
    expect(progress.map((p) => p.rows)).toEqual([10, 20, 25]);
    expect(progress.at(-1)!.bytes).toBe(Buffer.byteLength(text));
  });

  it("reads the file at most one batch ahead of the rows stored", async () => {
    const lines = [EN, ...rows(0, 60)].map((line) => Buffer.from(`${line}\r\n`));
    // Bytes up to the end of row n (the header is line 0).
    const upTo = (n: number) => lines.slice(0, Math.min(n, 60) + 1).reduce((sum, line) => sum + line.length, 0);
    const seen: { rows: number; bytes: number }[] = [];
    const { result } = await importText("assignments", "", {
      input: Readable.from(lines),
      batchSize: 10,
      onProgress: (p) => void seen.push(p),
    });
    expect(result).toMatchObject({ rows: 60, imported: 60 });
    expect(seen.map((p) => p.rows)).toEqual([10, 20, 30, 40, 50, 60]);
    // Read by then: the rows stored, the next batch read meanwhile, and the record the parser holds until the next chunk.
    for (const { rows: stored, bytes } of seen) expect(bytes).toBeLessThanOrEqual(upTo(stored + 10 + 1));
  });

  it("stops with what was committed when the database becomes unavailable, and a re-run completes the import", async () => {
    const workspaceId = newWorkspace();
    const fault = await databaseFault();
    // The rest of the file is read only once the fault is in place. The first part holds one
    // row more than a batch: the parser hands out a chunk's last record only with the next.
    let faultInPlace!: () => void;
    const gate = new Promise<void>((resolve) => (faultInPlace = resolve));
    async function* input() {
      yield Buffer.from(crlf(EN, ...rows(0, 11)));
      await gate;
      yield Buffer.from(crlf(...rows(11, 30)));
    }
    let error: unknown;
    try {
      error = await importText("assignments", "", {
        workspaceId,
        input: Readable.from(input()),
        batchSize: 10,
        onProgress: () => void fault.start().then(faultInPlace),
      }).catch((e: unknown) => e);
    } finally {
      await fault.stop();
    }
    expect(error).toBeInstanceOf(CsvImportError);
    expect((error as CsvImportError).message).toMatch(
      /^the database became unavailable \(.+\) while storing the rows from line 12: the 10 rows before them are committed \(imported 10, duplicates 0, rejected 0\) and nothing from line 12 on was stored\. Re-running the same import is safe/,
    );
    expect((error as CsvImportError).result).toMatchObject({ rows: 10, imported: 10 });
    expect(await assignments(workspaceId)).toHaveLength(10);
    expect((await importText("assignments", crlf(EN, ...rows(0, 30)), { workspaceId })).result).toMatchObject({
      imported: 20,
      duplicates: 10,
    });
  });
});

/**
 * A real outage, started between two batches: SQLite locked by another connection (the
 * import gives up after the busy timeout), or PostgreSQL's assignments table locked and
 * the import's backend terminated while it waits, as a crash or failover would.
 */
async function databaseFault(): Promise<{ start(): Promise<void>; stop(): Promise<void> }> {
  if (TEST_PROVIDER === "sqlite") {
    const other = new Database(db.url.slice("file:".length));
    return {
      start: async () => void other.prepare("BEGIN EXCLUSIVE").run(),
      stop: async () => {
        if (other.inTransaction) other.prepare("ROLLBACK").run();
        other.close();
      },
    };
  }
  const schema = new URL(db.url).searchParams.get("schema")!;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  let killer: Promise<void> | undefined;
  return {
    async start() {
      await admin.query("BEGIN");
      await admin.query(`LOCK TABLE ${schema}.assignments IN ACCESS EXCLUSIVE MODE`);
      killer = (async () => {
        for (let attempt = 0; attempt < 400; attempt++) {
          const { rows } = await admin.query(
            `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
             JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT l.granted AND c.relname = 'assignments' AND n.nspname = $1`,
            [schema],
          );
          if (rows.length > 0) return;
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
    },
    async stop() {
      await killer;
      await admin.query("ROLLBACK");
      await admin.end();
    },
  };
}

describe("inbox-pulse import", () => {
  const run = promisify(execFile);
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ["bin/inbox-pulse.js", "import", ...args], {
        env: { ...process.env, DATABASE_URL: db.url },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it("prints the summary and the rejected lines, writes the rejects file, and exits 1 when rows were rejected", async () => {
    const file = join(dir, "log.csv");
    writeFileSync(
      file,
      crlf(
        EN,
        "2026-11-20T09:00:00Z,c1,k1,Joe,-,Fox,Bot,",
        "2026-11-20 10:00:00,c1,k1,Joe,,Ann,Bot,",
        "2026-11-20T11:00:00Z,c1,k1,Joe,,Ann,Nope,",
      ),
    );
    const first = await cli("assignments", file, "--workspace", "T0001");
    expect(first.code).toBe(1);
    expect(first.stdout.split("\n")).toEqual([
      "imported 1, duplicates 0, rejected 2",
      'line 3: Timestamp: "2026-11-20 10:00:00" has no UTC offset: write it like 2026-11-23T09:30:00+01:00, or import with the file\'s time zone (--time-zone Europe/Paris)',
      expect.stringMatching(/^line 4: Source: unknown source "Nope"/),
      `rejected rows written to ${join(dir, "log.rejected.csv")}`,
      "",
    ]);
    expect(readFileSync(join(dir, "log.rejected.csv"), "utf8").split("\r\n")[0]).toBe(`${EN},error`);

    const again = await cli(
      "assignments",
      file,
      "--workspace",
      "T0001",
      "--time-zone",
      "Europe/Paris",
      "--rejects",
      join(dir, "again.csv"),
    );
    expect(again.code).toBe(1);
    expect(again.stdout.split("\n").slice(0, 3)).toEqual([
      "imported 1, duplicates 1, rejected 1",
      "1 row was already stored (earlier in this file or by an earlier import)",
      expect.stringMatching(/^line 4: Source:/),
    ]);
  });

  it("exits 0 without a rejects file when every row is fine, 1 on an empty file and 2 on a usage error", async () => {
    const file = join(dir, "fine.csv");
    writeFileSync(file, crlf(EN, "2026-11-20T09:00:00Z,c1,k9,Joe,-,Fox,Bot,"));
    expect(await cli("assignments", file, "--workspace", "T0001")).toMatchObject({
      code: 0,
      stdout: "imported 1, duplicates 0, rejected 0\n",
    });
    expect(existsSync(join(dir, "fine.rejected.csv"))).toBe(false);

    writeFileSync(join(dir, "empty.csv"), "");
    const empty = await cli("assignments", join(dir, "empty.csv"), "--workspace", "T0001");
    expect(empty).toMatchObject({ code: 1, stdout: "" });
    expect(empty.stderr).toMatch(/^Import stopped: the file is empty/);

    const usage = await cli("calls", file, "--workspace", "T0001");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("import assignments|email FILE.csv");
  });
});

describe("csvCell", () => {
  const values = [
    "plain",
    "a,b",
    'say "hi"',
    "two\nlines",
    "=1+2",
    "+33 6",
    "-",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "a=b",
    "'=already",
    "''x",
    "'t Hooft",
    "",
  ];

  it("quotes what needs it, neutralises formulas and apostrophes, and writes none as a bare `-`", () => {
    expect(values.map(csvCell)).toEqual([
      "plain",
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      "'=1+2",
      "'+33 6",
      "'-",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
      "a=b",
      "''=already",
      "'''x",
      "''t Hooft",
      "",
    ]);
    expect(csvCell(null)).toBe("-");
    expect(csvLine(["a", "b,c", null])).toBe('a,"b,c",-\r\n');
  });

  it("reads back what it wrote, and a hand-written cell as it is", () => {
    const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);
    expect(values.map((v) => readCsvCell(unquote(csvCell(v))))).toEqual(values.map((v) => v.trim()));
    expect(readCsvCell(csvCell(null))).toBeNull();
    expect(["-", " - ", "'-", "'t Hooft", "'x", "=1+2", " '=x "].map(readCsvCell)).toEqual([
      null,
      null,
      "-",
      "'t Hooft",
      "'x",
      "=1+2",
      "=x",
    ]);
  });
});
