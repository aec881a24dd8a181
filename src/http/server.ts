// A plain node:http server for a list of routes (exact path match; 404/405 otherwise).
import { createServer, type Server } from "node:http";
import type { Route } from "../ingest/routes.ts";
import { sendJson } from "./request-body.ts";

export function createHttpServer(routes: readonly Route[]): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return sendJson(res, 404, { error: `no route ${path}` });
    if (!route.method.includes(req.method ?? "")) {
      return sendJson(res, 405, { error: `use ${route.method.join(" or ")}` }, { allow: route.method.join(", ") });
    }
    void route.handler(req, res);
  });
}

/** The port a listening server is bound to (the one asked for when it is not listening on TCP). */
export function boundPort(server: Server, asked: number): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : asked;
}

export function listen(server: Server, port: number, host = "0.0.0.0"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(boundPort(server, port)));
  });
}
