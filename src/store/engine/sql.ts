// A thin SQL layer over better-sqlite3 and pg, used where Prisma is too slow (bulk
// writes, report aggregates). SQL is written once with `?` placeholders; PostgreSQL gets
// them renumbered to $1..$n. Timestamps go in as epoch milliseconds and come out as numbers.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { startCheckpointer, type Checkpointer, type CheckpointerOptions } from "./sqlite-checkpointer.ts";

export type Dialect = "sqlite" | "postgresql";
export type Param = string | number | boolean | null;
export type Row = Record<string, unknown>;

/** Reads only: what reports need (on SQLite, served by a worker thread: src/store/engine/sqlite-reader.ts). */
export interface SqlReader {
  readonly dialect: Dialect;
  query<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
}

export interface SqlExecutor extends SqlReader {
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs one statement once per parameter list; resolves to the rows each run changed. */
  runEach(sql: string, rows: readonly (readonly Param[])[]): Promise<number[]>;
  /** PostgreSQL, inside transaction(): `COPY ... FROM STDIN` fed with COPY text. */
  copyIn?(sql: string, text: Iterable<string>): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Thrown when the database cannot be reached or is busy; the caller may retry. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super("database unavailable", { cause });
  }
}

const SQLITE_UNAVAILABLE = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL"]);
// PostgreSQL SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention:
// admin shutdown, terminated backend) and 40001/40P01 (serialization, deadlock).
const PG_UNAVAILABLE = /^(08|53|57)|^40001$|^40P01$/;

// Prisma's codes for "could not reach the database in time" (its errors carry no driver code).
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && PRISMA_UNAVAILABLE.has(code)) return true;
  if (typeof code !== "string") {
    const message = error instanceof Error ? error.message : "";
    return /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect/i.test(message);
  }
  // Extended SQLite codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE...) count as their base code.
  const sqliteBase = code.split("_").slice(0, 2).join("_");
  return (
    SQLITE_UNAVAILABLE.has(sqliteBase) || PG_UNAVAILABLE.test(code) || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code)
  );
}

export function wrap(error: unknown): never {
  throw isUnavailable(error) ? new DatabaseUnavailableError(error) : error;
}

/** PostgreSQL: epoch milliseconds (an SQL expression) as Prisma's UTC `timestamp(3)`. */
export function pgMillisToTimestamp(expression: string): string {
  return `TIMESTAMP 'epoch' + ${expression} * INTERVAL '1 millisecond'`;
}

/** A placeholder for a timestamp given as epoch milliseconds, in either dialect. */
export function timestampParam(dialect: Dialect): string {
  return dialect === "sqlite" ? "?" : pgMillisToTimestamp("?::float8");
}

// ---------------------------------------------------------------- SQLite

export function openSqlite(file: string, checkpoints: CheckpointerOptions = {}): SqlDatabase {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  // 64 MiB of page cache instead of 2: the ingest path's index look-ups and inserts stay in
  // memory on tables of millions of rows.
  db.pragma("cache_size = -65536");
  return new SqliteDatabase(db, file === ":memory:" ? null : startCheckpointer(db, file, checkpoints));
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  constructor(protected readonly db: Database.Database) {}

  protected prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async query<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    try {
      return this.prepare(sql).all(...toSqlite(params)) as T[];
    } catch (error) {
      return wrap(error);
    }
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    try {
      return this.prepare(sql).run(...toSqlite(params)).changes;
    } catch (error) {
      return wrap(error);
    }
  }

  async exec(script: string): Promise<void> {
    try {
      this.db.exec(script);
    } catch (error) {
      wrap(error);
    }
  }

  // One synchronous loop: no promise per row on the bulk-insert path.
  async runEach(sql: string, rows: readonly (readonly Param[])[]): Promise<number[]> {
    try {
      const statement = this.prepare(sql);
      const changes: number[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        // Copy only rows that hold a boolean: most hold none, and a copy per row is garbage.
        changes[i] = statement.run(row.some((p) => typeof p === "boolean") ? row.map(toSqliteValue) : row).changes;
      }
      return changes;
    } catch (error) {
      return wrap(error);
    }
  }
}

class SqliteDatabase extends SqliteExecutor implements SqlDatabase {
  constructor(
    db: Database.Database,
    private readonly checkpointer: Checkpointer | null,
  ) {
    super(db);
  }

  // better-sqlite3 is synchronous and has one connection: transactions are serialised
  // so that an await inside one never lets another statement slip into it.
  private queue: Promise<unknown> = Promise.resolve();

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      try {
        this.checkpointer?.beforeTransaction();
        this.db.prepare("BEGIN IMMEDIATE").run();
      } catch (error) {
        wrap(error);
      }
      try {
        const result = await work(this);
        this.db.prepare("COMMIT").run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.prepare("ROLLBACK").run();
        return wrap(error);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.checkpointer?.stop();
    // The last connection to close checkpoints what is left.
    this.db.close();
  }
}

const toSqliteValue = (p: Param) => (typeof p === "boolean" ? (p ? 1 : 0) : p);

export function toSqlite(params: readonly Param[]): unknown[] {
  return params.map(toSqliteValue);
}

// ---------------------------------------------------------------- PostgreSQL

/** `?` placeholders become $1..$n. Our SQL never has a `?` inside a string literal. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const pgSqlCache = new Map<string, string>();
function pgSql(sql: string): string {
  let text = pgSqlCache.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sql);
    pgSqlCache.set(sql, text);
  }
  return text;
}

// Prisma's DateTime is `timestamp(3)` without time zone, holding UTC: read it as UTC
// whatever the process's TZ, and bigint counts as numbers.
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 1114) return (value: string) => Date.parse(`${value.replace(" ", "T")}Z`);
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

export function createPgPool(connectionString: string, schema: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    // Quoted, as Prisma's adapter names it: "Reports" is not folded to reports.
    options: `-c search_path="${schema}"`,
    types: pgTypes as unknown as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
  });
}

class PgExecutor implements SqlExecutor {
  readonly dialect = "postgresql" as const;
  /** `inTransaction`: an executor on a client inside transaction() (copyIn needs one). */
  constructor(
    protected readonly client: pg.Pool | pg.PoolClient,
    private readonly inTransaction = false,
  ) {}

  async copyIn(sql: string, text: Iterable<string>): Promise<void> {
    if (!this.inTransaction) throw new Error("copyIn() works inside a transaction only");
    try {
      await pipeline(Readable.from(text), (this.client as pg.PoolClient).query(copyFrom(sql)));
    } catch (error) {
      wrap(error);
    }
  }

  async query<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    try {
      return (await this.client.query(pgSql(sql), params as Param[])).rows as T[];
    } catch (error) {
      return wrap(error);
    }
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    try {
      return (await this.client.query(pgSql(sql), params as Param[])).rowCount ?? 0;
    } catch (error) {
      return wrap(error);
    }
  }

  async exec(script: string): Promise<void> {
    try {
      await this.client.query(script);
    } catch (error) {
      wrap(error);
    }
  }

  async runEach(sql: string, rows: readonly (readonly Param[])[]): Promise<number[]> {
    const changes: number[] = [];
    for (const row of rows) changes.push(await this.run(sql, row));
    return changes;
  }
}

class PgDatabase extends PgExecutor implements SqlDatabase {
  constructor(private readonly pool: pg.Pool) {
    super(pool);
    // An idle client that loses its connection must not crash the process.
    pool.on("error", () => undefined);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      return wrap(error);
    }
    let broken = false;
    // A connection that dies mid-transaction also emits 'error' on the client: without a
    // listener that would crash the process. The failed query rejects on its own.
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await work(new PgExecutor(client, true));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true;
      }
      return wrap(error);
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export function openPostgres(pool: pg.Pool): SqlDatabase {
  return new PgDatabase(pool);
}
