// Secrets at rest: AES-256-GCM with a random 12-byte IV per value, in a versioned text
// format `v1:<iv>:<tag>:<ciphertext>` (base64), so a later key or algorithm change can be
// told apart from a damaged value. Each value is bound to the row it belongs to (GCM's
// additional data), so a sealed installation copied into another workspace's row does not
// open there. There is no plain-text fallback: a value that does not open is an error.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
export const KEY_BYTES = 32;

class SealedValueError extends Error {}

export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`an AES-256 key is ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = key;
  }

  /** `boundTo` names what the value belongs to (a row id); `open` needs the same. */
  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv).setAAD(Buffer.from(boundTo, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
  }

  /** Throws SealedValueError for another key, another `boundTo`, or a damaged or unsealed value. */
  open(sealed: string, boundTo: string): string {
    const [version, iv, tag, body, ...rest] = sealed.split(":");
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
      throw new SealedValueError(`not a ${VERSION} sealed value`);
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64"))
        .setAAD(Buffer.from(boundTo, "utf8"))
        .setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    } catch {
      throw new SealedValueError("the value does not open with this key");
    }
  }
}
