import { ConnectionFactory } from "@jms-ts/client";
import { randomUUID } from "node:crypto";
import type { CaseContext } from "./conformance-case";
import type { Log, RunningTarget, Target } from "./target";

/** A context for one case run, and the cleanup to call after it. */
export function createCaseContext(
  target: Target,
  running: RunningTarget,
  caseId: string,
  log: Log,
): { context: CaseContext; cleanup: () => Promise<void> } {
  const cleanups: (() => Promise<void> | void)[] = [];
  // One factory per url: a restart may move the broker (a container's new host port).
  let factory = new ConnectionFactory(running.url);
  let factoryUrl = running.url;
  const currentFactory = () => {
    if (factoryUrl !== running.url) {
      factoryUrl = running.url;
      factory = new ConnectionFactory(factoryUrl);
    }
    return factory;
  };
  const suffix = randomUUID().slice(0, 8);
  const context: CaseContext = {
    target,
    running,
    get factory() {
      return currentFactory();
    },
    log,
    async connect() {
      const connection = await currentFactory().createConnection(running.username, running.password);
      cleanups.push(() => connection.close());
      await connection.start();
      return connection;
    },
    queueName: (base) => target.queueName(`jms-ts.${caseId}.${base}.${suffix}`),
    topicName: (base) => target.topicName(`jms-ts.${caseId}.${base}.${suffix}`),
    defer: (cleanup) => cleanups.push(cleanup),
  };
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch {
        // Cleanup failures must not hide the case's own outcome.
      }
    }
  };
  return { context, cleanup };
}
