/** `jms-perf --help`: every flag, its default and what it does. Kept true by perf-options.test.ts. */
export const PERF_USAGE = `Usage: jms-perf [URL] [options]

Sends messages from producers to consumers through one queue and reports sender and receiver
throughput (msg/s, MB/s) and end-to-end latency percentiles (p50, p90, p99, p99.9, max), like quiver.

Broker (give a URL or a target, not both):
  URL                      an AMQP URL, e.g. amqp://user:secret@host:5672 (jms.* options are kept
                           for --client jms-ts and ignored by --client rhea)
  --target NAME            start a broker for the run: bundled (default), qpid-broker-j, artemis,
                           rabbitmq
  --via WAY                how the target runs: bundled in a child process (process, default) or in
                           this one (in-process); a Java broker native (default) or in a container

Workload:
  --count N                messages to send in all, split over the producers (default 100000)
  --duration SECONDS       send for this long instead of a count
  --body-size BYTES        body size of each message (default 100)
  --persistent             send PERSISTENT (durable) messages (default NON_PERSISTENT)
  --ack MODE               consumer acknowledge mode: auto (default), client, dups-ok; client calls
                           message.acknowledge() every max(1, prefetch/2) messages and at the end
  --transacted-batch N     producers and consumers commit every N messages (default 0: not transacted)
  --prefetch N             consumer credit in messages (default 1000)
  --rate N                 send N messages per second over all producers together (default: as
                           fast as credit allows); latency means most at a rate consumers keep up with
  --producers N            producers (default 1)
  --consumers N            consumers (default 1)
  --connections N          connections the producers and consumers are spread over, round robin
                           (default: one per producer and consumer, as quiver's separate processes)
  --queue NAME             the queue (default jms-perf; it should be empty before the run)
  --client NAME            jms-ts (default): the JMS API, asynchronous sends with a completion listener;
                           rhea: raw rhea senders and receivers (auto-accept, no transactions), as
                           quiver's rhea arrow, in a process without @jms-ts/client; qpid-jms: the
                           same JMS workload through Apache Qpid JMS (Java, the conformance peer jar)
  --timeout SECONDS        fail when no message arrives for this long (default 10)

Output:
  --json                   print one JSON object on stdout instead of the table
  --help                   print this help

Progress lines go to stderr every second. Each message carries its send time (epoch ms) in the
application property SendTime, as quiver's arrows do; latency is receive time minus SendTime.

Exit status: 0 when every message sent was received exactly once, 1 when the broker could not be
reached or the run failed, 2 on a usage error.`;
