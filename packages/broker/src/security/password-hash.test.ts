import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, parsePasswordHash } from "./password-hash";
import { deriveCredential } from "./scram-credential";

describe("password hashes", () => {
  it("[RFC 7677 3] derives the example's keys: user/pencil, salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations", () => {
    // The RFC's exchange proves these keys: its ServerSignature is HMAC(ServerKey, AuthMessage).
    const credential = deriveCredential(
      "sha256",
      "pencil",
      Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"),
      4096,
    );
    const authMessage =
      "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const signature = createHmac("sha256", credential.serverKey).update(authMessage).digest("base64");
    expect(signature).toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  });

  it("round-trips: a hash parses back to the credentials the password derives", () => {
    const text = hashPassword("s3cret", 5000);
    expect(text).toMatch(/^SCRAM-SHA-256\$5000:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    const parsed = parsePasswordHash(text);
    expect(deriveCredential("sha256", "s3cret", parsed.salt, 5000)).toEqual(parsed);
    expect(hashPassword("s3cret")).not.toBe(hashPassword("s3cret")); // fresh salt each time
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
  ])("refuses %s with the expected form", (_what, text, reason) => {
    expect(() => parsePasswordHash(text)).toThrow(reason);
    expect(() => parsePasswordHash(text)).toThrow(/expected SCRAM-SHA-256\$<iterations>/);
  });
});
