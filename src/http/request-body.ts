// Reads a JSON request body with a size cap, telling apart the whole-request errors
// the ingest routes answer with: 413 (too large), 415 (not JSON), 400 (not UTF-8 or not parseable).
import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readRawBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new HttpError(413, `request body is ${declared} bytes; the limit is ${maxBytes} bytes (1 MiB)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new HttpError(413, `request body is over the limit of ${maxBytes} bytes (1 MiB)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function requireJsonContentType(req: IncomingMessage): void {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    req.resume();
    throw new HttpError(415, `expected Content-Type: application/json, got ${type === "" ? "none" : type}`);
  }
}

export function parseJson(raw: Buffer): unknown {
  // Decoding would turn each invalid byte into U+FFFD, and two different ids into one.
  if (!isUtf8(raw)) throw new HttpError(400, "body is not valid UTF-8: send JSON encoded as UTF-8");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}

export function sendJson(
  res: import("node:http").ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
