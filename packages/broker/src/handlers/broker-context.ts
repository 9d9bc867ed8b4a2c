import type { Receiver, Sender } from "rhea";
import type { AddressResolver } from "../addressing/address-resolver";
import type { BrokerLogger } from "../logger";
import type { Node } from "../routing/node";
import type { LinkConsumer } from "../transport/link-consumer";
import type { LinkRegistry } from "./link-registry";

/** Where an incoming (producer) link's messages go: one node, or each message's `to` (anonymous relay). */
export type ProducerRoute = Node | "relay";

/** The broker state the AMQP event handlers work on. */
export interface BrokerContext {
  readonly resolver: AddressResolver;
  readonly logger: BrokerLogger;
  /** The consumer behind each outgoing link. */
  readonly consumers: WeakMap<Sender, LinkConsumer>;
  /** Where each incoming (producer) link publishes. */
  readonly producers: WeakMap<Receiver, ProducerRoute>;
  /** Cleanups per link and the links on each dynamic node. */
  readonly links: LinkRegistry;
  /** The largest encoded message a producer may send, in bytes. */
  readonly maxMessageSize: number;
}
