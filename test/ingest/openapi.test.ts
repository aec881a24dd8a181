// The OpenAPI document: committed (docs/openapi.json) equals generated equals served; every
// example of README.md and docs/ validates against it (and events pass the API's own
// validation); the API's real answers validate against the responses it declares.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent } from "../../src/ingest/event-schemas.ts";
import { OPENAPI_PATH, openApiDocument } from "../../src/ingest/openapi.ts";
import { setWebhookSecret } from "../../src/store/workspace/webhook-secrets.ts";
import { createToken } from "../../src/store/workspace/tokens.ts";
import { VERSION } from "../../src/version.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { postJson, startIngestServer } from "../support/server.ts";

const generated = JSON.parse(JSON.stringify(openApiDocument(VERSION)));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(generated, "openapi");
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const validator = (path: string) => ajv.compile({ $ref: `openapi#/${path}` });
const component = (name: string) => validator(pointer("components", "schemas", name));
const requestBody = (route: string) => validator(pointer("paths", route, "post", "requestBody", "content", "application/json", "schema"));
const response = (route: string, status: string) =>
  validator(pointer("paths", route, "post", "responses", status, "content", "application/json", "schema"));

function expectValid(validate: ReturnType<typeof validator>, value: unknown, what: string) {
  const ok = validate(value);
  expect(ok, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, and the committed docs/openapi.json is the generated one (npm run openapi)", () => {
    expect(generated.openapi).toBe("3.1.0");
    expect(JSON.parse(readFileSync("docs/openapi.json", "utf8"))).toEqual(generated);
  });

  it("has schemas that compile and references that resolve", () => {
    for (const name of Object.keys(generated.components.schemas)) expect(() => component(name), name).not.toThrow();
    const refs = [...JSON.stringify(generated).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(() => validator(ref), ref).not.toThrow();
  });

  it("rejects what the API rejects: unknown fields, a wrong type, an empty batch", () => {
    const events = requestBody("/api/v1/events");
    const event = { type: "email.reopened", id: "m-4", occurredAt: "2026-11-24T10:00:00Z", threadId: "t-9" };
    expect(events(event)).toBe(true);
    expect(events({ ...event, color: "red" })).toBe(false);
    expect(events({ ...event, type: "email.deleted" })).toBe(false);
    expect(events({ events: [] })).toBe(false);
    expect(events([event])).toBe(false);
  });
});

// ---------------------------------------------------------------- the docs' examples

const DOCS = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** The top-level JSON objects of a text of several, with // comments (outside strings) removed. */
function objectsIn(text: string): unknown[] {
  const clean = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (_, string: string | undefined) => string ?? "");
  const found: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) found.push(JSON.parse(clean.slice(start, i + 1)));
  }
  return found;
}

interface Example {
  where: string;
  value: unknown;
}

function examples(): { events: Example[]; requests: Example[]; webhooks: Example[]; batchAnswers: Example[]; itemAnswers: Example[] } {
  const found = {
    events: [] as Example[],
    requests: [] as Example[],
    webhooks: [] as Example[],
    batchAnswers: [] as Example[],
    itemAnswers: [] as Example[],
  };
  for (const file of DOCS) {
    const text = readFileSync(file, "utf8");
    for (const block of text.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
      const [, lang, body] = block;
      const where = `${file}, the ${lang || "plain"} block at offset ${block.index}`;
      for (const curl of body!.matchAll(/curl [^\n]*\/api\/v1\/events[\s\S]*?-d '([^']+)'/g))
        found.requests.push({ where, value: JSON.parse(curl[1]!) });
      for (const answer of body!.matchAll(/^# \d{3} (\{.*\})$/gm)) found.itemAnswers.push({ where, value: JSON.parse(answer[1]!) });
      if (lang !== "json" && lang !== "jsonc") continue;
      for (const value of objectsIn(body!)) {
        const object = value as Record<string, unknown>;
        if ("event_type" in object) found.webhooks.push({ where, value });
        else if ("results" in object) found.batchAnswers.push({ where, value });
        else if (typeof object.type === "string") found.events.push({ where, value });
        else throw new Error(`${where}: an example of nothing the API takes or answers: ${JSON.stringify(value)}`);
      }
    }
  }
  return found;
}

describe("the examples of README.md and docs/", () => {
  const found = examples();

  it("are found: every event type, a curl request, a batch answer, a webhook payload", () => {
    expect(new Set(found.events.map((e) => (e.value as { type: string }).type))).toEqual(
      new Set(["assignment", "email.received", "email.replied", "email.closed", "email.reopened"]),
    );
    expect(found.requests.length).toBeGreaterThan(0);
    expect(found.itemAnswers.length).toBeGreaterThan(0);
    expect(found.batchAnswers.length).toBeGreaterThan(0);
    expect(found.webhooks.length).toBeGreaterThan(0);
  });

  it("validate against the document, and the events pass the API's own validation", () => {
    for (const { where, value } of [...found.events, ...found.requests]) {
      expectValid(requestBody("/api/v1/events"), value, where);
      const events = (value as { events?: unknown[] }).events ?? [value];
      for (const event of events) expect(parseEvent(event), where).toMatchObject({ ok: true });
    }
    for (const { where, value } of found.itemAnswers) expectValid(component("ItemResult"), value, where);
    for (const { where, value } of found.batchAnswers) expectValid(response("/api/v1/events", "200"), value, where);
    for (const { where, value } of found.webhooks) expectValid(requestBody("/webhooks/respondio"), value, where);
  });
});

// ---------------------------------------------------------------- the real answers

describe("the API's answers", () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  const KEY = "webhook-key";
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startIngestServer(db);
    ({ token } = await createToken(db, "TOPENAPI"));
    await setWebhookSecret(db, "TOPENAPI", KEY);
  });
  afterAll(async () => {
    await server.close();
    await db.destroy();
  });

  it("serves the document at /api/v1/openapi.json", async () => {
    const served = await fetch(`${server.url}${OPENAPI_PATH}`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(generated);
  });

  it("answer as the document declares, status by status", async () => {
    const event = {
      type: "assignment",
      id: "oa-1",
      occurredAt: "2026-11-20T10:00:00Z",
      contact: { id: "c-1" },
      assignee: null,
      source: "bot",
    };
    const events = `${server.url}/api/v1/events`;
    const cases: [Response, string][] = [
      [await postJson(events, event, token), "201"],
      [await postJson(events, event, token), "200"],
      [await postJson(events, { ...event, id: "oa-2", source: "fax" }, token), "422"],
      [
        await postJson(events, { events: [event, { ...event, id: "oa-3" }, { ...event, id: "oa-3" }, { type: "email.received" }] }, token),
        "200",
      ],
      [await postJson(events, event, "ipt_unknown"), "401"],
      [await postJson(events, { events: [] }, token), "400"],
      [await postJson(events, "x", token, { "content-type": "text/plain" }), "415"],
    ];
    for (const [answer, status] of cases) {
      expect(String(answer.status)).toBe(status);
      expectValid(response("/api/v1/events", status), await answer.json(), `POST /api/v1/events ${status}`);
    }
  });

  it("answer the webhook as the document declares", async () => {
    const send = (payload: unknown) => {
      const body = JSON.stringify(payload);
      const signature = createHmac("sha256", KEY).update(body).digest("base64");
      return postJson(`${server.url}/webhooks/respondio?workspace=TOPENAPI`, body, undefined, { "x-webhook-signature": signature });
    };
    const assigned = {
      event_type: "contact.assignee.updated",
      event_id: "w-1",
      timestamp: 1763890200,
      contact: { id: 1, assignee: { id: 7 } },
    };
    const cases: [Response, string][] = [
      [await send(assigned), "200"],
      // Not in the request schema (not stored), but answered as declared.
      [await send({ event_type: "message.received", event_id: "w-2" }), "200"],
      [await send({ ...assigned, event_id: "w-3", timestamp: "yesterday" }), "422"],
    ];
    expectValid(requestBody("/webhooks/respondio"), assigned, "the webhook payload");
    expect(requestBody("/webhooks/respondio")({ ...assigned, contact: { id: [1] } })).toBe(false);
    for (const [answer, status] of cases) {
      expect(String(answer.status)).toBe(status);
      expectValid(response("/webhooks/respondio", status), await answer.json(), `POST /webhooks/respondio ${status}`);
    }
  });
});
