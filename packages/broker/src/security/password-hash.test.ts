import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatPasswordHash, hashPassword, parsePasswordHash } from "./password-hash";
import { deriveCredential } from "./scram-credential";

describe("password hashes", () => {
  it("[RFC 7677 3] the example's keys: user/pencil, salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations", () => {
    // The hash text for the RFC's password and salt, parsed back: the keys must be the ones the RFC's
    // exchange proves. Its ServerSignature is HMAC(ServerKey, AuthMessage); its ClientProof is
    // ClientKey XOR HMAC(StoredKey, AuthMessage), and StoredKey = SHA-256(ClientKey) [RFC 5802 3].
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const text = formatPasswordHash(deriveCredential("sha256", "pencil", salt, 4096));
    expect(text).toMatch(/^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$/);
    const { storedKey, serverKey } = parsePasswordHash(text);
    const authMessage =
      "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const serverSignature = createHmac("sha256", serverKey).update(authMessage).digest("base64");
    expect(serverSignature).toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    const proof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
    const clientSignature = createHmac("sha256", storedKey).update(authMessage).digest();
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    expect(createHash("sha256").update(clientKey).digest()).toEqual(storedKey);
  });

  it('[RFC 5802 3] derives step by step: PBKDF2, HMAC "Client Key", SHA-256, HMAC "Server Key"', () => {
    const salt = Buffer.from("c2FsdA==", "base64");
    const salted = pbkdf2Sync("pencil", salt, 4096, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    expect(deriveCredential("sha256", "pencil", salt, 4096)).toEqual({
      salt,
      iterations: 4096,
      storedKey: createHash("sha256").update(clientKey).digest(),
      serverKey: createHmac("sha256", salted).update("Server Key").digest(),
    });
  });

  it("round-trips: a hash parses back to the credentials the password derives", () => {
    const text = hashPassword("s3cret", 5000);
    expect(text).toMatch(/^SCRAM-SHA-256\$5000:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    const parsed = parsePasswordHash(text);
    expect(deriveCredential("sha256", "s3cret", parsed.salt, 5000)).toEqual(parsed);
    expect(hashPassword("s3cret")).not.toBe(hashPassword("s3cret")); // fresh salt each time
    expect(parsePasswordHash(hashPassword("s3cret")).iterations).toBe(4096);
  });

  it("[RFC 7677 4] refuses to hash with fewer than 4096 iterations", () => {
    expect(() => hashPassword("x", 1000)).toThrow("iterations must be a whole number >= 4096, got 1000");
  });

  it.each([
    ["plain text", "hunter2", /does not start with "SCRAM-SHA-256\$"/],
    ["missing parts", "SCRAM-SHA-256$4096:abc", /malformed/],
    [
      "too few iterations",
      "SCRAM-SHA-256$100:c2FsdA==$" + "A".repeat(44) + ":" + "A".repeat(44),
      /at least 4096/,
    ],
    ["short keys", "SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA", /32 bytes each/],
    ["another hash", "SCRAM-SHA-1$4096:c2FsdA==$AAAA:AAAA", /does not start with/],
    ["an empty salt", "SCRAM-SHA-256$4096:=$" + "A".repeat(44) + ":" + "A".repeat(44), /salt is empty/],
  ])("refuses %s with the expected form", (_what, text, reason) => {
    expect(() => parsePasswordHash(text)).toThrow(reason);
    expect(() => parsePasswordHash(text)).toThrow(/expected SCRAM-SHA-256\$<iterations>/);
  });
});
