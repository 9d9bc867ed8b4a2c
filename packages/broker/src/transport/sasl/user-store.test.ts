import { describe, expect, it } from "vitest";
import { hashPassword } from "../../security/password-hash";
import { UserStore } from "./user-store";

describe("UserStore", () => {
  const hash = hashPassword("pencil", 6000);

  it("keeps users from passwords with keys for every hash, users from hashes with SHA-256 only", () => {
    const store = new UserStore({ passwords: { alice: "a" }, hashes: { carol: hash } });
    expect(store.size).toBe(2);
    expect(store.has("carol")).toBe(true);
    expect(store.has("mallory")).toBe(false);
    expect(store.credential("alice", "sha512")).toBeDefined();
    expect(store.credential("carol", "sha512")).toBeUndefined();
    expect(store.supports("sha256")).toBe(true);
    expect(store.supports("sha1")).toBe(false);
    expect(new UserStore({ passwords: { alice: "a" } }).supports("sha512")).toBe(true);
  });

  it("[RFC 4616] PLAIN verifies against a password and against a hash", async () => {
    const store = new UserStore({ passwords: { alice: "a" }, hashes: { carol: hash } });
    expect(await store.verifyPassword("alice", "a")).toBe(true);
    expect(await store.verifyPassword("alice", "b")).toBe(false);
    expect(await store.verifyPassword("carol", "pencil")).toBe(true);
    expect(await store.verifyPassword("carol", "pencil!")).toBe(false);
    expect(await store.verifyPassword("mallory", "pencil")).toBe(false);
  });

  it("[RFC 4013] compares passwords after NFKC normalisation", async () => {
    const store = new UserStore({ passwords: { alice: "\u2168" } }); // ROMAN NUMERAL NINE
    expect(await store.verifyPassword("alice", "IX")).toBe(true);
  });

  it("[RFC 5802 5.1] announces for an unknown user a stable salt and the real users' iteration count", () => {
    const store = new UserStore({ hashes: { carol: hash } });
    const unknown = store.saltFor("mallory", "sha256");
    expect(unknown.iterations).toBe(6000);
    expect(unknown.salt).toHaveLength(16);
    expect(store.saltFor("mallory", "sha256").salt).toEqual(unknown.salt);
    expect(store.saltFor("mallet", "sha256").salt).not.toEqual(unknown.salt);
    expect(store.saltFor("carol", "sha256").salt).toEqual(store.credential("carol", "sha256")?.salt);
  });

  it("names the user whose hash is malformed", () => {
    expect(() => new UserStore({ hashes: { carol: "pencil" } })).toThrow(
      /^user "carol": not a password hash/,
    );
  });

  it("lets a password (users option, --user) win over a hash for the same user", async () => {
    const store = new UserStore({ passwords: { carol: "x" }, hashes: { carol: hash } });
    expect(await store.verifyPassword("carol", "x")).toBe(true);
    expect(await store.verifyPassword("carol", "pencil")).toBe(false);
    expect(store.supports("sha512")).toBe(true);
  });
});
