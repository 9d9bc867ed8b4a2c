import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Throwaway PEM files for TLS tests: a CA, a server certificate for localhost/127.0.0.1, a client one. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  serverKey: Buffer;
  serverCert: Buffer;
  ca: Buffer;
  clientKeyFile: string;
  clientCertFile: string;
  /** A client certificate signed by a CA the broker does not trust. */
  strangerKeyFile: string;
  strangerCertFile: string;
  remove(): void;
}

/** Generates certificates with the `openssl` command (EC keys: fast). */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "jms-ts-tls-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const key = (name: string) =>
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file(name));
  const ca = (name: string, cn: string) => {
    key(`${name}.key`);
    openssl(
      "req",
      "-x509",
      "-new",
      "-key",
      file(`${name}.key`),
      "-out",
      file(`${name}.pem`),
      "-days",
      "2",
      "-subj",
      `/CN=${cn}`,
    );
  };
  const signed = (name: string, cn: string, caName: string, ext: string) => {
    key(`${name}.key`);
    openssl("req", "-new", "-key", file(`${name}.key`), "-out", file(`${name}.csr`), "-subj", `/CN=${cn}`);
    writeFileSync(file(`${name}.ext`), ext);
    openssl(
      "x509",
      "-req",
      "-in",
      file(`${name}.csr`),
      "-CA",
      file(`${caName}.pem`),
      "-CAkey",
      file(`${caName}.key`),
      "-CAcreateserial",
      "-out",
      file(`${name}.pem`),
      "-days",
      "2",
      "-extfile",
      file(`${name}.ext`),
    );
  };
  ca("ca", "jms-ts test CA");
  ca("other-ca", "someone else's CA");
  signed("server", "localhost", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  signed("client", "test-client", "ca", "extendedKeyUsage=clientAuth\n");
  signed("stranger", "stranger", "other-ca", "extendedKeyUsage=clientAuth\n");
  return {
    dir,
    caFile: file("ca.pem"),
    ca: readFileSync(file("ca.pem")),
    serverKey: readFileSync(file("server.key")),
    serverCert: readFileSync(file("server.pem")),
    clientKeyFile: file("client.key"),
    clientCertFile: file("client.pem"),
    strangerKeyFile: file("stranger.key"),
    strangerCertFile: file("stranger.pem"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
