// Reads DATABASE_URL into the provider and connection details. Shared by the app and
// prisma.config.ts so that both always open the same database.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export type DatabaseTarget = { provider: "sqlite"; file: string } | { provider: "postgresql"; connectionString: string; schema: string };

const DEFAULT_SQLITE_FILE = "data/inbox-pulse.db";

export class DatabaseUrlError extends Error {}

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (url === undefined || url.trim() === "") {
    return { provider: "sqlite", file: resolve(DEFAULT_SQLITE_FILE) };
  }
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/^\/\//, "");
    if (path === "") throw new DatabaseUrlError("DATABASE_URL: expected file:<path>, got an empty path");
    return { provider: "sqlite", file: resolve(path) };
  }
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseUrlError("DATABASE_URL: not a valid postgresql:// URL");
    }
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new DatabaseUrlError(`DATABASE_URL: schema must be a plain identifier, got "${schema}"`);
    }
    parsed.searchParams.delete("schema");
    return { provider: "postgresql", connectionString: parsed.toString(), schema };
  }
  throw new DatabaseUrlError("DATABASE_URL: expected unset (embedded SQLite), file:<path> or postgresql://...");
}

/** The SQLite file's folder is created on first use. */
export function ensureSqliteFolder(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}
