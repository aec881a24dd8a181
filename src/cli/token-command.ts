// inbox-pulse token create|list|revoke --workspace T0001
import { createToken, listTokens, revokeToken } from "../store/workspace/tokens.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

export async function tokenCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, {
    workspace: { type: "string" },
    label: { type: "string" },
    json: { type: "boolean" },
  });
  const [action, tokenId] = positionals;
  const workspaceId = requireWorkspace(flags);
  switch (action) {
    case "create":
      return withDatabase(async (db) => {
        const label = typeof flags.label === "string" ? flags.label : null;
        const { token, info } = await createToken(db, workspaceId, label);
        process.stdout.write(`Created token ${info.id} for workspace ${workspaceId}. It is shown once; keep it secret:\n${token}\n`);
        return 0;
      });
    case "list":
      return withDatabase(async (db) => {
        const tokens = await listTokens(db, workspaceId);
        if (flags.json) {
          const list = tokens.map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt ?? null }));
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return 0;
        }
        if (tokens.length === 0) process.stdout.write(`No tokens for workspace ${workspaceId}.\n`);
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
          process.stdout.write(`${t.id}\t${state}\tcreated ${t.createdAt.toISOString()}\t${t.label ?? ""}\n`);
        }
        return 0;
      });
    case "revoke":
      if (tokenId === undefined)
        throw new UsageError("token revoke: expected the token id, e.g. token revoke tok_1a2b3c --workspace T0001");
      return withDatabase(async (db) => {
        if (!(await revokeToken(db, workspaceId, tokenId))) {
          process.stderr.write(`No active token ${tokenId} in workspace ${workspaceId}.\n`);
          return 1;
        }
        process.stdout.write(`Revoked ${tokenId}.\n`);
        return 0;
      });
    default:
      throw new UsageError("token: expected create, list or revoke, e.g. token create --workspace T0001");
  }
}
