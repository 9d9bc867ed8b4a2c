// The broker side of memory-bench.mjs: the bundled broker alone in a process started with --expose-gc.
// Over IPC it reports its port, answers {measure} with process.memoryUsage() after full collections,
// {declare} by declaring a queue and {stats} with a queue's counters.
import { createBroker, silentLogger } from "@jms-ts/broker";
import { settledUsage } from "./settled-usage.mjs";

if (typeof globalThis.gc !== "function" || !process.send) {
  process.stderr.write("memory-broker.mjs runs as memory-bench.mjs's child: node --expose-gc, with IPC\n");
  process.exit(2);
}

const broker = await createBroker({ port: 0, host: "127.0.0.1", logger: silentLogger });
process.on("message", (request) => {
  if (request.measure) process.send({ id: request.id, usage: settledUsage() });
  else if (request.declare) {
    broker.declareQueue(request.declare, request.options);
    process.send({ id: request.id });
  } else if (request.stats) process.send({ id: request.id, stats: broker.queueStats(request.stats) });
  else if (request.close) void broker.close().then(() => process.exit(0));
});
process.send({ port: broker.port });
