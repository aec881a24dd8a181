// inbox-pulse erase --workspace T0001 (--contact <id> | --customer <email> | --all-data) [--yes]
// Without --yes it only counts what would go. The log line names the workspace, the kind
// and the counts; the contact id or address appears only as a hash, to match an audit
// request against without keeping the personal data itself.
import { createHash } from "node:crypto";
import { createLogger } from "../log.ts";
import { eraseContact, eraseCustomer, eraseWorkspaceData, type ErasureCounts, type ErasureOptions } from "../store/deletion/erasure.ts";
import type { Database } from "../store/engine/database.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

const USAGE =
  "erase: expected exactly one of --contact <contact id>, --customer <email address> or --all-data, e.g. erase --workspace T0001 --contact 12345 --yes";

type Target = { kind: "contact"; contactId: string } | { kind: "customer"; email: string } | { kind: "all-data" };

function targetOf(flags: Record<string, string | boolean | undefined>): Target {
  const chosen = [flags.contact, flags.customer, flags["all-data"]].filter((f) => f !== undefined);
  if (chosen.length !== 1) throw new UsageError(USAGE);
  if (flags["all-data"] !== undefined) return { kind: "all-data" };
  if (typeof flags.contact === "string") {
    if (flags.contact.trim() === "") throw new UsageError("erase --contact: the contact id is empty");
    return { kind: "contact", contactId: flags.contact.trim() };
  }
  const email = String(flags.customer).trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`erase --customer: expected an email address such as jane@example.com`);
  return { kind: "customer", email };
}

function run(db: Database, workspaceId: string, target: Target, options: ErasureOptions): Promise<ErasureCounts> {
  switch (target.kind) {
    case "contact":
      return eraseContact(db, workspaceId, target.contactId, options);
    case "customer":
      return eraseCustomer(db, workspaceId, target.email, options);
    case "all-data":
      return eraseWorkspaceData(db, workspaceId, options);
  }
}

/** What the log may keep of the subject: a hash (addresses lower-cased, as stored). */
function subjectHash(target: Target): string | undefined {
  const subject = target.kind === "contact" ? target.contactId : target.kind === "customer" ? target.email.toLowerCase() : undefined;
  return subject === undefined ? undefined : createHash("sha256").update(subject).digest("hex").slice(0, 16);
}

const scopeOf = (target: Target, workspaceId: string) =>
  target.kind === "all-data" ? `all the data of workspace ${workspaceId}` : `this ${target.kind}'s data in workspace ${workspaceId}`;

const table = (counts: ErasureCounts) =>
  Object.entries(counts)
    .map(([name, n]) => `  ${name.padEnd(28)} ${n}\n`)
    .join("");

export async function eraseCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    contact: { type: "string" },
    customer: { type: "string" },
    "all-data": { type: "boolean" },
    yes: { type: "boolean" },
  });
  if (positionals.length > 0) throw new UsageError(`erase: unexpected "${positionals[0]}". ${USAGE}`);
  const workspaceId = requireWorkspace(flags);
  const target = targetOf(flags);
  const confirmed = flags.yes === true;
  return withDatabase(async (db) => {
    const counts = await run(db, workspaceId, target, { dryRun: !confirmed });
    if (!confirmed) {
      process.stdout.write(
        `Would erase ${scopeOf(target, workspaceId)}:\n${table(counts)}Nothing was erased: run again with --yes to erase.\n`,
      );
      return 1;
    }
    createLogger().info("erased", { workspaceId, kind: target.kind, subjectHash: subjectHash(target), ...counts });
    process.stdout.write(`Erased ${scopeOf(target, workspaceId)}:\n${table(counts)}`);
    return 0;
  });
}
