// inbox-pulse webhook set-secret|show --workspace T0001: the respond.io webhook's signing key.
// The key is never printed; `--secret -` reads it from stdin, out of shell history and `ps`.
import { text } from "node:stream/consumers";
import { RESPONDIO_EVENT_TYPES, respondioWebhookUrlPath } from "../ingest/respondio-webhook.ts";
import { setWebhookSecret, webhookSecretSetAt } from "../store/workspace/webhook-secrets.ts";
import { parseCommandArgs, requireWorkspace } from "./args.ts";
import { withDatabase } from "./database.ts";
import { UsageError } from "./usage-error.ts";

async function signingKeyOf(flag: string | boolean | undefined): Promise<string> {
  if (typeof flag !== "string") {
    throw new UsageError(
      "webhook set-secret: expected --secret <signing key> (from respond.io's webhook settings), or --secret - to read it from stdin",
    );
  }
  const key = (flag === "-" ? await text(process.stdin) : flag).trim();
  if (key === "") throw new UsageError("webhook set-secret: the signing key is empty");
  return key;
}

export async function webhookCommand(args: string[]): Promise<number> {
  const { positionals, flags } = parseCommandArgs(args, { workspace: { type: "string" }, secret: { type: "string" } });
  const [action] = positionals;
  const workspaceId = requireWorkspace(flags);
  const urlPath = respondioWebhookUrlPath(workspaceId);
  switch (action) {
    case "set-secret": {
      const signingKey = await signingKeyOf(flags.secret);
      return withDatabase(async (db) => {
        const replaced = await setWebhookSecret(db, workspaceId, signingKey);
        process.stdout.write(
          `${replaced ? "Replaced" : "Saved"} the respond.io signing key of workspace ${workspaceId}.\n` +
            `In respond.io, point the webhook at https://<this app's public host>${urlPath}\n`,
        );
        return 0;
      });
    }
    case "show":
      return withDatabase(async (db) => {
        const setAt = await webhookSecretSetAt(db, workspaceId);
        process.stdout.write(
          `Webhook URL: https://<this app's public host>${urlPath}\n` +
            `Events used: ${RESPONDIO_EVENT_TYPES.join(", ")} (others are acknowledged and ignored)\n` +
            (setAt
              ? `Signing key: set ${setAt.toISOString()}\n`
              : `Signing key: not set; requests will be refused until you run: inbox-pulse webhook set-secret --workspace ${workspaceId} --secret -\n`),
        );
        return 0;
      });
    default:
      throw new UsageError("webhook: expected set-secret or show, e.g. webhook show --workspace T0001");
  }
}
