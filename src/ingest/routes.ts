// The ingest HTTP routes, in the shape of Bolt's `customRoutes` so that the same list is
// served by the standalone server now and by Bolt's receiver alongside /slack/events.
import { eventsRoute, type RouteDeps, type RouteHandler } from "./events-route.ts";
import { RESPONDIO_WEBHOOK_PATH, respondioWebhookRoute } from "./respondio-webhook.ts";
import { OPENAPI_PATH, openApiDocument } from "./openapi.ts";
import { sendJson } from "../http/request-body.ts";
import { VERSION } from "../version.ts";

export interface Route {
  path: string;
  method: string[];
  handler: RouteHandler;
}

export function ingestRoutes(deps: RouteDeps): Route[] {
  const contract = openApiDocument(VERSION);
  return [
    { path: "/api/v1/events", method: ["POST"], handler: eventsRoute(deps) },
    { path: RESPONDIO_WEBHOOK_PATH, method: ["POST"], handler: respondioWebhookRoute(deps) },
    { path: OPENAPI_PATH, method: ["GET"], handler: async (_req, res) => sendJson(res, 200, contract) },
  ];
}
