// The real ingest HTTP server on a free port, over a test database.
import { createHttpServer, listen } from "../../src/http/server.ts";
import { RateLimiter } from "../../src/ingest/rate-limiter.ts";
import { ingestRoutes } from "../../src/ingest/routes.ts";
import { silentLogger } from "../../src/log.ts";
import type { Database } from "../../src/store/engine/database.ts";

/** `clock`: the time the routes see each request arrive at (default: the real time). */
export async function startIngestServer(db: Database, limiter = new RateLimiter(1_000_000, 1_000_000), clock?: () => number) {
  const server = createHttpServer(ingestRoutes({ db, limiter, log: silentLogger, clock }));
  const port = await listen(server, 0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function postJson(url: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
