// Why the database named by DATABASE_URL could not be opened, as the one line start-up
// prints (docs/operations.md, "Settings"): what is wrong and what to do, never the password.
import { basename, dirname } from "node:path";
import type { DatabaseTarget } from "./database-url.ts";
import { DatabaseUnavailableError } from "./sql.ts";

type Failure = { code?: unknown; message?: unknown; syscall?: unknown };

const codeOf = (error: Failure) => (typeof error.code === "string" ? error.code : "");
const messageOf = (error: Failure) => (typeof error.message === "string" && error.message !== "" ? error.message : codeOf(error));

function sqliteProblem(file: string, error: Failure): string | undefined {
  const code = codeOf(error);
  const reason = messageOf(error);
  if (code.startsWith("SQLITE_READONLY") || code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return (
      `DATABASE_URL: cannot write the SQLite database ${file} (${reason}): give the user running Inbox Pulse write access ` +
      `to it and to its folder ${dirname(file)} (SQLite writes ${basename(file)}-wal and ${basename(file)}-shm beside it), ` +
      "or set DATABASE_URL=file:<path> to a file it can write"
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code === "ENOTDIR" || code === "ENOENT" || code === "EEXIST") {
    return `DATABASE_URL: cannot open or create the SQLite database ${file} (${reason}): check that its folder ${dirname(file)} can be created, or set DATABASE_URL=file:<path>`;
  }
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    return `DATABASE_URL: ${file} is not a usable SQLite database (${reason}): set DATABASE_URL=file:<path> to an Inbox Pulse database, or to a new file`;
  }
  return undefined;
}

function postgresProblem(connectionString: string, schema: string, error: Failure): string | undefined {
  const url = new URL(connectionString);
  const where = `${url.hostname}:${url.port || "5432"}`;
  const user = decodeURIComponent(url.username) || "(the default user)";
  const database = decodeURIComponent(url.pathname.slice(1)) || user;
  const code = codeOf(error);
  const reason = messageOf(error);
  if (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code) ||
    /timeout|Connection terminated/i.test(reason)
  ) {
    return `DATABASE_URL: cannot connect to PostgreSQL at ${where} (${reason}): start PostgreSQL, or fix the host and port in DATABASE_URL`;
  }
  if (code === "28P01" || code === "28000")
    return `DATABASE_URL: PostgreSQL at ${where} refused user ${user} (${reason}): fix the user and password in DATABASE_URL`;
  if (code === "3D000")
    return `DATABASE_URL: PostgreSQL at ${where} has no database ${database}: create it (createdb ${database}), or fix its name in DATABASE_URL`;
  if (code === "42501") {
    return (
      `DATABASE_URL: user ${user} may not create what Inbox Pulse needs in schema ${schema} of database ${database} (${reason}): ` +
      `create the schema for it (CREATE SCHEMA ${schema} AUTHORIZATION ${user}), or use a schema it owns`
    );
  }
  if (code === "25006") return `DATABASE_URL: PostgreSQL at ${where} is read-only (${reason}): point DATABASE_URL at the primary server`;
  return undefined;
}

/** The start-up line for a failure to open or migrate `target`, or undefined when it is not one of those known. */
export function openFailure(target: DatabaseTarget, error: unknown): string | undefined {
  const cause = (error instanceof DatabaseUnavailableError ? error.cause : error) as Failure | null;
  if (cause === null || typeof cause !== "object") return undefined;
  return target.provider === "sqlite" ? sqliteProblem(target.file, cause) : postgresProblem(target.connectionString, target.schema, cause);
}
