// The ledger of posts that must happen once (digest_runs, alert_steps): a post is claimed
// before it is made. The claim is one atomic statement (an INSERT that skips an existing row,
// or an UPDATE guarded by the row's state), so two replicas sharing one database never both
// own the same key, and a claim left by a process that died is taken over after its lease.
import { engineOf, type Database } from "../engine/database.ts";
import { timestampParam, type Param } from "../engine/sql.ts";

export type LedgerTable = "digest_runs" | "alert_steps";

/** The row's key columns and their values, e.g. { subscription_id, period_key }. */
export type LedgerKey = Readonly<Record<string, Param>>;

export interface ClaimOptions {
  workspaceId: string;
  now: number;
  instance: string;
  /** A claim older than this is taken to have died with its process and may be taken over. */
  leaseMs: number;
  maxAttempts: number;
  /** Other columns of a new row, e.g. { due_at } (timestamps as epoch ms in `timestamps`). */
  extra?: Readonly<Record<string, Param>>;
  timestamps?: readonly string[];
}

const where = (key: LedgerKey) =>
  Object.keys(key)
    .map((column) => `${column} = ?`)
    .join(" AND ");

/**
 * Takes the key: a new row, or a failed one / an expired claim with attempts left. Returns
 * the attempt number when this caller now owns it and must post, null when another process
 * has it or it is finished.
 */
export async function claim(db: Database, table: LedgerTable, key: LedgerKey, o: ClaimOptions): Promise<number | null> {
  const { sql } = engineOf(db);
  const at = timestampParam(sql.dialect);
  const extra = Object.entries(o.extra ?? {});
  const columns = [...Object.keys(key), "workspace_id", ...extra.map(([c]) => c)];
  const values = [...Object.values(key), o.workspaceId, ...extra.map(([, v]) => v)];
  const marks = columns.map((c) => (o.timestamps?.includes(c) ? at : "?"));
  const inserted = await sql.run(
    `INSERT INTO ${table} (${columns.join(", ")}, status, attempts, claimed_at, claimed_by)
     VALUES (${marks.join(", ")}, 'claimed', 1, ${at}, ?) ON CONFLICT DO NOTHING`,
    [...values, o.now, o.instance],
  );
  if (inserted === 1) return 1;
  const taken = await sql.run(
    `UPDATE ${table} SET status = 'claimed', attempts = attempts + 1, claimed_at = ${at}, claimed_by = ?, error = NULL
     WHERE ${where(key)} AND attempts < ? AND (status = 'failed' OR (status = 'claimed' AND claimed_at < ${at}))`,
    [o.now, o.instance, ...Object.values(key), o.maxAttempts, o.now - o.leaseMs],
  );
  if (taken !== 1) return null;
  const [row] = await sql.query<{ attempts: number }>(`SELECT attempts FROM ${table} WHERE ${where(key)}`, Object.values(key));
  return Number(row?.attempts ?? 1);
}

/** Records how a claimed post ended. `set`: other columns to write, e.g. { message_ts }. */
export async function finish(
  db: Database,
  table: LedgerTable,
  key: LedgerKey,
  result: { status: "posted" | "failed"; now: number; error?: string; set?: Readonly<Record<string, Param>> },
): Promise<void> {
  const { sql } = engineOf(db);
  const set = Object.entries(result.set ?? {});
  await sql.run(
    `UPDATE ${table} SET status = ?, finished_at = ${timestampParam(sql.dialect)}, error = ?${set.map(([c]) => `, ${c} = ?`).join("")}
     WHERE ${where(key)}`,
    [result.status, result.now, result.error ?? null, ...set.map(([, v]) => v), ...Object.values(key)],
  );
}
