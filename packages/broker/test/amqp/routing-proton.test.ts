// Routing through all four exchange types, declared from a config file, driven by Qpid Proton (Python) as
// publisher and consumer (test/proton/routing.py): an AMQP 1.0 implementation we did not write checks the
// addressing of docs/broker/addressing.md, Broker-J's model. Proton publishes each message of a plan to a
// target (X, X/K), one at a time, then drains every bound queue; the test asserts which queue got which.
import { type Broker, createBroker, loadBrokerConfig } from "@jms-ts/broker";
import { execFile, execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const PYTHON = "/usr/bin/python3";
const PROTON_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "proton");
const SCRIPT = join(PROTON_DIR, "routing.py");
/** orders.direct (blue, green), orders.fanout (audit.a, audit.b), orders.topic (quotes.nyse stock.*.nyse,
 * quotes.all stock.#), orders.headers (reports.eu x-match all, reports.any x-match any; type=report,
 * region=eu), and amq.match (tier.gold: tier=gold). */
const CONFIG = join(PROTON_DIR, "routing-config.json");
const TIMEOUT_S = 15;

interface Publish {
  target: string;
  id: string;
  subject?: string;
  properties?: Record<string, string>;
}

type Outcome = "accepted" | "released" | "rejected" | "modified";

interface RoutingResult {
  outcomes: Record<string, Outcome>;
  queues: Record<string, string[]>;
}

/** Runs routing.py with a plan and returns what Proton saw: each message's outcome, each queue's ids. */
function route(url: string, publish: Publish[], consume: string[]): Promise<RoutingResult> {
  const plan = JSON.stringify({ publish, consume });
  return new Promise((resolve, reject) =>
    execFile(
      PYTHON,
      [SCRIPT, url, plan, "--timeout", String(TIMEOUT_S)],
      { timeout: (TIMEOUT_S + 5) * 1000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        if (error)
          return reject(new Error(`routing.py failed (${String(error.code)}): ${line} ${stderr.trim()}`));
        resolve(JSON.parse(line) as RoutingResult);
      },
    ),
  );
}

/** Every message accepted: routed to at least one queue. */
function allAccepted(publish: Publish[]): Record<string, Outcome> {
  return Object.fromEntries(publish.map(({ id }) => [id, "accepted" as const]));
}

describe("routing driven by Qpid Proton (Python), topology from a config file", () => {
  let broker: Broker;

  beforeAll(() => {
    try {
      execFileSync(PYTHON, ["-c", "import proton"], { stdio: "pipe" });
    } catch {
      throw new Error(
        `${PYTHON} cannot import proton: install python3-qpid-proton (apt-get install python3-qpid-proton)`,
      );
    }
  });
  beforeEach(async () => {
    broker = await createBroker({ port: 0, config: loadBrokerConfig(CONFIG) });
  });
  afterEach(() => broker.close());

  it("[AMQP 0-9-1 3.1.3.1][Broker-J] direct: target X/K fixes the key; on X the key is the routing-key property, else the subject", async () => {
    const publish: Publish[] = [
      { target: "orders.direct", id: "subject-blue", subject: "blue" },
      { target: "orders.direct/green", id: "link-key-green", subject: "blue" },
      {
        target: "orders.direct",
        id: "property-blue",
        subject: "green",
        properties: { "routing-key": "blue" },
      },
      {
        target: "orders.direct",
        id: "underscore-green",
        subject: "blue",
        properties: { routing_key: "green" },
      },
      { target: "orders.direct/blue", id: "link-key-blue" },
    ];
    const result = await route(broker.url, publish, ["orders.blue", "orders.green"]);
    expect(result).toEqual({
      outcomes: allAccepted(publish),
      queues: {
        "orders.blue": ["subject-blue", "property-blue", "link-key-blue"],
        "orders.green": ["link-key-green", "underscore-green"],
      },
    });
  });

  it("[AMQP 0-9-1 3.1.3.2] fanout: every bound queue gets each message, whatever its key", async () => {
    const publish: Publish[] = [
      { target: "orders.fanout", id: "no-key" },
      { target: "orders.fanout", id: "with-subject", subject: "blue" },
      { target: "orders.fanout/some.key", id: "link-key" },
    ];
    const result = await route(broker.url, publish, ["audit.a", "audit.b"]);
    expect(result).toEqual({
      outcomes: allAccepted(publish),
      queues: {
        "audit.a": ["no-key", "with-subject", "link-key"],
        "audit.b": ["no-key", "with-subject", "link-key"],
      },
    });
  });

  it("[AMQP 0-9-1 3.1.3.3] topic: * matches exactly one word, # zero or more, by subject or X/K", async () => {
    const publish: Publish[] = [
      { target: "orders.topic", id: "ibm-nyse", subject: "stock.ibm.nyse" },
      { target: "orders.topic/stock.ibm.nasdaq", id: "ibm-nasdaq" },
      { target: "orders.topic/stock.ibm.a.nyse", id: "four-words" },
      { target: "orders.topic/stock", id: "one-word" },
      { target: "orders.topic/stock.hp.nyse", id: "hp-nyse", subject: "ignored" },
    ];
    const result = await route(broker.url, publish, ["quotes.nyse", "quotes.all"]);
    expect(result).toEqual({
      outcomes: allAccepted(publish),
      queues: {
        "quotes.nyse": ["ibm-nyse", "hp-nyse"],
        "quotes.all": ["ibm-nyse", "ibm-nasdaq", "four-words", "one-word", "hp-nyse"],
      },
    });
  });

  it("[AMQP 0-9-1 3.1.3.4] headers: x-match all needs every argument, any one of them; amq.match too", async () => {
    const publish: Publish[] = [
      { target: "orders.headers", id: "report-eu", properties: { type: "report", region: "eu", extra: "x" } },
      { target: "orders.headers", id: "report-us", properties: { type: "report", region: "us" } },
      { target: "orders.headers", id: "invoice-eu", properties: { type: "invoice", region: "eu" } },
      { target: "orders.headers", id: "region-only", properties: { region: "eu" } },
      { target: "amq.match", id: "gold", properties: { tier: "gold" } },
    ];
    const result = await route(broker.url, publish, ["reports.eu", "reports.any", "tier.gold"]);
    expect(result).toEqual({
      outcomes: allAccepted(publish),
      queues: {
        "reports.eu": ["report-eu"],
        "reports.any": ["report-eu", "report-us", "invoice-eu", "region-only"],
        "tier.gold": ["gold"],
      },
    });
  });

  it("[AMQP 3.4.4] a message no binding matches is released to a plain (non-topic) sender and stored nowhere", async () => {
    // Bundled broker's choice (decision 0015); Broker-J discards it by default instead.
    const publish: Publish[] = [
      { target: "orders.direct", id: "red", subject: "red" },
      { target: "orders.headers", id: "invoice-us", properties: { type: "invoice", region: "us" } },
      { target: "orders.direct", id: "blue", subject: "blue" },
    ];
    const result = await route(broker.url, publish, [
      "orders.blue",
      "orders.green",
      "reports.eu",
      "reports.any",
    ]);
    expect(result).toEqual({
      outcomes: { red: "released", "invoice-us": "released", blue: "accepted" },
      queues: { "orders.blue": ["blue"], "orders.green": [], "reports.eu": [], "reports.any": [] },
    });
  });
});
