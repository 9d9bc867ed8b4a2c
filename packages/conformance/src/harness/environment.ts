import { execFile } from "node:child_process";
import type { EnvironmentNeed } from "./conformance-case";

const probes: Record<EnvironmentNeed, { command: string; args: string[]; missing: string }> = {
  java: { command: "java", args: ["-version"], missing: "no `java` on PATH (Java 17 runs Qpid JMS)" },
  "python-proton": {
    command: "/usr/bin/python3",
    args: ["-c", "import proton"],
    missing: "no Qpid Proton for /usr/bin/python3 (apt-get install python3-qpid-proton)",
  },
};

const checked = new Map<EnvironmentNeed, Promise<string | undefined>>();

/** Why a need is not met on this machine, or undefined when it is. Each probe runs once per process. */
export function unmetNeed(need: EnvironmentNeed): Promise<string | undefined> {
  let result = checked.get(need);
  if (!result) {
    const probe = probes[need];
    result = new Promise((resolve) =>
      execFile(probe.command, probe.args, { timeout: 20_000 }, (error) =>
        resolve(error ? probe.missing : undefined),
      ),
    );
    checked.set(need, result);
  }
  return result;
}
