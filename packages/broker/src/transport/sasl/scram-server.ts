import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ScramHash, UserStore } from "./user-store";

/**
 * The server side of one SCRAM exchange, in the shape rhea's SASL server drives [rhea lib/sasl.js]:
 * `start(client-first)` → server-first challenge; `step(client-final)` → server-final as a challenge
 * (rhea's outcome frame cannot carry additional-data), then `step(empty)` → outcome.
 */
export class ScramServer {
  /** rhea reads these: undefined while in progress, then the verdict and who it was. */
  outcome: boolean | undefined = undefined;
  username: string | undefined = undefined;
  private state: "first" | "final" | "done" = "first";
  private name = "";
  private clientFirstBare = "";
  private serverFirst = "";
  private nonce = "";

  constructor(
    private readonly hash: ScramHash,
    private readonly users: UserStore,
  ) {}

  start(initialResponse: Buffer | undefined): Buffer {
    const message = (initialResponse ?? Buffer.alloc(0)).toString("utf8");
    // gs2-header: "n,," or "y,," (no channel binding), optional authzid ignored.
    const match = /^[ny],(?:a=[^,]*)?,(n=([^,]*),r=([^,]+).*)$/.exec(message);
    if (!match) throw new Error("malformed SCRAM client-first-message");
    this.clientFirstBare = match[1] ?? "";
    this.name = unescapeName(match[2] ?? "");
    const clientNonce = match[3] ?? "";
    this.nonce = clientNonce + randomBytes(18).toString("base64");
    const { salt, iterations } = this.users.saltFor(this.name, this.hash);
    this.serverFirst = `r=${this.nonce},s=${salt.toString("base64")},i=${iterations}`;
    this.state = "final";
    return Buffer.from(this.serverFirst, "utf8");
  }

  step(response: Buffer | undefined): Buffer | undefined {
    if (this.state === "done") {
      this.outcome = true;
      this.username = this.name;
      return undefined;
    }
    const message = (response ?? Buffer.alloc(0)).toString("utf8");
    const match = /^(c=[^,]*,r=([^,]*)(?:,[^p][^,]*)*),p=([^,]+)$/.exec(message);
    const credential = this.users.credential(this.name, this.hash);
    if (!match || match[2] !== this.nonce || !credential) {
      this.outcome = false;
      return undefined;
    }
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${match[1] ?? ""}`;
    const clientSignature = hmac(this.hash, credential.storedKey, authMessage);
    const proof = Buffer.from(match[3] ?? "", "base64");
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    const storedKey = createHash(this.hash).update(clientKey).digest();
    if (proof.length !== clientSignature.length || !timingSafeEqual(storedKey, credential.storedKey)) {
      this.outcome = false;
      return undefined;
    }
    this.state = "done";
    return Buffer.from(`v=${hmac(this.hash, credential.serverKey, authMessage).toString("base64")}`, "utf8");
  }
}

function hmac(hash: ScramHash, key: Buffer, text: string): Buffer {
  return createHmac(hash, key).update(text, "utf8").digest();
}

function unescapeName(name: string): string {
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}
