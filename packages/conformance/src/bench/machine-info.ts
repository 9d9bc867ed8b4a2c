import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fromPackage } from "../package-root";
import { ARTEMIS, QPID_BROKER_J } from "../targets/java/index";

/** What the report says about the machine and the software measured. */
export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  /** `java -version`'s first line, or why there is none. */
  readonly java: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The machine now, and the versions of every broker and client the bench runs. */
export async function machineInfo(now = new Date()): Promise<MachineInfo> {
  const processors = cpus();
  return {
    date: now.toISOString(),
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java: await javaVersion(),
    versions: {
      "bundled broker": manifestVersion("..", "broker", "package.json"),
      "qpid-broker-j": QPID_BROKER_J.version,
      artemis: ARTEMIS.version,
      "jms-ts client": manifestVersion("..", "client", "package.json"),
      rhea: manifestVersion("..", "..", "node_modules", "rhea", "package.json"),
      "qpid-jms": qpidJmsVersion(),
    },
  };
}

function javaVersion(): Promise<string> {
  return new Promise((resolve) =>
    execFile("java", ["-version"], { timeout: 10_000 }, (error, stdout, stderr) => {
      const first = `${stderr}${stdout}`.trim().split("\n")[0]?.trim();
      resolve(error || !first ? `none (${error?.message ?? "no output"})` : first);
    }),
  );
}

function manifestVersion(...path: string[]): string {
  try {
    return (JSON.parse(readFileSync(fromPackage(...path), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

/** The Qpid JMS version the conformance peer jar is built with (java/pom.xml). */
function qpidJmsVersion(): string {
  try {
    const pom = readFileSync(fromPackage("java", "pom.xml"), "utf8");
    return /<qpid-jms\.version>([^<]+)</.exec(pom)?.[1] ?? "?";
  } catch {
    return "?";
  }
}
