import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { CaseContext } from "../harness/conformance-case";
import { withTimeout } from "../harness/with-timeout";
import { fromPackage } from "../package-root";

/** How long the child may take to start Node, connect and send. */
const CHILD_READY_MS = 30_000;

/** The child's script, bundled by tsup from src/peers/tx-kill-child.ts (see tsup.config.ts). */
export function txKillChildScript(): string {
  return fromPackage("dist", "tx-kill-child.js");
}

/**
 * Runs src/peers/tx-kill-child.ts in its own Node process: it sends `count` messages to `queue` in a
 * transaction it never commits. Once it prints "sent", kills it with SIGKILL (no close, no detach: the broker
 * sees the socket drop) and resolves after it has exited.
 */
export async function runKillChild(ctx: CaseContext, queue: string, count: number): Promise<void> {
  const script = txKillChildScript();
  if (!existsSync(script)) {
    throw new Error(
      `${script} is missing: build the conformance package (npm run build -w @jms-ts/conformance)`,
    );
  }
  const { url, username, password } = ctx.running;
  const options = { url, queue, count, ...(username === undefined ? {} : { username, password }) };
  const child = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  ctx.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  let output = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const sent = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split("\n").includes("sent")) resolve();
      else if (output.startsWith("error ")) reject(new Error(`the child failed: ${output.trim()}`));
    });
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `the child exited (${signal ?? code}) before sending: ${(output + stderr).trim().slice(-300)}`,
        ),
      ),
    );
  });
  await withTimeout(sent, CHILD_READY_MS, `the child did not send within ${CHILD_READY_MS / 1000} s`);
  ctx.log(`  transaction child ${child.pid} sent ${count} messages; SIGKILL`);
  child.kill("SIGKILL");
  await withTimeout(exited, 10_000, "the killed child did not exit within 10 s");
}
