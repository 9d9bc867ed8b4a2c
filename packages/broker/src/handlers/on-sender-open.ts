import type { EventContext, Sender } from "rhea";
import { LinkConsumer } from "../transport/link-consumer";
import type { BrokerContext } from "./broker-context";
import { refuseLink } from "./refuse-link";

/** A client attached a receiving link: it becomes a consumer on the queue named by its source. */
export function onSenderOpen(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  const source = sender.source as { address?: unknown; capabilities?: unknown } | undefined;
  let consumer: LinkConsumer;
  try {
    const queue = broker.resolver.resolveQueue(source?.address);
    consumer = new LinkConsumer(`${context.connection.container_id}/${sender.name}`, sender, queue);
  } catch (error) {
    refuseLink(sender, error);
    return;
  }
  // Echo the source, so the client knows the node exists [AMQP 2.6.3], and honour the settle mode it
  // asked for: a pre-settled receiver (browser, NO_ACK) gets at-most-once deliveries [AMQP 2.7.3].
  sender.set_source({ address: consumer.queue.name, capabilities: source?.capabilities as string[] });
  (sender as unknown as { local: { attach: { snd_settle_mode?: number } } }).local.attach.snd_settle_mode =
    sender.snd_settle_mode === 1 ? 1 : 0;
  broker.consumers.set(sender, consumer);
  consumer.activateAfterAttach();
}
