// Opens the database named by DATABASE_URL: a raw SQL handle for the fast paths and a
// Prisma client for everything else, on the same file (SQLite) or pool (PostgreSQL), and a
// reader for reports. Callers hold a Database and hand it to store functions, which pick the
// handle: only store modules open it (engineOf).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient as SqlitePrismaClient } from "../../generated/sqlite/client.ts";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client.ts";
import { DatabaseUrlError, ensureSqliteFolder, parseDatabaseUrl, type DatabaseTarget } from "./database-url.ts";
import { applyMigrations, pendingMigrations } from "./migrate.ts";
import { openFailure } from "./open-failure.ts";
import { SqliteReader } from "./sqlite-reader.ts";
import { createPgPool, openPostgres, openSqlite, type SqlDatabase, type SqlExecutor, type SqlReader } from "./sql.ts";

// What callers may catch: the database is down or busy, and a retry may succeed.
export { DatabaseUnavailableError, isUnavailable } from "./sql.ts";

// PostgreSQL report reader: a report runs its statements at once (the agent-performance
// report four, the assignments report up to four), and two reports may overlap.
const REPORT_CONNECTIONS = 6;

// Both generated clients have the same models and methods; the SQLite one's type stands for both.
export type PrismaDb = InstanceType<typeof SqlitePrismaClient>;

export interface Database {
  readonly target: DatabaseTarget;
  /** The migrations this open applied (`inbox-pulse migrate` prints them). */
  readonly migrationsApplied: readonly string[];
  close(): Promise<void>;
}

/** The handles behind a Database. */
export interface Engine {
  /** Writes, transactions and short reads. */
  readonly sql: SqlDatabase;
  /** For reports: off the main thread on SQLite (src/store/engine/sqlite-reader.ts), a pool of their own on PostgreSQL. */
  readonly reader: SqlReader;
  readonly prisma: PrismaDb;
  /** PostgreSQL's connection pools by use (none on SQLite: one connection and the reader thread's). */
  readonly pools: Readonly<Record<string, pg.Pool>>;
}

const engines = new WeakMap<Database, Engine>();

/** The handles of a Database, for store modules. */
export function engineOf(db: Database): Engine {
  const engine = engines.get(db);
  if (engine === undefined) throw new Error("not a Database from openDatabase");
  return engine;
}

/** Runs `work` in one transaction: the store functions it hands `tx` to join it. */
export function transaction<T>(db: Database, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  return engineOf(db).sql.transaction(work);
}

/** The migrations not applied yet (opened with `migrate: false`, the app checks there are none). */
export function migrationsPending(db: Database): Promise<string[]> {
  return pendingMigrations(engineOf(db).sql);
}

export interface PoolUsage {
  pool: string;
  inUse: number;
  idle: number;
  waiting: number;
}

/** How busy each PostgreSQL connection pool is now (the metrics); empty on SQLite. */
export function poolUsage(db: Database): PoolUsage[] {
  return Object.entries(engineOf(db).pools).map(([pool, p]) => ({
    pool,
    inUse: p.totalCount - p.idleCount,
    idle: p.idleCount,
    waiting: p.waitingCount,
  }));
}

/** Whether the database answers a query now (the readiness probe). */
export async function databaseResponds(db: Database): Promise<boolean> {
  try {
    await engineOf(db).sql.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens and migrates the database. A failure that the settings or the server explain (a
 * read-only file, PostgreSQL down, no such database...) is a DatabaseUrlError of one line.
 */
export async function openDatabase(url: string | undefined, options: { migrate?: boolean } = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  try {
    return await open(target, options.migrate !== false);
  } catch (error) {
    const problem = openFailure(target, error);
    throw problem === undefined ? error : new DatabaseUrlError(problem, { cause: error });
  }
}

async function open(target: DatabaseTarget, migrate: boolean): Promise<Database> {
  let sql: SqlDatabase;
  let reader: SqlReader & { close?(): Promise<void> };
  let prisma: PrismaDb;
  const pools: Record<string, pg.Pool> = {};
  if (target.provider === "sqlite") {
    ensureSqliteFolder(target.file);
    sql = openSqlite(target.file);
    reader = new SqliteReader(target.file);
    prisma = new SqlitePrismaClient({
      adapter: new PrismaBetterSQLite3({ url: target.file, timeout: 5000 }, { timestampFormat: "unixepoch-ms" }),
    });
  } else {
    const pool = (pools.writes = createPgPool(target.connectionString, target.schema));
    sql = openPostgres(pool);
    // Reports have connections of their own: a long report never holds up ingest's pool.
    reader = openPostgres((pools.reports = createPgPool(target.connectionString, target.schema, REPORT_CONNECTIONS)));
    prisma = new PostgresPrismaClient({
      adapter: new PrismaPg(pool, { schema: target.schema, disposeExternalPool: false }),
    }) as unknown as PrismaDb;
  }
  const migrationsApplied: string[] = [];
  const database: Database = {
    target,
    migrationsApplied,
    async close() {
      await prisma.$disconnect();
      if (reader !== sql) await reader.close?.();
      await sql.close();
    },
  };
  engines.set(database, { sql, reader, prisma, pools });
  if (migrate) {
    try {
      migrationsApplied.push(...(await applyMigrations(sql, target.provider === "postgresql" ? target.schema : undefined)));
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
