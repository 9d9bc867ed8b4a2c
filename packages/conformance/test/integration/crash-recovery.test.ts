// Crash safety of the bundled broker's store: the real broker process (the built jms-broker CLI) is killed
// with SIGKILL at a random moment under concurrent persistent load, restarted on the same data directory,
// and what it recovered is checked against what the clients were told [issue 7].
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Connection, ConnectionFactory, type Message, Session } from "@jms-ts/client";
import { afterAll, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../../broker/bin/jms-broker.js", import.meta.url));
const CYCLES = 20;
const PRODUCERS = 3;
const QUEUE = "crash-test";
/** Bodies of about 512 bytes, so paging (memory limit 0 on every other cycle) moves real content. */
const PADDING = "x".repeat(500);

/** One message as the test knows it: who sent it and its place in that producer's sequence. */
interface Sent {
  readonly producer: number;
  readonly seq: number;
}

const key = ({ producer, seq }: Sent) => `${producer}/${seq}`;

interface Recovered extends Sent {
  readonly redelivered: boolean;
}

class BrokerProcess {
  private child: ChildProcess | undefined;
  port = 0;

  constructor(private readonly dataDir: string) {}

  /** Starts the CLI and resolves with its URL once it listens; rejects with its stderr when it exits. */
  async start(memoryLimitMiB: number): Promise<string> {
    const args = ["--port", String(this.port), "--data-dir", this.dataDir, "--quiet"];
    const child = spawn(process.execPath, [CLI, ...args, "--memory-limit", String(memoryLimitMiB)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (amqp:\/\/[^\s]+:(\d+))/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      child.once("exit", (code) =>
        reject(new Error(`the broker exited (${code}) before listening: ${stderr}`)),
      );
    });
    this.port = Number(new URL(url).port);
    return url;
  }

  /** SIGKILL: no shutdown code runs, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}

/** What one cycle's clients were told before the broker died. */
interface Ledger {
  /** Every send attempted (a message the broker may hold). */
  readonly attempted: Set<string>;
  /** Sends the broker accepted: on disk, must be recovered unless committed away. */
  readonly accepted: Set<string>;
  /** Received in a transaction whose commit succeeded: must never come back. */
  readonly committed: Set<string>;
  /** Received in a transaction whose commit failed as the broker died: either way is right. */
  readonly inDoubt: Set<string>;
  /** Received, no commit tried: must come back, marked redelivered. */
  readonly inFlight: Set<string>;
}

function sentOf(message: Message): Sent {
  return { producer: message.getIntProperty("producer"), seq: message.getIntProperty("seq") };
}

async function produce(url: string, producer: number, firstSeq: number, ledger: Ledger, stop: () => boolean) {
  const connection = await new ConnectionFactory(url).createConnection();
  try {
    const session = await connection.createSession();
    const sender = await session.createProducer(session.createQueue(QUEUE));
    for (let seq = firstSeq; !stop(); seq++) {
      const message = session.createTextMessage(`${producer}-${seq}-${PADDING}`);
      message.setIntProperty("producer", producer);
      message.setIntProperty("seq", seq);
      ledger.attempted.add(key({ producer, seq }));
      await sender.send(message);
      ledger.accepted.add(key({ producer, seq }));
    }
  } catch {
    // The broker died under the send: the outcome of the last attempt is unknown.
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function consumeTransacted(url: string, ledger: Ledger, stop: () => boolean) {
  const connection = await new ConnectionFactory(url).createConnection();
  let batch: string[] = [];
  try {
    await connection.start();
    const session = await connection.createSession(true, Session.SESSION_TRANSACTED);
    const consumer = await session.createConsumer(session.createQueue(QUEUE));
    while (!stop()) {
      const message = await consumer.receive(20);
      if (message) {
        batch.push(key(sentOf(message)));
        if (batch.length < 7) continue;
      }
      if (batch.length === 0 || stop()) continue;
      const committing = batch;
      batch = [];
      try {
        await session.commit();
        for (const id of committing) ledger.committed.add(id);
      } catch (error) {
        for (const id of committing) ledger.inDoubt.add(id);
        throw error;
      }
    }
  } catch {
    // The broker died.
  } finally {
    for (const id of batch) ledger.inFlight.add(id);
    await connection.close().catch(() => undefined);
  }
}

/** Takes everything the queue holds, in order, until it stays empty. */
async function drain(url: string): Promise<Recovered[]> {
  const connection: Connection = await new ConnectionFactory(url).createConnection();
  try {
    await connection.start();
    const session = await connection.createSession();
    const consumer = await session.createConsumer(session.createQueue(QUEUE));
    const recovered: Recovered[] = [];
    for (let message = await consumer.receive(3_000); message; message = await consumer.receive(500)) {
      recovered.push({ ...sentOf(message), redelivered: message.getJMSRedelivered() });
    }
    return recovered;
  } finally {
    await connection.close();
  }
}

function check(cycle: number, ledger: Ledger, recovered: readonly Recovered[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const last = new Map<number, number>();
  for (const message of recovered) {
    const id = key(message);
    if (seen.has(id)) problems.push(`${id} recovered twice`);
    seen.add(id);
    if (!ledger.attempted.has(id)) problems.push(`${id} recovered but never sent this cycle`);
    if (ledger.committed.has(id)) problems.push(`${id} came back although its consume was committed`);
    if (ledger.inFlight.has(id) && !message.redelivered)
      problems.push(`${id} came back without JMSRedelivered`);
    if ((last.get(message.producer) ?? -1) >= message.seq) problems.push(`${id} out of order`);
    last.set(message.producer, message.seq);
  }
  for (const id of ledger.accepted) {
    if (!ledger.committed.has(id) && !ledger.inDoubt.has(id) && !seen.has(id)) {
      problems.push(`${id} was accepted and not consumed, but is gone`);
    }
  }
  for (const id of ledger.inFlight) if (!seen.has(id)) problems.push(`${id} was in flight but is gone`);
  return problems.map((problem) => `cycle ${cycle}: ${problem}`);
}

describe("[issue 7] crash safety: kill -9 under concurrent persistent load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "jms-ts-crash-"));
  const broker = new BrokerProcess(dataDir);
  afterAll(async () => {
    await broker.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no accepted message and revives no committed one over ${CYCLES} SIGKILLs`, async () => {
    let url = await broker.start(64);
    let nextSeq = 0;
    const totals = { accepted: 0, committed: 0, inFlight: 0, recovered: 0, redelivered: 0 };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const ledger: Ledger = {
        attempted: new Set(),
        accepted: new Set(),
        committed: new Set(),
        inDoubt: new Set(),
        inFlight: new Set(),
      };
      let killed = false;
      const stop = () => killed;
      const firstSeq = nextSeq;
      nextSeq += 1_000_000;
      const clients = [
        ...Array.from({ length: PRODUCERS }, (_, producer) => produce(url, producer, firstSeq, ledger, stop)),
        consumeTransacted(url, ledger, stop),
      ];
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
      killed = true;
      await broker.kill();
      await Promise.all(clients);
      url = await broker.start(cycle % 2 === 0 ? 64 : 0);
      const recovered = await drain(url);
      expect(check(cycle, ledger, recovered)).toEqual([]);
      totals.accepted += ledger.accepted.size;
      totals.committed += ledger.committed.size;
      totals.inFlight += ledger.inFlight.size;
      totals.recovered += recovered.length;
      totals.redelivered += recovered.filter((message) => message.redelivered).length;
    }
    // The load was real: the kills hit both sides of the broker's work.
    expect(totals.accepted).toBeGreaterThan(CYCLES * 10);
    expect(totals.committed).toBeGreaterThan(0);
    expect(totals.recovered).toBeGreaterThan(0);
    console.log(`crash test: ${CYCLES} kills, ${JSON.stringify(totals)}`);
  }, 240_000);
});
