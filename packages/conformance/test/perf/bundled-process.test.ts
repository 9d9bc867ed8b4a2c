// The bundled broker as jms-perf starts it by default: the built jms-broker CLI in a child process.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import rhea, { type Connection } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { type BundledProcess, startBundledProcess } from "../../src/perf/bundled-process";

const started: BundledProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((broker) => broker.stop()));
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Opens and closes an AMQP connection to `url`; rejects if the broker does not answer within 5 s. */
function amqpOpens(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no AMQP open from ${url} within 5 s`)), 5_000);
    const connection: Connection = rhea
      .create_container()
      .connect({ host: hostname, port: Number(port), reconnect: false });
    connection.on("connection_open", () => {
      clearTimeout(timer);
      connection.close();
      resolve();
    });
    connection.on("disconnected", () => reject(new Error(`cannot connect to ${url}`)));
  });
}

describe("startBundledProcess", () => {
  it("runs jms-broker in a child process with a fresh data dir; stop ends the child and removes the dir", async () => {
    const broker = await startBundledProcess();
    started.push(broker);
    expect(broker.url).toMatch(/^amqp:\/\/127\.0\.0\.1:\d+$/);
    expect(broker.pid).not.toBe(process.pid);
    expect(alive(broker.pid)).toBe(true);
    expect(existsSync(broker.dataDir)).toBe(true);
    await amqpOpens(broker.url);
    await broker.stop();
    expect(alive(broker.pid)).toBe(false);
    expect(existsSync(broker.dataDir)).toBe(false);
  });

  it("a broker that exits before it listens fails with one line naming why, and leaves no dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jms-ts-bundled-process-test-"));
    try {
      const config = join(dir, "broken.json");
      writeFileSync(config, "{ not json");
      const parentDir = join(dir, "data");
      mkdirSync(parentDir);
      await expect(startBundledProcess({ config, parentDir })).rejects.toThrow(
        /^jms-broker exited with code 1 before it was ready: jms-broker: .*broken\.json/,
      );
      expect(readdirSync(parentDir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
