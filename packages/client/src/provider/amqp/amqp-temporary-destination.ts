import rhea, { type Sender, type Session } from "rhea";
import type { TemporaryDestinationInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { Capability, Terminus } from "./amqp-symbols";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

/**
 * A temporary queue or topic [qpid-jms 2.9]: a sender link whose target asks the broker for a dynamic node
 * that is deleted when the link closes. The broker names the node in its reply; closing the link deletes it.
 */
export class AmqpTemporaryDestination {
  private constructor(
    private readonly sender: Sender,
    readonly address: string,
  ) {}

  static async create(session: Session, info: TemporaryDestinationInfo): Promise<AmqpTemporaryDestination> {
    const topic = info.kind === "topic";
    const sender = session.open_sender({
      name: `qpid-jms:temp-${info.kind}-creator:${info.id}`,
      source: {},
      target: {
        dynamic: true,
        durable: 0,
        expiry_policy: "link-detach",
        dynamic_node_properties: { [Terminus.lifetimePolicy]: deleteOnClose() },
        capabilities: [topic ? Capability.temporaryTopic : Capability.temporaryQueue],
      },
      snd_settle_mode: 0,
      rcv_settle_mode: 0,
    });
    const what = `temporary ${info.kind} creation`;
    await awaitRemoteOpen(sender, "sender", what, "invalid-destination", () => hasTerminus(sender.target));
    const address = (sender.target as { address?: unknown } | undefined)?.address;
    if (typeof address !== "string" || address.length === 0) {
      sender.close();
      throw new ProviderError(
        "invalid-destination",
        `${what} failed: the broker opened the dynamic node without naming its address`,
      );
    }
    return new AmqpTemporaryDestination(sender, address);
  }

  /** Deletes the node (delete-on-close) and waits for the broker to confirm. */
  async delete(): Promise<void> {
    if (!this.sender.is_open()) return;
    const closed = awaitRemoteClose(this.sender, "sender");
    this.sender.close();
    await closed;
  }
}

/** amqp:delete-on-close:list, an empty described list [AMQP 3.5.10]. */
function deleteOnClose(): unknown {
  const types = rhea.types as unknown as {
    described(descriptor: unknown, value: unknown): unknown;
    wrap_ulong(value: number): unknown;
    wrap_list(value: unknown[]): unknown;
  };
  return types.described(types.wrap_ulong(Terminus.deleteOnCloseDescriptor), types.wrap_list([]));
}
