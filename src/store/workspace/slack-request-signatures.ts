// The Slack requests already let through, shared by every replica (migration 0017): a
// request is claimed by inserting the hash of its signature, and the primary key lets one
// insert win, whichever replica makes it. Not scoped by workspace: it is checked before the
// request is read, and holds no workspace's data.
import { transaction, type Database } from "../engine/database.ts";
import { timestampParam } from "../engine/sql.ts";

/**
 * Claims a request: true the first time its signature hash is seen, false for a copy.
 * `pruneBefore`: also deletes the claims of requests older than that (epoch ms).
 */
export function claimSlackRequest(db: Database, signatureHash: string, requestAt: number, pruneBefore?: number): Promise<boolean> {
  // A transaction of its own: on SQLite's one connection a bare statement would run inside
  // whatever transaction another request has open.
  return transaction(db, async (tx) => {
    if (pruneBefore !== undefined)
      await tx.run(`DELETE FROM slack_request_signatures WHERE request_at < ${timestampParam(tx.dialect)}`, [pruneBefore]);
    const inserted = await tx.run(
      `INSERT INTO slack_request_signatures (signature_hash, request_at) VALUES (?, ${timestampParam(tx.dialect)})
       ON CONFLICT (signature_hash) DO NOTHING`,
      [signatureHash, requestAt],
    );
    return inserted === 1;
  });
}
