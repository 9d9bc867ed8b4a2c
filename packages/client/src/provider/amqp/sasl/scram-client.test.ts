import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ScramClient, ScramError, scramKeys } from "./scram-client";

describe("ScramClient", () => {
  it("[RFC 5802 5] SCRAM-SHA-1 matches the RFC's example exchange", () => {
    const client = new ScramClient("sha1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
    expect(client.clientFirst().toString()).toBe("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    const final = client.clientFinal(
      Buffer.from("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"),
    );
    expect(final.toString()).toBe(
      "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    );
    expect(() => client.verifyServerFinal(Buffer.from("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="))).not.toThrow();
  });

  it("[RFC 7677 3] SCRAM-SHA-256 matches the RFC's example exchange", () => {
    const client = new ScramClient("sha256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    expect(client.clientFirst().toString()).toBe("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    const final = client.clientFinal(
      Buffer.from("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
    );
    expect(final.toString()).toBe(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    );
    expect(() =>
      client.verifyServerFinal(Buffer.from("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")),
    ).not.toThrow();
  });

  it("[RFC 5802 3] SCRAM-SHA-512 proof is ClientKey XOR HMAC(StoredKey, AuthMessage)", () => {
    const client = new ScramClient("sha512", "a=b,c", "secret", "abc");
    expect(client.clientFirst().toString()).toBe("n,,n=a=3Db=2Cc,r=abc");
    const serverFirst = `r=abcdef,s=${Buffer.from("salty").toString("base64")},i=10`;
    const final = client.clientFinal(Buffer.from(serverFirst)).toString();
    const keys = scramKeys("sha512", "secret", Buffer.from("salty"), 10);
    const auth = `n=a=3Db=2Cc,r=abc,${serverFirst},c=biws,r=abcdef`;
    const signature = createHmac("sha512", keys.storedKey).update(auth).digest();
    const proof = Buffer.from(keys.clientKey.map((b, i) => b ^ (signature[i] ?? 0)));
    expect(final).toBe(`c=biws,r=abcdef,p=${proof.toString("base64")}`);
    expect(createHash("sha512").update(keys.clientKey).digest()).toEqual(keys.storedKey);
    const serverSignature = createHmac("sha512", keys.serverKey).update(auth).digest("base64");
    expect(() => client.verifyServerFinal(Buffer.from(`v=${serverSignature}`))).not.toThrow();
  });

  it("[RFC 5802 9] rejects a server signature made without the password", () => {
    const client = new ScramClient("sha256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    client.clientFinal(
      Buffer.from("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
    );
    const forged = Buffer.alloc(32, 1).toString("base64");
    expect(() => client.verifyServerFinal(Buffer.from(`v=${forged}`))).toThrow(ScramError);
    expect(() => client.verifyServerFinal(Buffer.from("e=invalid-proof"))).toThrow(/invalid-proof/);
  });

  it.each([
    ["r=other,s=c2FsdA==,i=4096", /nonce/],
    ["r=abc,s=c2FsdA==,i=4096", /nonce/],
    ["r=abcd,s=c2FsdA==", /malformed/],
    ["m=ext,r=abcd,s=c2FsdA==,i=1", /extension/],
  ])("rejects server-first %j", (message, error) => {
    const client = new ScramClient("sha1", "u", "p", "abc");
    expect(() => client.clientFinal(Buffer.from(message))).toThrow(error);
  });
});
