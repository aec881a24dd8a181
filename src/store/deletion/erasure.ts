// Erasure on request (docs/operations.md, "Erasure"): a whole workspace, one contact, or one email
// customer. Each erasure runs in one transaction (all of it or nothing) and answers with
// the rows deleted per table. An erasure is a list of deletions, so a dry run counts
// exactly what the real one would delete.
import { transaction, type Database } from "../engine/database.ts";
import type { Param, SqlExecutor } from "../engine/sql.ts";
import { customersShapedBy, lockEmailConversations, rebuildConversations } from "../events/conversations.ts";
import { identitiesOnlyIn, type IdentityStream, type RowCondition } from "../events/person-identities.ts";
import { lockWorkspaceWrites } from "../events/workspace-writes.ts";

export type ErasureCounts = Record<string, number>;

interface Deletion {
  table: string;
  where: string;
  params: Param[];
}

const byWorkspace = (table: string, workspaceId: string): Deletion => ({ table, where: "workspace_id = ?", params: [workspaceId] });

/**
 * Everything stored for the workspace; nothing is kept: its events and what is derived
 * from them, ingest tokens, the webhook signing key, business hours, digests and their
 * runs, report access, agent links, who is who, the Slack installation (its id is the workspace id)
 * and the workspace row with its settings. The app then knows the workspace no more than
 * before it was installed.
 */
function workspaceDeletions(workspaceId: string): Deletion[] {
  return [
    ...[
      // Before assignments, whose delete trigger would otherwise count it down row by row.
      "assignment_counts",
      "assignments",
      // After assignments, whose delete trigger stamps it (PostgreSQL).
      "assignment_writers",
      "contact_conversation_events",
      "email_events",
      "email_threads",
      "email_conversations",
      "email_customers",
      "ingest_tokens",
      "webhook_secrets",
      "business_schedules",
      "schedule_recomputes",
      "digest_runs",
      "digest_subscriptions",
      "alert_steps",
      "alert_episodes",
      "alert_rules",
      "report_access",
      "agent_links",
      "person_identities",
    ].map((table) => byWorkspace(table, workspaceId)),
    { table: "slack_installations", where: "id = ?", params: [workspaceId] },
    { table: "workspaces", where: "id = ?", params: [workspaceId] },
  ];
}

/** The identities that only the rows matching `rows` carry: they go before those rows. */
function identityDeletion(stream: IdentityStream, workspaceId: string, rows: RowCondition): Deletion {
  return { table: "person_identities", ...identitiesOnlyIn(stream, workspaceId, rows) };
}

/**
 * A contact's rows: its assignments (the only copies of its name) and its conversation
 * events, and the assignees that only those assignments name. A derived previous assignee
 * only ever comes from the same contact's history, so no other contact's row changes.
 */
function contactDeletions(workspaceId: string, contactId: string): Deletion[] {
  const contactRows: RowCondition = (a) => ({ sql: `${a}.contact_id = ?`, params: [contactId] });
  return [
    identityDeletion("assignments", workspaceId, contactRows),
    { table: "assignments", where: `workspace_id = ? AND ${contactRows("assignments").sql}`, params: [workspaceId, contactId] },
    { table: "contact_conversation_events", where: "workspace_id = ? AND contact_id = ?", params: [workspaceId, contactId] },
  ];
}

/**
 * A customer address's rows: its threads with every event in them, its own emails in other
 * customers' threads, its conversations (the copies of its name and address), and the agents
 * that only those events name.
 */
function customerDeletions(workspaceId: string, email: string): Deletion[] {
  const threadEvents: RowCondition = (e) => ({
    sql: `${e}.thread_id IN (SELECT thread_id FROM email_threads WHERE workspace_id = ? AND customer_email = ?)`,
    params: [workspaceId, email],
  });
  const inThreads = threadEvents("email_events");
  const events = { sql: `(COALESCE(email_events.customer_email, '') = ? OR ${inThreads.sql})`, params: [email, ...inThreads.params] };
  return [
    // Its own emails carry no agent: of its events, only those in its threads can name one.
    identityDeletion("email", workspaceId, threadEvents),
    { table: "email_events", where: `workspace_id = ? AND ${events.sql}`, params: [workspaceId, ...events.params] },
    { table: "email_threads", where: "workspace_id = ? AND customer_email = ?", params: [workspaceId, email] },
    { table: "email_conversations", where: "workspace_id = ? AND customer_email = ?", params: [workspaceId, email] },
    { table: "email_customers", where: "workspace_id = ? AND email = ?", params: [workspaceId, email] },
  ];
}

async function countRows(tx: SqlExecutor, deletions: readonly Deletion[]): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  for (const d of deletions) {
    const [row] = await tx.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${d.table} WHERE ${d.where}`, d.params);
    counts[d.table] = (counts[d.table] ?? 0) + Number(row?.n ?? 0);
  }
  return counts;
}

async function deleteRows(tx: SqlExecutor, deletions: readonly Deletion[]): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  for (const d of deletions) counts[d.table] = (counts[d.table] ?? 0) + (await tx.run(`DELETE FROM ${d.table} WHERE ${d.where}`, d.params));
  return counts;
}

export interface ErasureOptions {
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
}

/**
 * `customersToRebuild`, read before deleting: customers whose conversations the deleted
 * rows shaped, rebuilt from what remains in the same transaction.
 */
function erase(
  db: Database,
  workspaceId: string,
  deletions: readonly Deletion[],
  options: ErasureOptions,
  customersToRebuild?: (tx: SqlExecutor) => Promise<string[]>,
): Promise<ErasureCounts> {
  return transaction(db, async (tx) => {
    if (options.dryRun) return countRows(tx, deletions);
    await lockWorkspaceWrites(tx, workspaceId);
    await lockEmailConversations(tx, workspaceId);
    const customers = (await customersToRebuild?.(tx)) ?? [];
    const counts = await deleteRows(tx, deletions);
    await rebuildConversations(tx, workspaceId, new Map(customers.map((c) => [c, null])));
    return counts;
  });
}

export function eraseWorkspaceData(db: Database, workspaceId: string, options: ErasureOptions = {}): Promise<ErasureCounts> {
  return erase(db, workspaceId, workspaceDeletions(workspaceId), options);
}

export function eraseContact(db: Database, workspaceId: string, contactId: string, options: ErasureOptions = {}): Promise<ErasureCounts> {
  return erase(db, workspaceId, contactDeletions(workspaceId, contactId), options);
}

/** `email` as received (addresses are stored lower-cased). */
export function eraseCustomer(db: Database, workspaceId: string, email: string, options: ErasureOptions = {}): Promise<ErasureCounts> {
  const address = email.trim().toLowerCase();
  // The customer's emails in other customers' threads shaped those customers' conversations
  // (start, first response, name): they are rebuilt from what remains.
  return erase(db, workspaceId, customerDeletions(workspaceId, address), options, (tx) => customersShapedBy(tx, workspaceId, address));
}
