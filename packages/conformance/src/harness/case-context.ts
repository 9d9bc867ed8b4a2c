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
  const factory = new ConnectionFactory(running.url);
  const suffix = randomUUID().slice(0, 8);
  const context: CaseContext = {
    target,
    running,
    factory,
    log,
    async connect() {
      const connection = await factory.createConnection(running.username, running.password);
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
