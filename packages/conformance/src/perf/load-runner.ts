import type { PerfClient } from "./perf-options";
import type { ClientRunner } from "./workload";

/**
 * The runner of `client`, loaded on demand: each runner brings its own library, and the jms-ts client
 * installs `@jms-ts/rhea-patches` for every rhea user in the process as it loads. Loading only the runner
 * a run uses keeps `--client rhea` on plain rhea when the broker runs elsewhere.
 */
export async function loadRunner(client: PerfClient): Promise<ClientRunner> {
  switch (client) {
    case "jms-ts":
      return (await import("./jms-ts-runner")).runJmsTs;
    case "rhea":
      return (await import("./rhea-runner")).runRhea;
    case "qpid-jms":
      return (await import("./qpid-jms-runner")).runQpidJms;
  }
}
