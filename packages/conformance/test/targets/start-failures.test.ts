// A broker that cannot start fails its target with one clear line and never hangs the run: these
// provoke the failures without needing the broker to run (no Java, a taken port, no container engine).
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { artemisContainer, qpidBrokerJContainer } from "../../src/targets/container/index";
import { artemisNative, qpidBrokerJNative } from "../../src/targets/java/index";
import { protonBrokerTarget } from "../../src/targets/proton-broker";
import { withTimeout } from "../../src/harness/with-timeout";
import type { Target } from "../../src/harness/target";

const saved = { ...process.env };
const quiet = () => undefined;

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function startFailure(target: Target): Promise<string> {
  const outcome = await withTimeout(target.start(quiet), 20_000, "start() hung").then(
    async (running) => {
      await running.stop();
      return "started";
    },
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  expect(outcome).not.toBe("started");
  expect(outcome).not.toContain("\n");
  return outcome;
}

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe("targets that cannot start say why in one line", () => {
  it.each([
    ["qpid-broker-j", qpidBrokerJNative],
    ["artemis", artemisNative],
  ])("%s (native) without java on PATH", async (name, factory) => {
    process.env["PATH"] = "/nonexistent";
    expect(await startFailure(factory())).toBe(`java is not on PATH: Java 17 runs ${name}`);
  });

  it("proton with its port taken", async () => {
    const { port, server } = await occupiedPort();
    try {
      process.env["JMS_TS_PROTON_PORT"] = String(port);
      expect(await startFailure(protonBrokerTarget)).toBe(`port ${port} on 127.0.0.1 is taken`);
    } finally {
      server.close();
    }
  });

  it("qpid-broker-j (native) with its port taken", async () => {
    const { port, server } = await occupiedPort();
    try {
      process.env["JMS_TS_QPID_BROKER_J_PORT"] = String(port);
      expect(await startFailure(qpidBrokerJNative())).toMatch(
        new RegExp(`port ${port} is taken|not installed`),
      );
    } finally {
      server.close();
    }
  });

  it.each([
    ["qpid-broker-j", qpidBrokerJContainer],
    ["artemis", artemisContainer],
  ])("%s (container) without a container engine", async (_name, factory) => {
    delete process.env["DOCKER_HOST"];
    expect(await startFailure(factory())).toMatch(
      /^no container engine: run packages\/conformance\/scripts\/setup-podman\.sh/,
    );
  });
});
