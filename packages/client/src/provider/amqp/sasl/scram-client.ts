import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

/** The hash of a SCRAM mechanism name [RFC 5802, RFC 7677]. */
export type ScramHash = "sha1" | "sha256" | "sha512";

export const SCRAM_HASH: Record<string, ScramHash> = {
  "SCRAM-SHA-1": "sha1",
  "SCRAM-SHA-256": "sha256",
  "SCRAM-SHA-512": "sha512",
};

/** GS2 header for "no channel binding, no authzid" [RFC 5802 7]. */
const GS2_HEADER = "n,,";

/**
 * The client side of one SCRAM exchange [RFC 5802 3, 5]: client-first, client-final (with the proof),
 * then verification of the server's signature so a server that does not know the password is caught.
 * Throws ScramError on any malformed or unexpected server message.
 */
export class ScramClient {
  private readonly clientFirstBare: string;
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    private readonly clientNonce = randomBytes(18).toString("base64"),
  ) {
    this.clientFirstBare = `n=${escapeName(username)},r=${clientNonce}`;
  }

  clientFirst(): Buffer {
    return Buffer.from(GS2_HEADER + this.clientFirstBare, "utf8");
  }

  clientFinal(serverFirst: Buffer): Buffer {
    const message = serverFirst.toString("utf8");
    const fields = parseFields(message);
    if (fields.has("m")) throw new ScramError("the server requires a SCRAM extension we do not support");
    const nonce = fields.get("r");
    const salt = fields.get("s");
    const iterations = Number(fields.get("i"));
    if (!nonce || salt === undefined || !Number.isSafeInteger(iterations) || iterations < 1)
      throw new ScramError(`malformed server-first-message "${message}"`);
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length)
      throw new ScramError("the server's nonce does not extend ours");
    const keys = scramKeys(this.hash, this.password, Buffer.from(salt, "base64"), iterations);
    const withoutProof = `c=${Buffer.from(GS2_HEADER).toString("base64")},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${message},${withoutProof}`;
    const clientSignature = hmac(this.hash, keys.storedKey, authMessage);
    this.serverSignature = hmac(this.hash, keys.serverKey, authMessage);
    const proof = xor(keys.clientKey, clientSignature).toString("base64");
    return Buffer.from(`${withoutProof},p=${proof}`, "utf8");
  }

  /** Checks server-final-message `v=...` [RFC 5802 3]; throws unless the server proved the password. */
  verifyServerFinal(serverFinal: Buffer): void {
    const fields = parseFields(serverFinal.toString("utf8"));
    const error = fields.get("e");
    if (error !== undefined) throw new ScramError(`the server reported "${error}"`);
    const signature = fields.get("v");
    if (!this.serverSignature || signature === undefined)
      throw new ScramError("no server signature in the server-final-message");
    const received = Buffer.from(signature, "base64");
    if (received.length !== this.serverSignature.length || !timingSafeEqual(received, this.serverSignature))
      throw new ScramError("the server's signature is wrong: it does not know the password");
  }
}

export class ScramError extends Error {
  override readonly name = "ScramError";
}

/** SaltedPassword and the keys derived from it [RFC 5802 3]. */
export function scramKeys(hash: ScramHash, password: string, salt: Buffer, iterations: number) {
  const salted = pbkdf2Sync(
    Buffer.from(password.normalize("NFKC"), "utf8"),
    salt,
    iterations,
    digestLength(hash),
    hash,
  );
  const clientKey = hmac(hash, salted, "Client Key");
  return {
    clientKey,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: hmac(hash, salted, "Server Key"),
  };
}

function digestLength(hash: ScramHash): number {
  return createHash(hash).digest().length;
}

function hmac(hash: ScramHash, key: Buffer, text: string): Buffer {
  return createHmac(hash, key).update(text, "utf8").digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
}

/** saslname escaping [RFC 5802 5.1]: "=" and "," are written =3D and =2C. */
function escapeName(name: string): string {
  return name.normalize("NFKC").replace(/=/g, "=3D").replace(/,/g, "=2C");
}

function parseFields(message: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) fields.set(part[0] ?? "", part.slice(2));
  }
  return fields;
}
