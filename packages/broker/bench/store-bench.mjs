// Throughput and recovery of the bundled broker's persistent store. Run after `npm run build`:
// `npm run bench:store` (or `node packages/broker/bench/store-bench.mjs [--recovery-messages N]`). Measures
// synchronous persistent sends per second (each producer waits for its send to be accepted, that is for the
// fsync, before the next: where group commit matters) for 1 and 16 producers, with group commit on and off;
// then how long a broker takes to recover a store holding 1,000,000 messages of 1 KiB. Prints a table and
// writes docs/benchmarks/store.md. A benchmark, not a test: nothing here asserts a time.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Buffer } from "node:buffer";
import { parseArgs } from "node:util";
import rhea from "rhea";
import { createBroker } from "../dist/index.js";

const { values: args } = parseArgs({
  options: {
    "recovery-messages": { type: "string", default: "1000000" },
    "send-seconds": { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
  },
});
const RECOVERY_MESSAGES = Number(args["recovery-messages"]);
const SEND_SECONDS = Number(args["send-seconds"]);
/** Each send configuration runs this many times, interleaved; the table shows the median and the range. */
const ROUNDS = Number(args.rounds);
const BODY = rhea.message.data_section(Buffer.alloc(1024, 0x61));
const QUEUE = "bench";
const BIG_QUEUE = { durable: true, maxBytes: 4 * 1024 ** 3 };
const CLI = fileURLToPath(new URL("../bin/jms-broker.js", import.meta.url));
const MiB = 1024 * 1024;
const format = (n) => Math.round(n).toLocaleString("en-US");

const log = (line) => process.stdout.write(`${line}\n`);

function connect(port) {
  const connection = rhea.create_container().connect({ host: "127.0.0.1", port, reconnect: false });
  return new Promise((resolve, reject) => {
    connection.once("connection_open", () => resolve(connection));
    connection.once("connection_error", (context) => reject(context.error ?? new Error("connection error")));
    connection.once("disconnected", (context) => reject(context.error ?? new Error("disconnected")));
  });
}

function openSender(connection) {
  const sender = connection.open_sender({ target: { address: QUEUE } });
  return new Promise((resolve) => sender.once("sendable", () => resolve(sender)));
}

/**
 * One producer sending persistent messages one at a time until `stopAt` (ms since epoch): each waits for
 * the broker's accepted outcome before the next. Resolves with the number accepted.
 */
function sendSynchronously(sender, stopAt) {
  return new Promise((resolve, reject) => {
    let accepted = 0;
    const sendOne = () =>
      sender.send({ durable: true, application_properties: { seq: accepted }, body: BODY });
    sender.on("accepted", () => {
      accepted++;
      if (Date.now() >= stopAt) resolve(accepted);
      else if (sender.sendable()) sendOne();
      else sender.once("sendable", sendOne);
    });
    const refused = (outcome) => (context) =>
      reject(new Error(`a send was ${outcome}: ${JSON.stringify(context.delivery?.remote_state)}`));
    sender.on("rejected", refused("rejected"));
    sender.on("released", refused("released"));
    sendOne();
  });
}

/** Persistent sends per second with `producers` synchronous producers on their own connections. */
async function measureSends(producers, groupCommit) {
  const dataDir = mkdtempSync(join(tmpdir(), "jms-ts-store-bench-"));
  const broker = await createBroker({ port: 0, dataDir, groupCommit });
  try {
    broker.declareQueue(QUEUE, BIG_QUEUE);
    const connections = await Promise.all(Array.from({ length: producers }, () => connect(broker.port)));
    const senders = await Promise.all(connections.map(openSender));
    // A short warm-up, so the JIT and the first journal segment are not part of the figure.
    await Promise.all(senders.map((sender) => sendSynchronously(sender, Date.now() + 300)));
    for (const sender of senders) sender.removeAllListeners();
    const start = Date.now();
    const counts = await Promise.all(
      senders.map((sender) => sendSynchronously(sender, start + SEND_SECONDS * 1000)),
    );
    const seconds = (Date.now() - start) / 1000;
    for (const connection of connections) connection.close();
    return counts.reduce((sum, count) => sum + count, 0) / seconds;
  } finally {
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts the built CLI on `dataDir` in its own process; resolves with the child and its port. */
async function startCli(dataDir, configFile) {
  const child = spawn(
    process.execPath,
    [CLI, "--port", "0", "--data-dir", dataDir, "--config", configFile, "--memory-limit", "16", "--quiet"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on amqp:\/\/\S+:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the broker exited (${code}) before listening`)));
  });
  return { child, port };
}

/** Fills the queue with `count` persistent 1 KiB messages: 4 producers, 500 sends in flight each. */
async function fill(port, count) {
  const producers = 4;
  const perProducer = Math.ceil(count / producers);
  let accepted = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: producers }, async (_, producer) => {
      const connection = await connect(port);
      const sender = await openSender(connection);
      const from = producer * perProducer;
      const to = Math.min(count, from + perProducer);
      await new Promise((resolve, reject) => {
        let next = from;
        let inFlight = 0;
        const pump = () => {
          while (next < to && inFlight < 500 && sender.sendable()) {
            sender.send({ durable: true, application_properties: { seq: next++ }, body: BODY });
            inFlight++;
          }
        };
        sender.on("sendable", pump);
        sender.on("accepted", () => {
          inFlight--;
          if (++accepted % 100_000 === 0)
            log(`  filled ${format(accepted)} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
          if (next >= to && inFlight === 0) resolve();
          else pump();
        });
        sender.on("rejected", () => reject(new Error("a send was rejected")));
        sender.on("released", () => reject(new Error("a send was released")));
        pump();
      });
      connection.close();
    }),
  );
  return (Date.now() - start) / 1000;
}

function bytesUnder(directory) {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

/** Fills a store through the CLI, stops it cleanly, then times an in-process broker's start on it. */
async function measureRecovery(count) {
  const workDir = mkdtempSync(join(tmpdir(), "jms-ts-recovery-bench-"));
  const dataDir = join(workDir, "data");
  const configFile = join(workDir, "broker.json");
  writeFileSync(configFile, JSON.stringify({ queues: [{ name: QUEUE, ...BIG_QUEUE }] }));
  let child;
  try {
    const cli = await startCli(dataDir, configFile);
    child = cli.child;
    const fillSeconds = await fill(cli.port, count);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    const diskBytes = bytesUnder(dataDir);
    log(`  filled in ${fillSeconds.toFixed(1)} s; ${format(diskBytes / MiB)} MiB on disk; recovering`);
    const heapBefore = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    const broker = await createBroker({ port: 0, dataDir });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const rssGrowth = process.memoryUsage().rss - heapBefore;
    const depth = broker.queueStats(QUEUE)?.depth;
    await broker.close();
    if (depth !== count) throw new Error(`recovered ${depth} messages, expected ${count}`);
    return { seconds, diskBytes, rssGrowth, fillSeconds };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(workDir, { recursive: true, force: true });
  }
}

const CONFIGS = [1, 16].flatMap((producers) =>
  [true, false].map((groupCommit) => ({ producers, groupCommit })),
);
const rates = CONFIGS.map(() => []);
for (let round = 1; round <= ROUNDS; round++) {
  for (const [index, { producers, groupCommit }] of CONFIGS.entries()) {
    log(
      `round ${round}/${ROUNDS}: ${producers} synchronous producer(s), group commit ${groupCommit ? "on" : "off"}`,
    );
    rates[index].push(await measureSends(producers, groupCommit));
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sendRows = CONFIGS.map((config, index) => ({
  ...config,
  rate: median(rates[index]),
  low: Math.min(...rates[index]),
  high: Math.max(...rates[index]),
}));
log(`recovery of ${format(RECOVERY_MESSAGES)} messages: filling`);
const recovery = await measureRecovery(RECOVERY_MESSAGES);

const rateOf = (producers, groupCommit) =>
  sendRows.find((row) => row.producers === producers && row.groupCommit === groupCommit)?.rate ?? NaN;
const sendTable = [
  `| Synchronous producers | Group commit | Persistent sends/s (median of ${ROUNDS}) | Range |`,
  "| ---: | --- | ---: | ---: |",
  ...sendRows.map(
    (row) =>
      `| ${row.producers} | ${row.groupCommit ? "on" : "off"} | ${format(row.rate)} | ` +
      `${format(row.low)}–${format(row.high)} |`,
  ),
].join("\n");
const recoveryTable = [
  "| Messages (1 KiB) | Journal on disk | Start until listening | Recovered messages/s | Broker RSS growth |",
  "| ---: | ---: | ---: | ---: | ---: |",
  `| ${format(RECOVERY_MESSAGES)} | ${format(recovery.diskBytes / MiB)} MiB | ${recovery.seconds.toFixed(2)} s | ` +
    `${format(RECOVERY_MESSAGES / recovery.seconds)} | ${format(recovery.rssGrowth / MiB)} MiB |`,
].join("\n");
const tmp = tmpdir();
const disk = execFileSync("df", ["-T", tmp], { encoding: "utf8" }).trim();
const machine =
  `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${format(totalmem() / 1024 ** 3)} GiB RAM, ` +
  `Node ${process.version}`;
const speedup16 = rateOf(16, true) / rateOf(16, false);
const speedup1 = rateOf(1, true) / rateOf(1, false);
const scaling = rateOf(16, true) / rateOf(1, true);
const reading = [
  `- With 16 synchronous producers group commit gives ${speedup16.toFixed(1)}× the sends of one fsync per ` +
    `write: one fsync covers every record that arrived while the previous one ran, so concurrent producers ` +
    `share its cost. Without it, 16 producers get about what one gets (${format(rateOf(16, false))} against ` +
    `${format(rateOf(1, false))} sends/s): the fsyncs run one after another.`,
  `- With one synchronous producer there is nothing to share, so the two modes should be close; here they ` +
    `differ ${speedup1.toFixed(1)}×` +
    (speedup1 > 1.25 || speedup1 < 0.8
      ? ` (see the range: other load on the machine moves single runs; a difference that persists would ` +
        `mean a send costs more than one fsync without group commit).`
      : `.`) +
    ` ${format(rateOf(1, false))} sends/s is about the rate of one fsync after another on this disk.`,
  `- 16 producers with group commit reach ${scaling.toFixed(1)}× one producer, well below 16×: on ${cpus().length} ` +
    `cores shared by the broker and 16 clients in one process, CPU rather than the disk is the likely limit ` +
    `(not profiled).`,
  `- Recovery reads the whole journal once and indexes every live message without loading content: ` +
    `${format(RECOVERY_MESSAGES / recovery.seconds)} messages/s here; the content is read back only as ` +
    `consumers catch up (paging). The process grew by ${format(recovery.rssGrowth / MiB)} MiB of RSS holding ` +
    `the recovered index of ${format(RECOVERY_MESSAGES)} messages.`,
].join("\n");

log(`\n${sendTable}\n\n${recoveryTable}\n\n${machine}\n${disk}\n\n${reading}`);
mkdirSync(new URL("../../../docs/benchmarks/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("../../../docs/benchmarks/store.md", import.meta.url),
  `# Store benchmarks

\`npm run bench:store\` after \`npm run build\` (\`packages/broker/bench/store-bench.mjs\`): the bundled broker
with its persistent store (\`createBroker({ dataDir })\`) in the benchmark's process, raw AMQP clients (rhea),
1 KiB persistent messages on a durable queue. Other figures: [the index](../benchmarks.md). One run, ${new Date().toISOString().slice(0, 10)}, on:

- ${machine}
- temporary directory \`${tmp}\`:

\`\`\`
${disk}
\`\`\`

## Synchronous persistent sends

Each producer has its own connection and sends the next message only once the broker accepted the last,
that is once it was fsynced: what a JMS client's default \`send()\` of a PERSISTENT message waits for.
${ROUNDS} rounds of ${SEND_SECONDS} s per configuration, interleaved, each after a 0.3 s warm-up on a fresh data
directory.

${sendTable}

## Recovery

A store filled with ${format(RECOVERY_MESSAGES)} messages (through the \`jms-broker\` CLI, stopped cleanly), then
timed from \`createBroker({ dataDir })\` until it listens, with every message back in its queue (checked).
The fill took ${recovery.fillSeconds.toFixed(1)} s.

${recoveryTable}

## Reading

${reading}
`,
);
