import type { Connection, Receiver, Sender } from "rhea";
import type { AddressResolver } from "../addressing/address-resolver";
import type { BrokerLogger } from "../logger";
import type { Clock } from "../queues/clock";
import type { VirtualHost } from "../routing/virtual-host";
import type { AccessControl } from "../security/access-control";
import type { Persistence } from "../store/persistence";
import type { ConnectionStats } from "../transport/connection-stats";
import type { LinkConsumer } from "../transport/link-consumer";
import type { ProducerLink } from "../transport/producer-link";
import type { LinkRegistry } from "./link-registry";

/** Connection caps [AMQP 2.7.1 channel-max, handle-max]; absent means unlimited. */
export interface ConnectionLimits {
  readonly maxConnections?: number;
  readonly maxSessionsPerConnection?: number;
  readonly maxLinksPerConnection?: number;
}

/** The broker state the AMQP event handlers work on. */
export interface BrokerContext {
  readonly host: VirtualHost;
  readonly resolver: AddressResolver;
  readonly access: AccessControl;
  readonly clock: Clock;
  readonly logger: BrokerLogger;
  /** The consumer behind each outgoing link. */
  readonly consumers: WeakMap<Sender, LinkConsumer>;
  /** The producer behind each incoming link. */
  readonly producers: WeakMap<Receiver, ProducerLink>;
  /** The open connections with their statistics; a connection leaves when it closes or drops. */
  readonly connections: Map<Connection, ConnectionStats>;
  /** Cleanups per link and the links on each dynamic node. */
  readonly links: LinkRegistry;
  /** The largest encoded message a producer may send, in bytes. */
  readonly maxMessageSize: number;
  readonly limits: ConnectionLimits;
  /** The store behind durable queues and paging; undefined when the broker keeps everything in memory. */
  readonly persistence: Persistence | undefined;
}
