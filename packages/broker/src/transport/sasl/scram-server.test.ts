import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ScramServer } from "./scram-server";
import { UserStore } from "./user-store";
import { hashPassword } from "../../security/password-hash";

/** The client side of RFC 5802 3, spelled out with node:crypto primitives. */
function clientFinal(
  hash: "sha1" | "sha256" | "sha512",
  password: string,
  bare: string,
  serverFirst: string,
) {
  const fields = Object.fromEntries(serverFirst.split(",").map((f) => [f[0] ?? "", f.slice(2)]));
  const salted = pbkdf2Sync(
    password,
    Buffer.from(fields["s"] ?? "", "base64"),
    Number(fields["i"]),
    createHash(hash).digest().length,
    hash,
  );
  const clientKey = createHmac(hash, salted).update("Client Key").digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields["r"] ?? ""}`;
  const auth = `${bare},${serverFirst},${withoutProof}`;
  const signature = createHmac(hash, storedKey).update(auth).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0))).toString("base64");
  const serverKey = createHmac(hash, salted).update("Server Key").digest();
  return {
    message: Buffer.from(`${withoutProof},p=${proof}`),
    serverFinal: `v=${createHmac(hash, serverKey).update(auth).digest("base64")}`,
  };
}

function recorder() {
  const failures: Array<[string | undefined, string]> = [];
  return { failures, report: (user: string | undefined, reason: string) => failures.push([user, reason]) };
}

describe("[RFC 5802] broker SCRAM server", () => {
  const users = new UserStore({
    passwords: { alice: "pencil" },
    hashes: { carol: hashPassword("pen", 5000) },
  });

  it.each(["sha1", "sha256", "sha512"] as const)(
    "%s: accepts the right proof, signs the server-final, then succeeds",
    (hash) => {
      const server = new ScramServer(hash, users);
      const bare = "n=alice,r=clientnonce";
      const serverFirst = server.start(Buffer.from(`n,,${bare}`))?.toString() ?? "";
      expect(serverFirst).toMatch(/^r=clientnonce[^,]+,s=[^,]+,i=4096$/);
      expect(server.outcome).toBeUndefined();
      const { message, serverFinal } = clientFinal(hash, "pencil", bare, serverFirst);
      expect(server.step(message)?.toString()).toBe(serverFinal);
      expect(server.outcome).toBeUndefined(); // rhea sends server-final as a challenge
      server.step(Buffer.alloc(0));
      expect([server.outcome, server.username]).toEqual([true, "alice"]);
      expect(server.mechanism).toBe(`SCRAM-${hash.toUpperCase().replace("SHA", "SHA-")}`);
    },
  );

  it("[RFC 7677] a user from a password hash authenticates with its own iteration count", () => {
    const server = new ScramServer("sha256", users);
    const serverFirst = server.start(Buffer.from("n,,n=carol,r=abc"))?.toString() ?? "";
    expect(serverFirst).toMatch(/,i=5000$/);
    server.step(clientFinal("sha256", "pen", "n=carol,r=abc", serverFirst).message);
    server.step(Buffer.alloc(0));
    expect(server.outcome).toBe(true);
  });

  it("[RFC 5802 5.1] refuses a wrong proof and an unknown user alike, and reports both", () => {
    const { failures, report } = recorder();
    const seen: string[] = [];
    for (const name of ["alice", "mallory"]) {
      const server = new ScramServer("sha256", users, report);
      const serverFirst = server.start(Buffer.from(`n,,n=${name},r=abc`))?.toString() ?? "";
      seen.push(serverFirst.replace(/^r=[^,]+,s=[^,]+,/, ""));
      expect(
        server.step(clientFinal("sha256", "wrong", `n=${name},r=abc`, serverFirst).message),
      ).toBeUndefined();
      expect(server.outcome).toBe(false);
    }
    expect(seen).toEqual(["i=4096", "i=4096"]);
    expect(failures).toEqual([
      ["alice", "wrong password"],
      ["mallory", "unknown user"],
    ]);
  });

  it("[RFC 5802 5.1] an unknown user gets the same salt on every attempt", () => {
    const salts = [1, 2].map((n) => {
      const server = new ScramServer("sha256", users);
      return server
        .start(Buffer.from(`n,,n=mallory,r=n${n}`))
        ?.toString()
        .split(",")[1];
    });
    expect(salts[0]).toMatch(/^s=/);
    expect(salts[0]).toBe(salts[1]);
  });

  it("[RFC 5802 5.1] refuses a client-final whose nonce is not the server's", () => {
    const { failures, report } = recorder();
    const server = new ScramServer("sha256", users, report);
    server.start(Buffer.from("n,,n=alice,r=abc"));
    server.step(Buffer.from(`c=biws,r=abcX,p=${Buffer.alloc(32).toString("base64")}`));
    expect(server.outcome).toBe(false);
    expect(failures).toEqual([["alice", "nonce is not the one the server sent"]]);
  });

  it("[RFC 5802 7] refuses channel-binding data that is not the gs2-header", () => {
    const server = new ScramServer("sha256", users);
    const serverFirst = server.start(Buffer.from("y,,n=alice,r=abc"))?.toString() ?? "";
    // A correct proof over c=biws ("n,,"), but the client said "y,,": c must be eSws.
    server.step(clientFinal("sha256", "pencil", "n=alice,r=abc", serverFirst).message);
    expect(server.outcome).toBe(false);
  });

  it("[RFC 5802 5.1] refuses an authzid other than the user, without a challenge", () => {
    const { failures, report } = recorder();
    const server = new ScramServer("sha256", users, report);
    expect(server.start(Buffer.from("n,a=admin,n=alice,r=abc"))).toBeUndefined();
    expect(server.outcome).toBe(false);
    expect(failures).toEqual([["alice", 'may not act as "admin"']]);
  });

  it("throws on a malformed client-first (rhea answers outcome sys)", () => {
    expect(() => new ScramServer("sha256", users).start(Buffer.from("garbage"))).toThrow(/malformed/);
  });

  it("keeps its verdict: a response after the outcome changes nothing", () => {
    const server = new ScramServer("sha256", users);
    server.start(Buffer.from("n,,n=alice,r=abc"));
    server.step(Buffer.from("c=biws,r=abc,p=AAAA"));
    expect(server.outcome).toBe(false);
    server.step(Buffer.alloc(0));
    expect(server.outcome).toBe(false);
  });
});
