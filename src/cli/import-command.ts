// inbox-pulse import assignments|email FILE.csv --workspace T0001 [--time-zone Europe/Paris] [--rejects PATH]
// Exit code: 0 all rows handled, 1 rows rejected or the import stopped, 2 usage error.
import { closeSync, createReadStream, openSync, statSync, writeSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { IANAZone } from "luxon";
import { CsvImportError, importCsv, type CsvImportResult } from "../ingest/csv-import.ts";
import { DatabaseUnavailableError } from "../store/engine/database.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

const USAGE = "import: expected import assignments|email FILE.csv --workspace T0001 [--time-zone Europe/Paris] [--rejects PATH]";
const SHOWN = 20;

export async function importCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    "time-zone": { type: "string" },
    rejects: { type: "string" },
  });
  const [kind, file, ...extra] = positionals;
  if ((kind !== "assignments" && kind !== "email") || file === undefined || extra.length > 0) throw new UsageError(USAGE);
  const workspaceId = requireWorkspace(flags);
  const timeZone = typeof flags["time-zone"] === "string" ? flags["time-zone"] : undefined;
  if (timeZone !== undefined && !IANAZone.isValidZone(timeZone)) {
    throw new UsageError(`--time-zone: expected an IANA time zone such as Europe/Paris, got "${timeZone}"`);
  }
  const size = fileSize(file);
  const rejectsPath = resolve(
    typeof flags.rejects === "string" ? flags.rejects : join(dirname(file), `${basename(file, extname(file))}.rejected.csv`),
  );
  if (rejectsPath === resolve(file)) throw new UsageError("--rejects: must not be the file being imported");

  const rejects = new LazyFile(rejectsPath);
  const progress = process.stderr.isTTY ? progressBar(size) : undefined;
  try {
    const result = await withDatabase((db) =>
      importCsv({ db, workspaceId, kind, input: createReadStream(file), rejects, timeZone, onProgress: progress?.update }),
    );
    progress?.clear();
    process.stdout.write(summary(result, rejects));
    return result.rejected > 0 ? 1 : 0;
  } catch (error) {
    progress?.clear();
    if (error instanceof CsvImportError) {
      if (error.result.rows > 0) process.stdout.write(summary(error.result, rejects));
      process.stderr.write(`Import stopped: ${error.message}\n`);
      return 1;
    }
    if (error instanceof DatabaseUnavailableError) {
      const why = error.cause instanceof Error ? error.cause.message : String(error.cause);
      process.stderr.write(`The database is unavailable (${why}): nothing was imported. Check DATABASE_URL and try again.\n`);
      return 1;
    }
    throw error;
  } finally {
    rejects.close();
  }
}

function fileSize(file: string): number {
  try {
    const stat = statSync(file);
    if (stat.isFile()) return stat.size;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ENOENT") throw new UsageError(`no such file: ${file}`);
    throw new UsageError(`import: cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  throw new UsageError(`import: ${file} is not a file`);
}

function summary(result: CsvImportResult, rejects: LazyFile): string {
  const lines = [`imported ${result.imported}, duplicates ${result.duplicates}, rejected ${result.rejected}`];
  for (const d of result.duplicateRows.filter((d) => d.of !== null).slice(0, SHOWN))
    lines.push(`line ${d.line}: duplicate of line ${d.of}`);
  // Exact while every duplicate is listed; past that, only that some were.
  const already = result.duplicateRows.filter((d) => d.of === null).length;
  const listedAll = result.duplicateRows.length === result.duplicates;
  const count = !listedAll ? "rows were" : already === 1 ? "1 row was" : `${already} rows were`;
  if (already > 0) lines.push(`${count} already stored (earlier in this file or by an earlier import)`);
  const problems = result.rejections.flatMap((r) => r.errors.map((e) => `line ${r.line}: ${e.path}: ${e.message}`));
  lines.push(...problems.slice(0, SHOWN));
  if (result.rejected > 0) {
    if (problems.length > SHOWN || result.rejected > result.rejections.length) lines.push(`... (the first ${SHOWN} problems are shown)`);
    if (rejects.created) lines.push(`rejected rows written to ${rejects.path}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A file created on the first write (no rejects, no file), written in 64 KiB blocks. */
class LazyFile {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly path: string) {}

  get created(): boolean {
    return this.fd !== undefined || this.pending.length > 0;
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 64 * 1024) this.flush();
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.path, "w");
    writeSync(this.fd, this.pending.join(""));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** One line on stderr, redrawn at most 5 times a second. */
function progressBar(total: number): { update(p: { bytes: number; rows: number }): void; clear(): void } {
  const started = Date.now();
  let drawn = 0;
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  return {
    update({ bytes, rows }) {
      const now = Date.now();
      if (now - drawn < 200) return;
      drawn = now;
      const share = total > 0 ? Math.min(1, bytes / total) : 1;
      const bar = "#".repeat(Math.round(share * 30)).padEnd(30, ".");
      const rate = Math.round(rows / Math.max((now - started) / 1000, 0.001));
      process.stderr.write(`\r[${bar}] ${Math.floor(share * 100)}%  ${mb(bytes)} / ${mb(total)} MB  ${rate} rows/s\x1b[K`);
    },
    clear() {
      if (drawn > 0) process.stderr.write("\r\x1b[K");
    },
  };
}
