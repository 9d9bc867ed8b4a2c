import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { recordAuthentication } from "../../security/connection-user";
import type { ScramHash, UserStore } from "./user-store";

/** Told why an exchange failed, for the broker's log: who tried (when known) and what was wrong. */
export type FailureReport = (user: string | undefined, reason: string) => void;

/**
 * The server side of one SCRAM exchange, in the shape rhea's SASL server drives [rhea lib/sasl.js]:
 * `start(client-first)` → server-first challenge; `step(client-final)` → server-final as a challenge
 * (rhea's outcome frame cannot carry additional-data), then `step(empty)` → outcome.
 */
export class ScramServer {
  /** rhea reads these: undefined while in progress, then the verdict and who it was. */
  outcome: boolean | undefined = undefined;
  username: string | undefined = undefined;
  private state: "first" | "final" | "verified" | "done" = "first";
  private name = "";
  private gs2Header = "";
  private clientFirstBare = "";
  private serverFirst = "";
  private nonce = "";

  constructor(
    private readonly hash: ScramHash,
    private readonly users: UserStore,
    private readonly report: FailureReport = () => undefined,
  ) {}

  /** `SCRAM-SHA-256` and so on [RFC 5802 4, RFC 7677]. */
  get mechanism(): string {
    return `SCRAM-${this.hash.toUpperCase().replace("SHA", "SHA-")}`;
  }

  /** @throws Error on a client-first-message that does not parse (rhea then answers outcome sys). */
  start(initialResponse: Buffer | undefined): Buffer | undefined {
    const message = (initialResponse ?? Buffer.alloc(0)).toString("utf8");
    // gs2-header: "n,," or "y,," (no channel binding; we offer no -PLUS mechanism), optional authzid.
    const match = /^([ny],(?:a=([^,]*))?,)(n=([^,]*),r=([^,]+)(?:,.*)?)$/.exec(message);
    if (!match) {
      this.report(undefined, "malformed SCRAM client-first-message");
      throw new Error("malformed SCRAM client-first-message");
    }
    const [, gs2Header = "", authzid, bare = "", name = "", clientNonce = ""] = match;
    this.gs2Header = gs2Header;
    this.clientFirstBare = bare;
    this.name = unescapeName(name);
    if (authzid !== undefined && authzid !== "" && unescapeName(authzid) !== this.name) {
      // Acting for another user is not supported [RFC 5802 5.1 a=].
      return this.fail(`may not act as "${unescapeName(authzid)}"`);
    }
    this.nonce = clientNonce + randomBytes(18).toString("base64");
    const { salt, iterations } = this.users.saltFor(this.name, this.hash);
    this.serverFirst = `r=${this.nonce},s=${salt.toString("base64")},i=${iterations}`;
    this.state = "final";
    return Buffer.from(this.serverFirst, "utf8");
  }

  step(response: Buffer | undefined): Buffer | undefined {
    if (this.state === "done") return undefined; // the verdict stands
    if (this.state === "verified") {
      // The client read server-final (and checked our signature): the exchange succeeded.
      this.state = "done";
      recordAuthentication(this, { mechanism: this.mechanism, user: this.name });
      this.username = this.name;
      this.outcome = true;
      return undefined;
    }
    if (this.state !== "final") return this.fail("sent a response out of turn");
    const message = (response ?? Buffer.alloc(0)).toString("utf8");
    const match = /^(c=([^,]*),r=([^,]*)(?:,[^p][^,]*)*),p=([^,]+)$/.exec(message);
    if (!match) return this.fail("malformed SCRAM client-final-message");
    const [, withoutProof = "", channelBinding = "", nonce = "", proofText = ""] = match;
    // Without channel binding, c= is the gs2-header in base64 [RFC 5802 7].
    if (channelBinding !== Buffer.from(this.gs2Header, "utf8").toString("base64")) {
      return this.fail("channel binding does not match the gs2-header");
    }
    if (nonce !== this.nonce) return this.fail("nonce is not the one the server sent");
    const credential = this.users.credential(this.name, this.hash);
    if (!credential) return this.fail("unknown user");
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.hash, credential.storedKey, authMessage);
    const proof = Buffer.from(proofText, "base64");
    if (proof.length !== clientSignature.length) return this.fail("wrong password");
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    const storedKey = createHash(this.hash).update(clientKey).digest();
    if (!timingSafeEqual(storedKey, credential.storedKey)) return this.fail("wrong password");
    this.state = "verified";
    return Buffer.from(`v=${hmac(this.hash, credential.serverKey, authMessage).toString("base64")}`, "utf8");
  }

  /** Ends the exchange with outcome auth [AMQP 5.3.3.6]. */
  private fail(reason: string): undefined {
    this.report(this.name || undefined, reason);
    this.state = "done";
    this.outcome = false;
    return undefined;
  }
}

function hmac(hash: ScramHash, key: Buffer, text: string): Buffer {
  return createHmac(hash, key).update(text, "utf8").digest();
}

/** saslname escapes "," and "=" [RFC 5802 5.1]. */
function unescapeName(name: string): string {
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}
