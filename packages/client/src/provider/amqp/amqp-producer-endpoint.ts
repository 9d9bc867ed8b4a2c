import type { Connection, Session } from "rhea";
import type { ProducerInfo, SendOptions } from "../provider";
import { ProviderError } from "../provider-error";
import { AmqpAnonymousFallback } from "./amqp-anonymous-fallback";
import { offeredCapabilities } from "./amqp-capabilities";
import { AmqpProducer } from "./amqp-producer";
import { Capability } from "./amqp-symbols";

/** A JMS producer as the provider sees it: one link, or per-destination links for an anonymous one. */
export interface ProducerEndpoint {
  send(bytes: Buffer, options: SendOptions): Promise<void>;
  close(): Promise<void>;
  fail(error: ProviderError): void;
}

const DEFAULT_WINDOW_BYTES = 1024 * 1024;

/**
 * Attaches what a JMS producer needs [qpid-jms 2.6]: a link to its destination; for an anonymous producer
 * one link with a null target when the broker offers ANONYMOUS-RELAY, else per-destination links on demand.
 */
export async function createProducerEndpoint(
  connection: Connection,
  session: Session,
  info: ProducerInfo,
  onRemoteClose: (error: ProviderError) => void,
): Promise<ProducerEndpoint> {
  const offered = offeredCapabilities(connection as never);
  const common = {
    presettle: info.presettle ?? false,
    windowBytes: info.windowBytes ?? DEFAULT_WINDOW_BYTES,
    connectionDelays: offered.includes(Capability.delayedDelivery),
  };
  if (info.destination === null && !offered.includes(Capability.anonymousRelay)) {
    const fallback = new AmqpAnonymousFallback(session, { ...common, producerId: info.id });
    return {
      send: (bytes, options) => {
        if (!options.destination) {
          return Promise.reject(
            new ProviderError("invalid-destination", "an anonymous send needs a destination"),
          );
        }
        return fallback.send(options.destination, bytes, options);
      },
      close: () => fallback.close(),
      fail: (error) => fallback.fail(error),
    };
  }
  const spec = { ...common, sourceAddress: info.id, destination: info.destination };
  const producer = await AmqpProducer.attach(session, spec, onRemoteClose);
  return {
    send: (bytes, options) => producer.send(bytes, options),
    close: () => producer.close(),
    fail: (error) => producer.fail(error),
  };
}
