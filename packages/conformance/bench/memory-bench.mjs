// Memory of the bundled broker and the jms-ts client. Run after `npm run build`: `npm run bench:memory`
// (or `node --expose-gc packages/conformance/bench/memory-bench.mjs [--connections N] [--consumers N]`).
// The broker runs in a child process (memory-broker.mjs, --expose-gc) that reports process.memoryUsage()
// after full collections over IPC; the client side is measured the same way in this process. Measures:
// bytes per idle connection and per idle consumer on each side, and what a slow consumer of 64 KiB
// messages (prefetch 1000, never receiving) holds with and without jms.consumerWindowBytes. Prints a table
// and writes docs/benchmarks/memory.md. It lives here, not in packages/broker, because it drives the
// client against the broker and only this package depends on both. A benchmark: nothing here asserts.
import { Buffer } from "node:buffer";
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { arch, cpus, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { ConnectionFactory, DeliveryMode, Session } from "@jms-ts/client";
import { settledUsage } from "./settled-usage.mjs";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "500" },
    consumers: { type: "string", default: "1000" },
    messages: { type: "string", default: "400" },
    out: {
      type: "string",
      default: fileURLToPath(new URL("../../../docs/benchmarks/memory.md", import.meta.url)),
    },
  },
});
const CONNECTIONS = Number(args.connections);
const CONSUMERS = Number(args.consumers);
/** 64 KiB messages waiting for the slow consumer: more than any window below lets it take. */
const BACKLOG = Number(args.messages);
/** 1 KiB messages waiting: more than the prefetch, to show small messages keep all of it. */
const SMALL_BACKLOG = 1500;
const CONSUMER_CONNECTIONS = 10;
const KiB = 1024;
const MiB = 1024 * KiB;

if (typeof globalThis.gc !== "function") {
  process.stderr.write("memory-bench.mjs needs --expose-gc: run it with `npm run bench:memory`\n");
  process.exit(2);
}

const log = (line) => process.stdout.write(`${line}\n`);
const heapAndExternal = (usage) => usage.heapUsed + usage.external;

/** The broker child: request(...) sends one IPC request and resolves its answer. */
async function startBroker() {
  const child = fork(fileURLToPath(new URL("./memory-broker.mjs", import.meta.url)), [], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map();
  let nextId = 0;
  const port = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the broker process exited with ${code}`)));
    child.on("message", (answer) => {
      if (answer.port) resolve(answer.port);
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    });
  });
  const request = (body) =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      child.send({ id, ...body });
    });
  return {
    url: (query = "") => `amqp://127.0.0.1:${port}${query ? `?${query}` : ""}`,
    measure: async () => (await request({ measure: true })).usage,
    declare: (name, options) => request({ declare: name, options }),
    stats: async (name) => (await request({ stats: name })).stats,
    close: () => new Promise((resolve) => child.once("exit", resolve) && child.send({ close: true })),
  };
}

/** Bytes per item on both sides while `open()` holds `count` items; `close(held)` lets them go. */
async function perItem(broker, count, open, close) {
  const brokerBefore = await broker.measure();
  const clientBefore = settledUsage();
  const held = await open();
  const brokerAfter = await broker.measure();
  const clientAfter = settledUsage();
  await close(held);
  return {
    broker: (heapAndExternal(brokerAfter) - heapAndExternal(brokerBefore)) / count,
    client: (heapAndExternal(clientAfter) - heapAndExternal(clientBefore)) / count,
  };
}

async function inBatches(count, batch, create) {
  const made = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    made.push(...(await Promise.all(Array.from({ length: size }, (_, j) => create(i + j)))));
  }
  return made;
}

const closeAll = (connections) => Promise.all(connections.map((c) => c.close()));

async function idleConnections(broker) {
  const factory = new ConnectionFactory(broker.url());
  return perItem(
    broker,
    CONNECTIONS,
    () => inBatches(CONNECTIONS, 50, () => factory.createConnection()),
    closeAll,
  );
}

/** Idle consumers spread over a few started connections; `queueOf(i)` names each one's queue. */
async function idleConsumers(broker, queueOf) {
  const factory = new ConnectionFactory(broker.url());
  const connections = await inBatches(CONSUMER_CONNECTIONS, CONSUMER_CONNECTIONS, () =>
    factory.createConnection(),
  );
  await Promise.all(connections.map((c) => c.start()));
  const sessions = await Promise.all(
    connections.map((c) => c.createSession(false, Session.AUTO_ACKNOWLEDGE)),
  );
  const result = await perItem(
    broker,
    CONSUMERS,
    () =>
      inBatches(CONSUMERS, 100, (i) => {
        const session = sessions[i % sessions.length];
        return session.createConsumer(session.createQueue(queueOf(i)));
      }),
    (consumers) => Promise.all(consumers.map((c) => c.close())),
  );
  await closeAll(connections);
  return result;
}

/** Fills `queue` with `count` non-persistent messages of `bodySize` bytes; resolves their encoded size. */
async function fill(broker, queue, count, bodySize) {
  const body = Buffer.alloc(bodySize, 0x61);
  const connection = await new ConnectionFactory(broker.url("jms.forceAsyncSend=true")).createConnection();
  const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
  const producer = await session.createProducer(session.createQueue(queue));
  producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
  for (let i = 0; i < count; i++) {
    const message = session.createBytesMessage();
    message.writeBytes(body);
    await producer.send(message);
  }
  await connection.close();
  await until(async () => (await broker.stats(queue))?.depth === count);
  return (await broker.stats(queue)).bytes / count;
}

async function until(check, timeoutMs = 20_000) {
  const stopAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > stopAt) throw new Error("the broker did not reach the expected state in time");
    await sleep(50);
  }
}

/**
 * A consumer that never receives, on a queue with a backlog: how many messages the broker handed it
 * (unsettled, once that stops growing) and how much the client process grew to hold them.
 */
async function slowConsumer(broker, queue, backlog, windowBytes) {
  const before = settledUsage();
  const query = `jms.prefetchPolicy.all=1000${windowBytes === undefined ? "" : `&jms.consumerWindowBytes=${windowBytes}`}`;
  const connection = await new ConnectionFactory(broker.url(query)).createConnection();
  await connection.start();
  const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
  await session.createConsumer(session.createQueue(queue));
  let last = -1;
  let steady = 0;
  await until(async () => {
    const { unsettled } = await broker.stats(queue);
    steady = unsettled > 0 && unsettled === last ? steady + 1 : 0;
    last = unsettled;
    return steady >= 10;
  });
  const after = settledUsage();
  await connection.close();
  await until(async () => (await broker.stats(queue)).depth === backlog);
  return { held: last, clientBytes: heapAndExternal(after) - heapAndExternal(before) };
}

const kib = (bytes) => `${(bytes / KiB).toFixed(1)} KiB`;
const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

const started = Date.now();
const broker = await startBroker();
try {
  log(`idle connections: ${CONNECTIONS} ...`);
  const connection = await idleConnections(broker);
  log(`idle consumers: ${CONSUMERS} on one queue ...`);
  const oneQueue = await idleConsumers(broker, () => "memory.idle");
  log(`idle consumers: ${CONSUMERS}, each on its own queue ...`);
  const ownQueues = await idleConsumers(broker, (i) => `memory.idle.${i}`);
  log(`slow consumer: ${BACKLOG} messages of 64 KiB waiting ...`);
  const large = { queue: "memory.slow", backlog: BACKLOG, body: "64 KiB" };
  large.messageBytes = await fill(broker, large.queue, BACKLOG, 64 * KiB);
  log(`slow consumer: ${SMALL_BACKLOG} messages of 1 KiB waiting ...`);
  const small = { queue: "memory.slow.small", backlog: SMALL_BACKLOG, body: "1 KiB" };
  small.messageBytes = await fill(broker, small.queue, SMALL_BACKLOG, KiB);
  const runs = [
    { ...large, label: "0 (off: prefetch only, as Qpid JMS)", bytes: 0 },
    { ...large, label: "256 KiB", bytes: 256 * KiB },
    { ...large, label: "2 MiB (default)", bytes: undefined },
    { ...small, label: "0 (off: prefetch only, as Qpid JMS)", bytes: 0 },
    { ...small, label: "2 MiB (default)", bytes: undefined },
  ];
  const slow = [];
  for (const run of runs)
    slow.push({ ...run, ...(await slowConsumer(broker, run.queue, run.backlog, run.bytes)) });

  const idleRows = [
    [`Idle connection (${CONNECTIONS}, jms-ts, not started)`, connection],
    [`Idle consumer (${CONSUMERS} on one queue, ${CONSUMER_CONNECTIONS} connections)`, oneQueue],
    [`Idle consumer with its own auto-created queue (${CONSUMERS})`, ownQueues],
  ];
  const idleTable = [
    "| What | Broker bytes each | Client bytes each |",
    "|---|---:|---:|",
    ...idleRows.map(([what, r]) => `| ${what} | ${kib(r.broker)} | ${kib(r.client)} |`),
  ];
  const slowTable = [
    "| Messages | jms.consumerWindowBytes | Messages held (of those waiting) | Their bytes | Client heap + external growth |",
    "|---|---|---:|---:|---:|",
    ...slow.map(
      (r) =>
        `| ${r.body} | ${r.label} | ${r.held} (of ${r.backlog}) | ${mib(r.held * r.messageBytes)} | ${mib(r.clientBytes)} |`,
    ),
  ];
  const smallDefault = slow[slow.length - 1];
  const smallOverhead = smallDefault.clientBytes / smallDefault.held - smallDefault.messageBytes;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  log("");
  for (const line of [...idleTable, "", ...slowTable]) log(line);
  log(`\n(${seconds} s)`);

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const doc = [
    "# Memory: bytes per connection and per consumer, and the consumer's byte window",
    "",
    "Written by `npm run bench:memory` (packages/conformance/bench/memory-bench.mjs); rerun it to refresh.",
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${(totalmem() / MiB / KiB).toFixed(0)} GiB RAM, ` +
      `Linux ${release()} ${arch()}, Node ${process.version}; the whole run took ${seconds} s.`,
    "",
    "## Idle connections and consumers",
    "",
    ...idleTable,
    "",
    "## A slow consumer, prefetch 1000",
    "",
    `${BACKLOG} non-persistent messages of 64 KiB (${kib(large.messageBytes)} encoded) wait on a queue, and ` +
      `${SMALL_BACKLOG} of 1 KiB (${kib(small.messageBytes)} encoded) on another; a consumer ` +
      "with prefetch 1000 is created on a started connection and never receives. Messages held is what the " +
      "broker delivered to it and it has not settled (buffered in the client or on the wire), read once it " +
      "stops growing; the last column is the growth of the client process (its new connection included).",
    "",
    ...slowTable,
    "",
    "Without the window the client holds as many messages as the backlog offers, up to its prefetch: 1000 " +
      "× 64 KiB is 64 MiB per consumer, and 1000 × 10 MiB would be 10 GB. With it, the client holds about " +
      "the window and one message whatever the prefetch (docs/decisions/0018), while 1 KiB messages still get " +
      "the whole prefetch. For large messages the client grows by about what it holds: a received delivery no " +
      "longer keeps the socket read it arrived in alive (before that fix the 400 × 64 KiB row grew the client " +
      "by 62 MiB for 25 MiB held). For 1 KiB messages the objects of each buffered message (rhea's delivery, " +
      `the decoded sections and the message facade) cost more than its bytes: about ${kib(smallOverhead)} each here.`,
    "",
    "## Method",
    "",
    "- The bundled broker runs alone in a child process started with `--expose-gc`; on request over IPC it " +
      "runs full collections until the heap stops shrinking and answers `process.memoryUsage()`. The client " +
      "side is measured the same way in the benchmark process.",
    "- Bytes each = growth of heap used + external (Buffers included) while the items are open, divided by " +
      "their number. RSS is left out: it follows the allocator, not what is held.",
    `- Idle connections: ${CONNECTIONS} jms-ts connections (\`createConnection()\`, SASL ANONYMOUS, no ` +
      "session), opened 50 at a time.",
    `- Idle consumers: ${CONSUMER_CONNECTIONS} started connections with one session each; ${CONSUMERS} ` +
      "consumers created round robin over them, then measured. Each jms-ts consumer has an AMQP session of " +
      "its own (decision 0003), so its cost includes a session on both sides. The second row puts each on a " +
      "queue of its own, auto-created by the broker: the queue's cost is in the broker column.",
  ].join("\n");
  writeFileSync(args.out, `${doc}\n`);
  log(`wrote ${args.out}`);
} finally {
  await broker.close();
}
