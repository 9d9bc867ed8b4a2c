import { fromPackage } from "../package-root";

/**
 * The topology of the `routing.*` cases (`brokers/bundled/routing-topology.json`), the same exchanges, queues
 * and bindings as Qpid Broker-J's initial config declares. Its own module so that starting the bundled
 * broker's CLI in a child process does not load the broker into this one.
 */
export function bundledRoutingTopology(): string {
  return fromPackage("brokers", "bundled", "routing-topology.json");
}
