// Paging of the bundled broker's store: a million 1 KiB persistent messages wait in one queue while the
// broker process (the built jms-broker CLI, memory limit well below the backlog) stays under 512 MiB of
// resident memory, and every message comes back exactly once, in order [issue 7]. Raw rhea drives the
// load: with several hundred sends in flight per link it fills faster than the JMS client, so the run fits
// the time budget; the figures go to docs/benchmarks/paging.md.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import rhea, { type Connection, type EventContext } from "rhea";
import { afterAll, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../../broker/bin/jms-broker.js", import.meta.url));
const REPORT = fileURLToPath(new URL("../../../../docs/benchmarks/paging.md", import.meta.url));
const MESSAGES = 1_000_000;
const BODY_BYTES = 1024;
const PRODUCERS = 4;
/** Sends in flight per producer link: enough to keep group commit's batches full. */
const SENDS_IN_FLIGHT = 500;
const CONSUMER_CREDIT = 500;
/** Far below the backlog (about 1.1 GiB on disk), so nearly all of it pages. */
const MEMORY_LIMIT_MIB = 16;
const RSS_LIMIT_BYTES = 512 * 1024 * 1024;
/**
 * V8's young generation pinned to 16 MiB semi-spaces (Node 20's size here): Node 24 defaults to larger ones,
 * about 90 MiB more RSS whatever the backlog, and the test is about the broker, not V8's defaults
 * (docs/broker/persistence.md gives both figures).
 */
const YOUNG_GENERATION = "--max-semi-space-size=16";
const QUEUE = "paging";
/** Generous: other test files run beside this one on two cores; alone a phase takes about 25 s. */
const PHASE_TIMEOUT_MS = 240_000;
const SAMPLE_EVERY_MS = 200;
const PROGRESS_EVERY = 100_000;
const MiB = 1024 * 1024;

/** Resident set size of a process, from /proc (Linux); undefined once it has gone. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS on a timer and keeps the peak of the current phase. */
class RssSampler {
  private readonly timer: NodeJS.Timeout;
  peak = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  sample(): number {
    const rss = rssOf(this.pid) ?? 0;
    this.peak = Math.max(this.peak, rss);
    return rss;
  }

  /** Ends a phase: returns its peak and starts the next one from zero. */
  takePeak(): number {
    this.sample();
    const peak = this.peak;
    this.peak = 0;
    return peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Starts the CLI and resolves with its port once it listens; rejects with its stderr if it exits first. */
async function startBroker(child: ChildProcess): Promise<number> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      let stdout = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on amqp:\/\/\S+:(\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) =>
        reject(new Error(`the broker exited (${code}) before listening: ${stderr}`)),
      );
    }),
    30_000,
    () => `the broker did not listen within 30 s: ${stderr}`,
  );
}

/** Rejects with `describe()` when `promise` takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function connect(port: number): Promise<Connection> {
  const connection = rhea.create_container().connect({ host: "127.0.0.1", port, reconnect: false });
  await new Promise<void>((resolve, reject) => {
    connection.once("connection_open", () => resolve());
    connection.once("connection_error", (context: EventContext) => reject(asError(context)));
    connection.once("disconnected", (context: EventContext) => reject(asError(context)));
  });
  return connection;
}

function asError(context: EventContext): Error {
  const error = context.error ?? context.connection.error;
  return error instanceof Error ? error : new Error(`connection failed: ${JSON.stringify(error)}`);
}

/** The producer a sequence number belongs to: each one sends a contiguous range, in order. */
const perProducer = Math.ceil(MESSAGES / PRODUCERS);

/** Sends seq `from` until `to` as persistent messages, keeping SENDS_IN_FLIGHT unsettled. */
async function produce(port: number, from: number, to: number, onAccepted: () => void): Promise<void> {
  const connection = await connect(port);
  // An AMQP data section, not a binary amqp-value: what a JMS BytesMessage carries.
  const body = rhea.message.data_section(Buffer.alloc(BODY_BYTES, 0x61)) as unknown;
  try {
    const sender = connection.open_sender({ target: { address: QUEUE } });
    await new Promise<void>((resolve, reject) => {
      let next = from;
      let inFlight = 0;
      const pump = () => {
        while (next < to && inFlight < SENDS_IN_FLIGHT && sender.sendable()) {
          sender.send({ durable: true, application_properties: { seq: next }, body });
          next++;
          inFlight++;
        }
      };
      sender.on("sendable", pump);
      sender.on("accepted", () => {
        inFlight--;
        onAccepted();
        if (next >= to && inFlight === 0) resolve();
        else pump();
      });
      const refused = (outcome: string) => (context: EventContext) =>
        reject(new Error(`a send was ${outcome}: ${JSON.stringify(context.delivery?.remote_state)}`));
      sender.on("rejected", refused("rejected"));
      sender.on("released", refused("released"));
      sender.on("modified", refused("modified"));
      connection.on("disconnected", (context: EventContext) => reject(asError(context)));
    });
  } finally {
    connection.close();
  }
}

/** Receives until `MESSAGES` arrived; throws on a gap, a duplicate or a message out of order. */
async function drain(port: number, onReceived: (count: number) => void): Promise<void> {
  const connection = await connect(port);
  const next = Array.from({ length: PRODUCERS }, (_, producer) => producer * perProducer);
  let received = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const receiver = connection.open_receiver({
        source: { address: QUEUE },
        credit_window: CONSUMER_CREDIT,
        autoaccept: true,
      });
      receiver.on("message", (context: EventContext) => {
        const properties = context.message?.application_properties as { seq?: unknown } | undefined;
        const seq = properties?.seq;
        const producer = typeof seq === "number" ? Math.floor(seq / perProducer) : -1;
        if (typeof seq !== "number" || next[producer] !== seq) {
          reject(
            new Error(`message #${received + 1} has seq ${String(seq)}, expected one of ${next.join(", ")}`),
          );
          return;
        }
        next[producer] = seq + 1;
        onReceived(++received);
        if (received === MESSAGES) resolve();
      });
      connection.on("disconnected", (context: EventContext) => reject(asError(context)));
    });
  } finally {
    connection.close();
  }
}

function bytesUnder(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

interface Figures {
  fillPeak: number;
  drainPeak: number;
  fillSeconds: number;
  drainSeconds: number;
  diskBytes: number;
}

function writeReport(figures: Figures): void {
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
  const rate = (seconds: number) => `${Math.round(MESSAGES / seconds).toLocaleString("en-US")} msg/s`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  mkdirSync(join(REPORT, ".."), { recursive: true });
  writeFileSync(
    REPORT,
    `# Paging benchmark

What \`packages/conformance/test/integration/paging-memory.test.ts\` measured: the built \`jms-broker\` CLI in
its own process (\`node ${YOUNG_GENERATION}\`, \`--memory-limit ${MEMORY_LIMIT_MIB}\`, a fresh data directory, one durable queue declared
with a 4 GiB \`maxBytes\`), filled by ${PRODUCERS} raw AMQP producers with ${SENDS_IN_FLIGHT} persistent sends in
flight each, then drained by one consumer (credit ${CONSUMER_CREDIT}); RSS read from \`/proc/PID/status\`
every ${SAMPLE_EVERY_MS} ms. The test fails when the peak reaches 512 MiB. One run on ${machine},
${new Date().toISOString().slice(0, 10)}; other work on the machine moves the rates.

| Messages | Body | Peak RSS, fill | Peak RSS, drain | Fill rate | Drain rate | Disk used after fill |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${MESSAGES.toLocaleString("en-US")} | ${BODY_BYTES} B | ${mib(figures.fillPeak)} | ${mib(figures.drainPeak)} | ${rate(figures.fillSeconds)} | ${rate(figures.drainSeconds)} | ${mib(figures.diskBytes)} |
`,
  );
}

describe("[issue 7] paging: a backlog far beyond the memory limit", () => {
  const workDir = mkdtempSync(join(tmpdir(), "jms-ts-paging-"));
  const dataDir = join(workDir, "data");
  const configFile = join(workDir, "broker.json");
  let child: ChildProcess | undefined;
  let sampler: RssSampler | undefined;

  afterAll(async () => {
    sampler?.stop();
    const running = child;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it(
    `keeps broker RSS under 512 MiB with ${MESSAGES.toLocaleString("en-US")} queued 1 KiB persistent messages`,
    async () => {
      writeFileSync(
        configFile,
        JSON.stringify({ queues: [{ name: QUEUE, durable: true, maxBytes: 4 * 1024 * MiB }] }),
      );
      child = spawn(
        process.execPath,
        [
          YOUNG_GENERATION,
          CLI,
          "--port",
          "0",
          "--data-dir",
          dataDir,
          "--memory-limit",
          String(MEMORY_LIMIT_MIB),
        ].concat(["--config", configFile, "--quiet"]),
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const port = await startBroker(child);
      const pid = child.pid as number;
      const rss = new RssSampler(pid);
      sampler = rss;
      const progress = (phase: string, count: number, started: number) =>
        console.log(
          `${phase} ${count.toLocaleString("en-US")} in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
            `broker RSS ${((rssOf(pid) ?? 0) / MiB).toFixed(0)} MiB`,
        );

      let accepted = 0;
      const fillStart = Date.now();
      await withTimeout(
        Promise.all(
          Array.from({ length: PRODUCERS }, (_, producer) =>
            produce(port, producer * perProducer, Math.min(MESSAGES, (producer + 1) * perProducer), () => {
              if (++accepted % PROGRESS_EVERY === 0) progress("filled", accepted, fillStart);
            }),
          ),
        ),
        PHASE_TIMEOUT_MS,
        () => `the fill took over ${PHASE_TIMEOUT_MS / 1000} s: ${accepted} of ${MESSAGES} accepted`,
      );
      const fillSeconds = (Date.now() - fillStart) / 1000;
      const fillPeak = rss.takePeak();
      const diskBytes = bytesUnder(dataDir);

      let received = 0;
      const drainStart = Date.now();
      await withTimeout(
        drain(port, (count) => {
          received = count;
          if (count % PROGRESS_EVERY === 0) progress("drained", count, drainStart);
        }),
        PHASE_TIMEOUT_MS,
        () => `the drain took over ${PHASE_TIMEOUT_MS / 1000} s: ${received} of ${MESSAGES} received`,
      );
      const drainSeconds = (Date.now() - drainStart) / 1000;
      const drainPeak = rss.takePeak();
      rss.stop();

      writeReport({ fillPeak, drainPeak, fillSeconds, drainSeconds, diskBytes });
      console.log(
        `peak broker RSS: ${(fillPeak / MiB).toFixed(0)} MiB filling, ${(drainPeak / MiB).toFixed(0)} MiB draining; ` +
          `fill ${fillSeconds.toFixed(1)} s, drain ${drainSeconds.toFixed(1)} s, ${(diskBytes / MiB).toFixed(0)} MiB on disk`,
      );
      expect(received).toBe(MESSAGES);
      expect(Math.max(fillPeak, drainPeak)).toBeLessThan(RSS_LIMIT_BYTES);
    },
    2 * PHASE_TIMEOUT_MS + 30_000,
  );
});
