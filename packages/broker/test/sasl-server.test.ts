import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ScramServer } from "../src/transport/sasl/scram-server";
import { serverMechanisms } from "../src/transport/sasl/server-mechanisms";
import { UserStore } from "../src/transport/sasl/user-store";
import { hashPassword } from "../src/security/password-hash";

/** The parts of client-final an RFC 5802 3 client computes before its proof. */
function clientFinal(clientFirstBare: string, serverFirst: string) {
  const nonce = serverFirst.split(",")[0]?.slice(2);
  const withoutProof = `c=biws,r=${nonce}`;
  return { withoutProof, auth: `${clientFirstBare},${serverFirst},${withoutProof}` };
}

describe("[RFC 5802] broker SCRAM server", () => {
  const users = new UserStore({ passwords: { alice: "pencil" } });

  it.each(["sha1", "sha256", "sha512"] as const)(
    "%s: accepts the right proof and signs the server-final",
    async (hash) => {
      const { pbkdf2Sync } = await import("node:crypto");
      const server = new ScramServer(hash, users);
      const bare = "n=alice,r=clientnonce";
      const serverFirst = server.start(Buffer.from(`n,,${bare}`)).toString();
      expect(serverFirst).toMatch(/^r=clientnonce[^,]+,s=[^,]+,i=4096$/);
      expect(server.outcome).toBeUndefined();
      const fields: Record<string, string> = Object.fromEntries(
        serverFirst.split(",").map((f) => [f[0] ?? "", f.slice(2)]),
      );
      const length = createHash(hash).digest().length;
      const salted = pbkdf2Sync("pencil", Buffer.from(fields["s"] ?? "", "base64"), 4096, length, hash);
      const clientKey = createHmac(hash, salted).update("Client Key").digest();
      const storedKey = createHash(hash).update(clientKey).digest();
      const { withoutProof, auth } = clientFinal(bare, serverFirst);
      const signature = createHmac(hash, storedKey).update(auth).digest();
      const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0))).toString("base64");
      const serverFinal = server.step(Buffer.from(`${withoutProof},p=${proof}`))?.toString();
      const serverKey = createHmac(hash, salted).update("Server Key").digest();
      expect(serverFinal).toBe(`v=${createHmac(hash, serverKey).update(auth).digest("base64")}`);
      expect(server.outcome).toBeUndefined();
      server.step(Buffer.alloc(0));
      expect(server.outcome).toBe(true);
      expect(server.username).toBe("alice");
    },
  );

  it("refuses a wrong proof and an unknown user without telling them apart", () => {
    for (const name of ["alice", "mallory"]) {
      const server = new ScramServer("sha256", users);
      const serverFirst = server.start(Buffer.from(`n,,n=${name},r=abc`)).toString();
      expect(serverFirst).toMatch(/,i=4096$/);
      const nonce = serverFirst.split(",")[0]?.slice(2);
      server.step(Buffer.from(`c=biws,r=${nonce},p=${Buffer.alloc(32).toString("base64")}`));
      expect(server.outcome).toBe(false);
    }
  });

  it("gives an unknown user the same salt every time", () => {
    expect(users.saltFor("mallory", "sha256").salt).toEqual(users.saltFor("mallory", "sha256").salt);
  });

  it("refuses a client-final whose nonce is not the server's", () => {
    const server = new ScramServer("sha256", users);
    server.start(Buffer.from("n,,n=alice,r=abc"));
    server.step(Buffer.from(`c=biws,r=abcX,p=${Buffer.alloc(32).toString("base64")}`));
    expect(server.outcome).toBe(false);
  });

  it("a malformed client-first is a rejected promise (rhea turns it into outcome sys)", async () => {
    const mechanism = serverMechanisms({ users: { alice: "x" } })["SCRAM-SHA-256"]?.() as ScramServer;
    await expect(Promise.resolve(mechanism.start(Buffer.from("garbage")))).rejects.toThrow(/malformed/);
  });
});

describe("server mechanism table", () => {
  it("offers ANONYMOUS only without users, strongest first with them", () => {
    expect(Object.keys(serverMechanisms({}))).toEqual(["ANONYMOUS"]);
    expect(Object.keys(serverMechanisms({ users: { a: "b" } }))).toEqual([
      "SCRAM-SHA-512",
      "SCRAM-SHA-256",
      "SCRAM-SHA-1",
      "PLAIN",
    ]);
    expect(Object.keys(serverMechanisms({ users: { a: "b" }, allowAnonymous: true }))).toContain("ANONYMOUS");
  });

  it("PLAIN checks the password against the salted keys", () => {
    const plain = () =>
      serverMechanisms({ users: { alice: "pencil" } })["PLAIN"]?.() as {
        start(r: Buffer): void;
        outcome?: boolean;
        username?: string;
      };
    const good = plain();
    good.start(Buffer.from("\0alice\0pencil"));
    expect([good.outcome, good.username]).toEqual([true, "alice"]);
    const bad = plain();
    bad.start(Buffer.from("\0alice\0pen"));
    expect(bad.outcome).toBe(false);
  });
});

describe("users from password hashes", () => {
  const hash = hashPassword("pencil");

  it("offer SCRAM-SHA-256 and PLAIN only: hashed users have no SHA-1 or SHA-512 keys", () => {
    expect(Object.keys(serverMechanisms({ userHashes: { carol: hash } }))).toEqual([
      "SCRAM-SHA-256",
      "PLAIN",
    ]);
    expect(Object.keys(serverMechanisms({ users: { alice: "x" }, userHashes: { carol: hash } }))).toEqual([
      "SCRAM-SHA-256",
      "PLAIN",
    ]);
    expect(Object.keys(serverMechanisms({ users: { alice: "x" } }))).toEqual([
      "SCRAM-SHA-512",
      "SCRAM-SHA-256",
      "SCRAM-SHA-1",
      "PLAIN",
    ]);
  });

  it("[RFC 4616] PLAIN verifies against the hash", () => {
    const store = new UserStore({ hashes: { carol: hash } });
    expect(store.verifyPassword("carol", "pencil")).toBe(true);
    expect(store.verifyPassword("carol", "pencil!")).toBe(false);
  });

  it("a malformed hash names the user", () => {
    expect(() => new UserStore({ hashes: { carol: "pencil" } })).toThrow(/user "carol": not a password hash/);
  });
});
