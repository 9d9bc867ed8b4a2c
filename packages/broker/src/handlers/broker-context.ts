import type { Receiver, Sender } from "rhea";
import type { AddressResolver } from "../addressing/address-resolver";
import type { BrokerLogger } from "../logger";
import type { Queue } from "../queues/queue";
import type { LinkConsumer } from "../transport/link-consumer";

/** The broker state the AMQP event handlers work on. */
export interface BrokerContext {
  readonly resolver: AddressResolver;
  readonly logger: BrokerLogger;
  /** The consumer behind each outgoing link. */
  readonly consumers: WeakMap<Sender, LinkConsumer>;
  /** The queue each incoming (producer) link publishes to. */
  readonly producers: WeakMap<Receiver, Queue>;
}
