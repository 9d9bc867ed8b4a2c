// Runs Qpid Proton's Python binding (peers/proton/proton_peer.py) as an independent AMQP 1.0 peer and
// returns what it printed: one JSON line per message it sent or decoded.
import { execFile } from "node:child_process";
import { fromPackage } from "../package-root";

export const PYTHON = "/usr/bin/python3";
const SCRIPT = fromPackage("peers", "proton", "proton_peer.py");

/** One message as Proton decoded it (see proton_peer.py `receive`). */
export interface ProtonMessage {
  body: unknown;
  body_type: string;
  annotations: Record<string, { value: unknown; type: string }>;
  durable: boolean;
  id: string | null;
  id_type: string;
  to: string | null;
  creation_time: number;
  priority: number;
  delivery_count: number;
  properties: Record<string, string>;
}

export interface ProtonEndpoint {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
}

/** Sends `count` string messages (`body`, or `body-i` when count > 1), durable, and waits for acceptance. */
export async function protonSend(
  to: ProtonEndpoint,
  address: string,
  body: string,
  count = 1,
): Promise<void> {
  await runPeer(["send", to.url, address, body, "--count", String(count), ...credentials(to)]);
}

/** Receives exactly `count` messages and returns what Proton decoded. */
export async function protonReceive(
  from: ProtonEndpoint,
  address: string,
  count = 1,
): Promise<ProtonMessage[]> {
  return (await runPeer([
    "receive",
    from.url,
    address,
    "--count",
    String(count),
    ...credentials(from),
  ])) as ProtonMessage[];
}

function credentials(endpoint: ProtonEndpoint): string[] {
  return endpoint.username === undefined
    ? []
    : ["--user", endpoint.username, "--password", endpoint.password ?? ""];
}

/** Runs the peer to completion (killed a little after its own timeout) and parses its JSON lines. */
function runPeer(args: string[], timeoutS = 15): Promise<unknown[]> {
  const argv = [SCRIPT, ...args, "--timeout", String(timeoutS)];
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      argv,
      { timeout: (timeoutS + 5) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const lines = stdout
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line) as unknown);
        if (!error) resolve(lines);
        else
          reject(
            new Error(
              `proton_peer.py ${args[0] ?? ""} failed (${String(error.code)}): ${JSON.stringify(lines)} ${stderr.trim()}`,
            ),
          );
      },
    );
  });
}
