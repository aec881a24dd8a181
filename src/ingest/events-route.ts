// POST /api/v1/events: one event, or {"events": [...]} (at most 1,000 and 1 MiB).
// Authenticated by an ingest token (Authorization: Bearer ...), which names the workspace.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorId, type Logger } from "../log.ts";
import { isUnavailable, type Database } from "../store/engine/database.ts";
import { findActiveToken } from "../store/workspace/tokens.ts";
import { ingestEvents } from "./ingest-service.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { HttpError, parseJson, readRawBody, requireJsonContentType, sendJson } from "../http/request-body.ts";

export const MAX_EVENTS_PER_REQUEST = 1000;

export interface RouteDeps {
  db: Database;
  limiter: RateLimiter;
  log: Logger;
  /** When a request is received (tests set it): events dated well after it are rejected. */
  clock?: () => number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function authenticate(db: Database, req: IncomingMessage): Promise<{ id: string; workspaceId: string }> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!match) throw new HttpError(401, "missing Authorization: Bearer <token> header", { "www-authenticate": "Bearer" });
  const token = await findActiveToken(db, match[1]!);
  if (!token) throw new HttpError(401, "unknown or revoked token", { "www-authenticate": "Bearer" });
  return token;
}

function eventsOf(body: unknown): { items: unknown[]; single: boolean } {
  if (typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body) {
    const { events, ...rest } = body as { events: unknown };
    if (Object.keys(rest).length > 0) throw new HttpError(400, `unknown field(s) beside "events": ${Object.keys(rest).join(", ")}`);
    if (!Array.isArray(events)) throw new HttpError(400, `"events" must be an array of events`);
    if (events.length === 0) throw new HttpError(400, `"events" is empty: send at least one event`);
    if (events.length > MAX_EVENTS_PER_REQUEST) {
      throw new HttpError(413, `"events" has ${events.length} events; the limit is ${MAX_EVENTS_PER_REQUEST} per request`);
    }
    return { items: events, single: false };
  }
  if (Array.isArray(body)) throw new HttpError(400, `send one event object, or {"events": [...]}, not a bare array`);
  return { items: [body], single: true };
}

/** Answers whole-request failures (HttpError, database down) the same way on every route. */
export async function respondToFailure(res: ServerResponse, error: unknown, log: Logger, route: string): Promise<void> {
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: error.message }, error.headers);
  } else if (isUnavailable(error)) {
    log.warn("database unavailable", { route });
    sendJson(res, 503, { error: "database unavailable; nothing was stored, retry the same request" }, { "retry-after": "5" });
  } else {
    const id = errorId();
    log.error("ingest failed", { route, errorId: id, error: (error as Error)?.message });
    sendJson(res, 500, { error: "internal error", errorId: id });
  }
}

export function eventsRoute({ db, limiter, log, clock = Date.now }: RouteDeps): RouteHandler {
  return async (req, res) => {
    try {
      if (req.method !== "POST") throw new HttpError(405, "use POST", { allow: "POST" });
      const token = await authenticate(db, req);
      const wait = limiter.take(token.id);
      if (wait > 0) {
        req.resume();
        throw new HttpError(429, `rate limit exceeded for this token; retry in ${wait} s`, { "retry-after": String(wait) });
      }
      requireJsonContentType(req);
      const { items, single } = eventsOf(parseJson(await readRawBody(req)));
      const outcome = await ingestEvents(db, token.workspaceId, items, clock());
      log.info("events ingested", { workspaceId: token.workspaceId, tokenId: token.id, ...countsOf(outcome) });
      if (single) {
        const result = outcome.results[0]!;
        sendJson(res, result.status === "rejected" ? 422 : result.status === "stored" ? 201 : 200, result);
      } else {
        sendJson(res, 200, outcome);
      }
    } catch (error) {
      await respondToFailure(res, error, log, "/api/v1/events");
    }
  };
}

function countsOf(o: { stored: number; duplicates: number; rejected: number }) {
  return { stored: o.stored, duplicates: o.duplicates, rejected: o.rejected };
}
