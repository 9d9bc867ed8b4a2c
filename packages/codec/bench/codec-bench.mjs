// Encode and decode throughput of @jms-ts/codec on the messages a JMS client sends: the client encodes every
// message it sends and decodes every message it receives, and the bundled broker decodes the sections before
// the body of every message it routes. Run after `npm run build`: `node packages/codec/bench/codec-bench.mjs`.
// Prints a table and writes docs/benchmarks/codec.md. A benchmark, not a test: nothing here asserts a time.
import { Buffer } from "node:buffer";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { amqp, AmqpWriter, decodeHeaderAndProperties, decodeMessage, encodeMessage } from "../dist/index.js";

/** A BytesMessage as Qpid JMS and the jms-ts client put it on the wire, with one long property. */
function jmsBytesMessage(bodySize) {
  return {
    header: { durable: true },
    messageAnnotations: [
      [amqp.symbol("x-opt-jms-msg-type"), amqp.byte(3)],
      [amqp.symbol("x-opt-jms-dest"), amqp.byte(0)],
    ],
    properties: {
      messageId: amqp.string("ID:6f1c2a3e-9b4d-4e8f-a1c2-3d4e5f607182:1:1:1-123456"),
      to: "jms-perf",
      contentType: "application/octet-stream",
      creationTime: 1_795_000_000_000,
    },
    applicationProperties: [["SendTime", amqp.long(1_795_000_000_000n)]],
    body: { kind: "data", chunks: [Buffer.alloc(bodySize, "x")] },
  };
}

/** Runs `work` in rounds for about `ms` milliseconds; returns operations per second. */
function measure(work, ms = 1500) {
  for (let i = 0; i < 20_000; i++) work(); // warm up the JIT
  let rounds = 0;
  const start = process.hrtime.bigint();
  const stop = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < stop) {
    for (let i = 0; i < 100; i++) work();
    rounds += 100;
    now = process.hrtime.bigint();
  }
  return rounds / (Number(now - start) / 1e9);
}

const rows = [];
for (const bodySize of [100, 1024, 65536]) {
  const message = jmsBytesMessage(bodySize);
  const writer = new AmqpWriter(bodySize + 512);
  const bytes = encodeMessage(message);
  // Each result feeds a sink that is checked, so no loop can be optimised away.
  let sink = 0;
  const encode = measure(() => {
    writer.reset();
    sink += encodeMessage(message, writer).length;
  });
  const decode = measure(() => {
    sink += decodeMessage(bytes).body.chunks[0].length;
  });
  const route = measure(() => {
    sink += decodeHeaderAndProperties(bytes).properties.to.length;
  });
  if (sink === 0) throw new Error("nothing was encoded or decoded");
  rows.push({ bodySize, wireSize: bytes.length, encode, decode, route });
}

const format = (n) => Math.round(n).toLocaleString("en-US");
const header = "| Body | Encoded | encodeMessage /s | decodeMessage /s | decodeHeaderAndProperties /s |";
const lines = [header, "|---:|---:|---:|---:|---:|"];
for (const r of rows)
  lines.push(
    `| ${r.bodySize} B | ${r.wireSize} B | ${format(r.encode)} | ${format(r.decode)} | ${format(r.route)} |`,
  );
const table = lines.join("\n");
console.log(table);

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}`;
const doc = `# Codec benchmark

\`node packages/codec/bench/codec-bench.mjs\` (after \`npm run build\`) on ${machine},
${new Date().toISOString().slice(0, 10)}. Each figure is operations per second on one core, after a warm-up.

The message is a BytesMessage as Qpid JMS and the jms-ts client send it: a header (durable), the
\`x-opt-jms-msg-type\` and \`x-opt-jms-dest\` annotations, properties (a string message-id, \`to\`,
content-type, creation time), one long application property and one data section. The client encodes every
message it sends (\`encodeMessage\`, into a reused writer) and decodes every message it receives
(\`decodeMessage\`); the bundled broker reads the sections before the body of every message it routes
(\`decodeHeaderAndProperties\`).

${table}
`;
const out = new URL("../../../docs/benchmarks/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("codec.md", out), doc);
console.log(`wrote ${new URL("codec.md", out).pathname}`);
