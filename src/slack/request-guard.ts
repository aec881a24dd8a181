// Slack's requests to /slack/events, checked before Bolt sees them (Bolt's own check is off:
// it refused old timestamps only, so a request signed for tomorrow ran, and it ran a replayed
// copy again). See docs/operations.md, "How Slack's requests are checked".
//  - X-Slack-Signature must be v0= + HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw
//    body), compared in constant time;
//  - X-Slack-Request-Timestamp within 5 minutes of now, either way;
//  - a request already let through is refused, on whichever replica its copy arrives: the
//    SHA-256 of its signature is claimed in the database (src/store/workspace/slack-request-signatures.ts).
//    Slack's own retries (X-Slack-Retry-Num) are signed anew, so they are new requests.
// Refusals are counted into one log line per reason and minute (refusal-log.ts).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { HttpError, readRawBody } from "../http/request-body.ts";
import type { Logger } from "../log.ts";
import { claimSlackRequest } from "../store/workspace/slack-request-signatures.ts";
import { isUnavailable, type Database } from "../store/engine/database.ts";
import type { RefusalLog } from "./refusal-log.ts";

const SLACK_EVENTS_PATH = "/slack/events";
/** Slack's and Bolt's rule: a timestamp more than 5 minutes from now is refused. */
const MAX_SKEW_SECONDS = 300;
/** A claim outlives the 5 minutes its signature is accepted for, with a margin. */
const KEEP_CLAIMS_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;
// Bolt's own limit on a request body.
const BODY_LIMIT = 4 * 1024 * 1024;

export type Refusal = "unsigned" | "bad_signature" | "stale_timestamp" | "future_timestamp" | "replay" | "too_large";

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
};

/** The request's timestamp (seconds) when it is signed with the secret and recent enough, else why not. */
export function checkSignature(
  signingSecret: string,
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  now: number,
): { ok: true; timestamp: number } | { ok: false; reason: Refusal } {
  if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "unsigned" };
  const expected = Buffer.from(`v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:`).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  // After the signature: these two count only requests signed with our secret (clock skew, or a real replay).
  const skew = Number(timestamp) - Math.floor(now / 1000);
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, reason: "stale_timestamp" };
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: "future_timestamp" };
  return { ok: true, timestamp: Number(timestamp) };
}

/** Slack's SSL check (form field ssl_check=1) comes unsigned; it is answered 200 and never run. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return (
    header(req, "content-type") === "application/x-www-form-urlencoded" &&
    new URLSearchParams(body.toString("utf8")).get("ssl_check") === "1"
  );
}

export interface RequestGuardOptions {
  signingSecret: string;
  db: Database;
  log: Logger;
  refusals: RefusalLog;
  now: () => number;
}

export class RequestGuard {
  private lastPrune = -Infinity;

  constructor(private readonly options: RequestGuardOptions) {}

  /**
   * True when the request may run: its body is then buffered where Bolt reads it
   * (`rawBody`, which Bolt uses instead of reading the stream). Otherwise it was answered.
   */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { signingSecret, db, log, now } = this.options;
    let body: Buffer;
    try {
      body = await readRawBody(req, BODY_LIMIT);
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) return this.refuse(res, "too_large", 413);
      throw error;
    }
    if (isSslCheck(req, body)) return answer(res, 200);
    const at = now();
    const checked = checkSignature(signingSecret, body, header(req, "x-slack-signature"), header(req, "x-slack-request-timestamp"), at);
    if (!checked.ok) return this.refuse(res, checked.reason, 401);
    const hash = createHash("sha256").update(header(req, "x-slack-signature")!).digest("hex");
    const prune = at - this.lastPrune >= PRUNE_EVERY_MS;
    let first: boolean;
    try {
      first = await claimSlackRequest(db, hash, checked.timestamp * 1000, prune ? at - KEEP_CLAIMS_MS : undefined);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      // Signed with our secret: only Slack can cause these lines.
      log.warn("slack request not run: database unavailable");
      return answer(res, 503);
    }
    if (prune) this.lastPrune = at;
    // A copy answers 200 with nothing done. Slack never sends one (its retries are signed
    // anew): it comes from an attacker, who learns nothing, or from a proxy resending a
    // request that already ran, and then a 200 spares the user an error and keeps Slack from
    // retrying an event that ran (a 401 would make it send the event again, newly signed).
    if (!first) return this.refuse(res, "replay", 200);
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    return true;
  }

  private refuse(res: ServerResponse, reason: Refusal, status: number): false {
    this.options.refusals.refused(reason);
    return answer(res, status);
  }
}

function answer(res: ServerResponse, status: number): false {
  res.writeHead(status);
  res.end();
  return false;
}

/** Puts the guard in front of Bolt's receiver for POST /slack/events; every other request goes to Bolt as it came. */
export function guardRequests(boltListener: RequestListener, guard: RequestGuard, log: Logger): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== SLACK_EVENTS_PATH) return boltListener(req, res);
    guard.admit(req, res).then(
      (admitted) => {
        if (admitted) boltListener(req, res);
      },
      (error: unknown) => {
        log.error("slack request failed before Bolt", { error: (error as Error)?.message });
        if (!res.headersSent) answer(res, 500);
      },
    );
  };
}
