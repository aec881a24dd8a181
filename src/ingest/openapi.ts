// The ingest contract as an OpenAPI 3.1 document, generated from the zod schemas the routes
// validate with (zod 4's toJSONSchema, input side: what a client sends). Served at
// /api/v1/openapi.json and committed as docs/openapi.json (`npm run openapi` writes it; a test
// checks the two are equal and that the docs' examples validate against it).
import { z } from "zod";
import { inboxEvent } from "./event-schemas.ts";
import { MAX_EVENTS_PER_REQUEST } from "./events-route.ts";
import { RESPONDIO_WEBHOOK_PATH, respondioWebhookPayload } from "./respondio-webhook.ts";

export const OPENAPI_PATH = "/api/v1/openapi.json";

// The answers, as the routes build them (src/ingest/ingest-service.ts, respondio-webhook.ts).
const fieldError = z.strictObject({ path: z.string(), message: z.string() });
const index = z.number().int().min(0);
const itemResult = z.discriminatedUnion("status", [
  z.strictObject({ index, id: z.string(), status: z.literal("stored") }),
  z.strictObject({ index, id: z.string(), status: z.literal("duplicate"), reason: z.string() }),
  z.strictObject({ index, id: z.string().optional(), status: z.literal("rejected"), errors: z.array(fieldError) }),
]);
const count = z.number().int().min(0);
const batchOutcome = z.strictObject({ stored: count, duplicates: count, rejected: count, results: z.array(itemResult) });
const errorAnswer = z.strictObject({ error: z.string(), errorId: z.string().optional() });
const webhookAnswer = z.union([
  z.strictObject({ id: z.string(), status: z.enum(["stored", "duplicate"]), reason: z.string().optional() }),
  z.strictObject({ status: z.literal("ignored"), reason: z.string() }),
]);
const webhookRejection = z.strictObject({ id: z.string().optional(), status: z.literal("rejected"), errors: z.array(fieldError) });

const schema = (type: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(type, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });

const FAILURES = {
  "400": json("Error", "not UTF-8, not JSON, a bare array, an empty batch, fields beside `events`"),
  "401": json("Error", "authentication failed"),
  "413": json("Error", "over 1 MiB, or over 1,000 events"),
  "415": json("Error", "not Content-Type: application/json"),
  "503": json("Error", "the database is unavailable: nothing was stored; retrying the same request is safe"),
};

/** The document, built from the schemas once. */
export const openApiDocument = (version: string) => ({
  openapi: "3.1.0",
  info: {
    title: "Inbox Pulse ingest API",
    version,
    description: 'Events in: the HTTP API and respond.io\'s webhook (docs/usage.md, "Events").',
    license: { name: "MIT", identifier: "MIT" },
  },
  paths: {
    "/api/v1/events": {
      post: {
        operationId: "postEvents",
        summary: `One event, or {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST}; a batch is stored in one transaction`,
        security: [{ ingestToken: [] }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { oneOf: [ref("InboxEvent"), ref("EventBatch")] } } },
        },
        responses: {
          "201": json("ItemResult", "one event, stored"),
          "200": {
            description: "one event that is a duplicate, or a batch whatever each item's fate",
            content: { "application/json": { schema: { oneOf: [ref("ItemResult"), ref("BatchOutcome")] } } },
          },
          "422": json("ItemResult", "one event, rejected: each error names the field"),
          "429": {
            ...json("Error", "over the token's rate limit"),
            headers: { "Retry-After": { description: "seconds to wait", schema: { type: "integer" } } },
          },
          ...FAILURES,
        },
      },
    },
    [RESPONDIO_WEBHOOK_PATH]: {
      post: {
        operationId: "respondioWebhook",
        summary: "respond.io's webhooks: contact.assignee.updated, conversation.opened and conversation.closed",
        description: "Any other event_type is answered 200 ignored, so that respond.io does not retry it.",
        parameters: [
          { name: "workspace", in: "query", required: true, description: "the Slack team or enterprise id", schema: { type: "string" } },
          {
            name: "X-Webhook-Signature",
            in: "header",
            required: true,
            description: "base64 HMAC-SHA256 of the raw body with the workspace's signing key",
            schema: { type: "string" },
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: ref("RespondioWebhook") } } },
        responses: {
          "200": json("WebhookAnswer", "stored, duplicate, or ignored (an event type Inbox Pulse does not use)"),
          "422": json("WebhookRejection", "a malformed field"),
          ...FAILURES,
        },
      },
    },
  },
  components: {
    securitySchemes: { ingestToken: { type: "http", scheme: "bearer", description: "an ingest token: inbox-pulse token create" } },
    schemas: {
      InboxEvent: schema(inboxEvent),
      EventBatch: schema(z.strictObject({ events: z.array(inboxEvent).min(1).max(MAX_EVENTS_PER_REQUEST) })),
      ItemResult: schema(itemResult),
      BatchOutcome: schema(batchOutcome),
      Error: schema(errorAnswer),
      RespondioWebhook: schema(respondioWebhookPayload),
      WebhookAnswer: schema(webhookAnswer),
      WebhookRejection: schema(webhookRejection),
    },
  },
});
