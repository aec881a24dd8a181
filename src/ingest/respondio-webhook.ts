// POST /webhooks/respondio?workspace=T0001: respond.io's webhooks as Inbox Pulse events.
// Signed per workspace (X-Webhook-Signature = base64 HMAC-SHA256 of the raw body).
//  - contact.assignee.updated -> an assignment, through the one ingest path. respond.io
//    sends only the NEW assignee: the previous one is derived from the contact's last
//    stored assignment, and the conversation from the contact's open conversation.
//  - conversation.opened / .closed -> contact_conversation_events. They never create an
//    assignment: a returning contact who keeps its assignee is not "assigned" again (the
//    Assignments report's FAQ).
//  - anything else -> 200 "ignored", so that respond.io does not retry it forever.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { futureTimeError } from "../domain/event-time.ts";
import { insertContactConversationEvents, openConversationAt, type ConversationEventKind } from "../store/events/contact-conversations.ts";
import { findSigningKey } from "../store/workspace/webhook-secrets.ts";
import { formatPath, type FieldError } from "../domain/field-errors.ts";
import { assignmentEvent } from "./event-schemas.ts";
import { isWellFormed, LONE_SURROGATE, MAX_TEXT } from "./event-text.ts";
import { respondToFailure, type RouteDeps, type RouteHandler } from "./events-route.ts";
import { ingestEvents } from "./ingest-service.ts";
import { HttpError, parseJson, readRawBody, requireJsonContentType, sendJson } from "../http/request-body.ts";

export const RESPONDIO_WEBHOOK_PATH = "/webhooks/respondio";
export const RESPONDIO_EVENT_TYPES = ["contact.assignee.updated", "conversation.opened", "conversation.closed"] as const;

export function respondioWebhookUrlPath(workspaceId: string): string {
  return `${RESPONDIO_WEBHOOK_PATH}?workspace=${encodeURIComponent(workspaceId)}`;
}

// ---------------------------------------------------------------- signature

function signatureMatches(signingKey: string, body: Buffer, header: string): boolean {
  const expected = createHmac("sha256", signingKey).update(body).digest();
  const given = Buffer.from(header.trim(), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function unauthorized(req: IncomingMessage, message: string): HttpError {
  req.resume();
  return new HttpError(401, message);
}

/** The workspace named in the URL and the body, once its signature is checked. */
async function verifiedRequest(deps: RouteDeps, req: IncomingMessage): Promise<{ workspaceId: string; body: Buffer }> {
  const workspaceId = new URL(req.url ?? "/", "http://localhost").searchParams.get("workspace");
  if (!workspaceId) {
    throw unauthorized(req, `missing the workspace in the webhook URL: use ${respondioWebhookUrlPath("T0001")} with your Slack team id`);
  }
  const signature = req.headers["x-webhook-signature"];
  if (typeof signature !== "string" || signature.trim() === "") {
    throw unauthorized(req, "missing X-Webhook-Signature header: only respond.io's signed webhooks are accepted");
  }
  const signingKey = await findSigningKey(deps.db, workspaceId);
  if (signingKey === null) {
    throw unauthorized(
      req,
      `no respond.io signing key is set for workspace ${workspaceId}: run inbox-pulse webhook set-secret --workspace ${workspaceId} --secret -`,
    );
  }
  const body = await readRawBody(req);
  if (!signatureMatches(signingKey, body, signature)) {
    throw new HttpError(401, "X-Webhook-Signature does not match the body: check the signing key set for this workspace");
  }
  return { workspaceId, body };
}

// ---------------------------------------------------------------- payloads

// Year 2100 in ms: the same bound as our own timestamps.
const MAX_MS = Date.UTC(2100, 0, 1);

/** Unix seconds (respond.io's unit) or milliseconds (values over 1e12), as epoch ms. */
const unixTime = z
  .number({ error: "expected a unix time in seconds" })
  .transform((value) => Math.round(value > 1e12 ? value : value * 1000))
  .refine((ms) => ms >= 0 && ms < MAX_MS, { error: "expected a unix time between 1970 and 2100" });

// The ids become the contract's texts: checked as it checks an event id (trimmed, 1 to
// MAX_TEXT characters, no NUL, no lone surrogate), with one message for all of it.
const storableText = assignmentEvent.shape.id;
const id = (what: string) => {
  const error = `expected ${what}: a number, or a string of at most ${MAX_TEXT} characters without NUL or ${LONE_SURROGATE}`;
  const text = z.string().transform((value, ctx) => {
    const checked = storableText.safeParse(value);
    if (checked.success) return checked.data;
    ctx.addIssue({ code: "custom", message: error });
    return z.NEVER;
  });
  return z.union([z.number().int(), text], { error }).transform(String);
};

// Blank and null optional fields mean "not given".
const optionalText = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z
    .string()
    .trim()
    .refine(isWellFormed, { error: `expected a text without ${LONE_SURROGATE}` })
    .nullish(),
);

const assigneeUser = z.object(
  {
    id: id("the assignee's id"),
    firstName: optionalText,
    lastName: optionalText,
    name: optionalText,
    // Trimmed like the other texts (the ingest contract lower-cases it).
    email: z.preprocess((v) => (typeof v === "string" ? v.trim() || null : v), z.email({ error: "expected an email address" }).nullish()),
  },
  { error: "expected the new assignee: an object with an id, or null / {} for an unassignment" },
);

// null and {} both mean "nobody" (an unassignment).
const newAssignee = z.preprocess(
  (v) => (typeof v === "object" && v !== null && Object.keys(v).length === 0 ? null : v),
  assigneeUser.nullable(),
);

const contact = z.object(
  { id: id("the contact's id"), firstName: optionalText, lastName: optionalText },
  { error: "expected the contact object" },
);

const eventBase = {
  event_id: id("the event id"),
  timestamp: unixTime.nullish(),
};

const assigneeUpdated = z.object({ ...eventBase, contact: contact.extend({ assignee: newAssignee }) });

const conversationChanged = z.object({
  ...eventBase,
  contact,
  conversation: z.object({ openedTime: unixTime.nullish(), closedTime: unixTime.nullish() }).nullish(),
});

const envelope = z.object({ event_type: z.string({ error: "expected the event type (event_type) as a string" }) });

/** The payloads the route stores, as it reads them (the OpenAPI document); other event types are answered "ignored". */
export const respondioWebhookPayload = z.union([
  assigneeUpdated.extend({ event_type: z.literal("contact.assignee.updated") }),
  conversationChanged.extend({ event_type: z.enum(["conversation.opened", "conversation.closed"]) }),
]);

type AssigneeUpdated = z.output<typeof assigneeUpdated>;
type ConversationChanged = z.output<typeof conversationChanged>;

function parsed<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; data: T } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: result.error.issues.map((i) => ({ path: formatPath(i.path) || "(payload)", message: i.message })) };
}

const fullName = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(" ").trim() || null;

// ---------------------------------------------------------------- mapping

type Outcome =
  | { code: 200; body: { id?: string; status: "stored" | "duplicate" | "ignored"; reason?: string } }
  | { code: 422; body: { id?: string; status: "rejected"; errors: FieldError[] } };

async function storeAssignment(deps: RouteDeps, workspaceId: string, payload: AssigneeUpdated, receivedAt: number): Promise<Outcome> {
  const eventId = `respondio:${payload.event_id}`;
  const occurredAt = payload.timestamp ?? receivedAt;
  const { assignee } = payload.contact;
  const conversationId = await openConversationAt(deps.db, workspaceId, payload.contact.id, occurredAt);
  const event = {
    type: "assignment",
    id: eventId,
    occurredAt: new Date(occurredAt).toISOString(),
    conversationId,
    contact: { id: payload.contact.id, name: fullName(payload.contact.firstName, payload.contact.lastName) },
    assignee: assignee && person(assignee),
    // previousAssignee omitted on purpose: the ingest derives it from the contact's last assignment.
    source: "unknown",
  };
  const [result] = (await ingestEvents(deps.db, workspaceId, [event], receivedAt)).results;
  if (result!.status === "rejected") {
    // The contract's occurredAt is the payload's timestamp.
    const errors = result!.errors.map((e) => (e.path === "occurredAt" ? { ...e, path: "timestamp" } : e));
    return { code: 422, body: { id: eventId, status: "rejected", errors } };
  }
  return {
    code: 200,
    body: { id: eventId, status: result!.status, ...(result!.status === "duplicate" ? { reason: result!.reason } : {}) },
  };
}

// Our person schema takes absent fields, not nulls.
function person(user: NonNullable<AssigneeUpdated["contact"]["assignee"]>): { id: string; name?: string; email?: string } {
  const name = user.name ?? fullName(user.firstName, user.lastName);
  return { id: user.id, ...(name ? { name } : {}), ...(user.email ? { email: user.email } : {}) };
}

async function storeConversationEvent(
  deps: RouteDeps,
  workspaceId: string,
  kind: ConversationEventKind,
  payload: ConversationChanged,
  receivedAt: number,
): Promise<Outcome> {
  const eventId = `respondio:${payload.event_id}`;
  const openedTime = payload.conversation?.openedTime ?? null;
  const ownTime = kind === "opened" ? openedTime : (payload.conversation?.closedTime ?? null);
  // The opening time (in whole seconds, whatever unit was sent) names the conversation, so
  // that its opening and its closing carry the same id.
  const conversationId = openedTime === null ? eventId : `${payload.contact.id}:${Math.floor(openedTime / 1000)}`;
  const row = { eventId, kind, occurredAt: ownTime ?? payload.timestamp ?? receivedAt, contactId: payload.contact.id, conversationId };
  const future = futureTimeError(row.occurredAt, receivedAt);
  if (future !== null) {
    const path = ownTime !== null ? `conversation.${kind === "opened" ? "openedTime" : "closedTime"}` : "timestamp";
    return { code: 422, body: { id: eventId, status: "rejected", errors: [{ path, message: future }] } };
  }
  const [stored] = await insertContactConversationEvents(deps.db, workspaceId, [row]);
  return { code: 200, body: stored ? { id: eventId, status: "stored" } : { id: eventId, status: "duplicate", reason: "already stored" } };
}

const rejected = (errors: FieldError[]): Outcome => ({ code: 422, body: { status: "rejected", errors } });

async function handlePayload(deps: RouteDeps, workspaceId: string, raw: unknown): Promise<Outcome> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return rejected([{ path: "(payload)", message: "expected a JSON object" }]);
  }
  const head = parsed(envelope, raw);
  if (!head.ok) return rejected(head.errors);
  const type = head.data.event_type;
  const receivedAt = (deps.clock ?? Date.now)();
  if (type === "contact.assignee.updated") {
    const payload = parsed(assigneeUpdated, raw);
    return payload.ok ? storeAssignment(deps, workspaceId, payload.data, receivedAt) : rejected(payload.errors);
  }
  if (type === "conversation.opened" || type === "conversation.closed") {
    const payload = parsed(conversationChanged, raw);
    const kind = type === "conversation.opened" ? "opened" : "closed";
    return payload.ok ? storeConversationEvent(deps, workspaceId, kind, payload.data, receivedAt) : rejected(payload.errors);
  }
  return { code: 200, body: { status: "ignored", reason: `event type ${type} is not used by Inbox Pulse` } };
}

export function respondioWebhookRoute(deps: RouteDeps): RouteHandler {
  return async (req, res) => {
    try {
      const { workspaceId, body } = await verifiedRequest(deps, req);
      requireJsonContentType(req);
      const outcome = await handlePayload(deps, workspaceId, parseJson(body));
      // Ids and outcome only: never the body (personal data) nor the key.
      deps.log.info("respond.io webhook", { workspaceId, id: outcome.body.id, status: outcome.body.status });
      sendJson(res, outcome.code, outcome.body);
    } catch (error) {
      await respondToFailure(res, error, deps.log, RESPONDIO_WEBHOOK_PATH);
    }
  };
}
