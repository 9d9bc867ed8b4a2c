import type { Readable } from "node:stream";
import { fromPackage } from "../../package-root";
import type { Log, RunningTarget, Target } from "../../harness/target";
import { brokerImage, type BrokerImageSpec } from "./broker-image";
import { ensureContainerEngine } from "./engine";
import { removeOrphans, OWNER_LABEL } from "./orphans";

/** The AMQP port every broker image listens on inside its container. */
export const AMQP_PORT = 5672;
/** How long a restart lets the broker shut down cleanly before the engine kills it. */
const STOP_GRACE_S = 20;

/** `packages/conformance/brokers/containers/<broker>/Dockerfile`. */
export function dockerfile(broker: string): string {
  return fromPackage("brokers", "containers", broker, "Dockerfile");
}

/** What a container target shares with the native target of the same broker. */
export type BrokerTraits = Pick<Target, "name" | "capabilities" | "limitations" | "queueName" | "topicName">;

export interface ContainerSpec {
  /** The image's inputs; a function so that paths are resolved only when the target starts. */
  readonly image: () => BrokerImageSpec;
  /** The log line that means the broker accepts AMQP connections. */
  readonly ready: RegExp;
  /** Default 120 s. */
  readonly startupTimeoutMs?: number;
}

/** The last lines a container printed, to say why it did not start. */
class LogTail {
  private readonly lines: string[] = [];
  private partial = "";

  consume(stream: Readable): void {
    stream.on("data", (chunk: Buffer | string) => {
      const parts = (this.partial + chunk.toString()).split(/\r?\n/);
      this.partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) this.lines.push(line.trim());
      this.lines.splice(0, Math.max(0, this.lines.length - 20));
    });
    stream.on("error", () => undefined);
  }

  /** The last line that is not a stack frame, if the container printed any. */
  telling(): string | undefined {
    const all = [...this.lines, this.partial.trim()].filter(Boolean);
    return all.filter((line) => !/^(at |\.\.\. \d+ )/.test(line)).pop();
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
}

function whyNotStarted(name: string, why: string, lastLine: string | undefined): string {
  // Ryuk (testcontainers' reaper) is an image from Docker Hub, which cannot be pulled without a registry.
  if (/ryuk/i.test(why) && process.env["TESTCONTAINERS_RYUK_DISABLED"] !== "true")
    return `${name} container did not start: testcontainers could not run its Ryuk reaper (${why}); export TESTCONTAINERS_RYUK_DISABLED=true`;
  return `${name} container did not start (${why})${lastLine ? `: ${lastLine}` : ""}`;
}

/**
 * A broker run in a container through testcontainers (`--via container`): the image is built from the broker's
 * Dockerfile once per content, each start runs a fresh container with AMQP on a random host port. A restart
 * restarts that same container (its data kept); the host port is read again, since the engine may change it.
 */
export function containerTarget(traits: BrokerTraits, spec: ContainerSpec): Target {
  return {
    ...traits,
    id: `${traits.name} (container)`,
    via: "container",
    async start(log: Log): Promise<RunningTarget> {
      await ensureContainerEngine();
      const image = await brokerImage(spec.image(), log);
      await removeOrphans(log);
      const { GenericContainer, Wait } = await import("testcontainers");
      const tail = new LogTail();
      const started = Date.now();
      const container = await new GenericContainer(image)
        .withExposedPorts(AMQP_PORT)
        .withLabels({ [OWNER_LABEL]: String(process.pid) })
        .withLogConsumer((stream) => tail.consume(stream))
        .withWaitStrategy(Wait.forLogMessage(spec.ready))
        .withStartupTimeout(spec.startupTimeoutMs ?? 120_000)
        .start()
        .catch((error: unknown) => {
          throw new Error(whyNotStarted(traits.name, message(error), tail.telling()));
        });
      log(`  container ${container.getId().slice(0, 12)} from ${image} ready in ${seconds(started)}`);
      let stopped: Promise<void> | undefined;
      return {
        // Read on every use: a restarted container may get another host port.
        get url() {
          return `amqp://${container.getHost()}:${container.getMappedPort(AMQP_PORT)}`;
        },
        async restart(restartLog) {
          const again = Date.now();
          // SIGTERM first (the JVM's shutdown hooks close the stores), SIGKILL after the grace; the same
          // container keeps its writable layer, hence the broker's data. testcontainers waits for `ready` again.
          await container.restart({ timeout: STOP_GRACE_S }).catch((error: unknown) => {
            throw new Error(whyNotStarted(traits.name, `restart: ${message(error)}`, tail.telling()));
          });
          restartLog(
            `container ${container.getId().slice(0, 12)} restarted in ${seconds(again)}, AMQP on host port ${container.getMappedPort(AMQP_PORT)}`,
          );
        },
        stop: () =>
          (stopped ??= container.stop().then(
            () => undefined,
            (error: unknown) =>
              log(`  stopping container ${container.getId().slice(0, 12)}: ${message(error)}`),
          )),
      };
    },
  };
}
