import type { EventContext, Receiver, Session } from "rhea";
import type { ConsumerInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { offeredCapabilities } from "./amqp-capabilities";
import { fromAmqpError } from "./amqp-error-conditions";
import { Capability } from "./amqp-symbols";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

// Durable and shared subscriptions on the wire [qpid-jms 2.7]: the capability check for shared ones and
// the unsubscribe exchange. Link names and source fields are in amqp-consumer-source.ts.

/**
 * The desired capabilities of a shared subscriber's attach: SHARED-SUBS when the broker did not offer it
 * on the connection, so it can still offer it on the link [qpid-jms 2.7]; none otherwise.
 */
export function subscriberDesiredCapabilities(session: Session, info: ConsumerInfo): string[] | undefined {
  if (!info.subscription?.shared || connectionOffersSharedSubs(session)) return undefined;
  return [Capability.sharedSubs];
}

/**
 * After a shared subscriber attached: if neither the connection nor the link offered SHARED-SUBS, the
 * broker does not know shared subscriptions and may have made an unshared one, so the link goes again
 * (detached without closing: a durable subscription it may hold is not deleted) and the call fails.
 */
export async function checkSharedSubsOffered(
  session: Session,
  receiver: Receiver,
  info: ConsumerInfo,
): Promise<void> {
  if (!info.subscription?.shared || connectionOffersSharedSubs(session)) return;
  if (offeredCapabilities(receiver as never).includes(Capability.sharedSubs)) return;
  const gone = awaitRemoteClose(receiver, "receiver");
  if (info.subscription.durable) receiver.detach();
  else receiver.close();
  await gone;
  throw new ProviderError(
    "general",
    `cannot create shared subscription "${info.subscription.name}": the broker does not support shared subscriptions (it offered no ${Capability.sharedSubs} capability)`,
  );
}

function connectionOffersSharedSubs(session: Session): boolean {
  return offeredCapabilities(session.connection as never).includes(Capability.sharedSubs);
}

/**
 * Deletes a durable subscription as Qpid JMS does [qpid-jms 2.7]: attach a receiver named after it with
 * no source, which the broker answers with the subscription's source (or refuses: not found), then detach
 * with closed=true, which deletes it. Without a ClientID the link is `name|global` and asks for the
 * shared and global capabilities.
 */
export async function unsubscribeLink(session: Session, name: string, global: boolean): Promise<void> {
  const receiver = session.open_receiver({
    name: global ? `${name}|global` : name,
    target: {},
    credit_window: 0,
    autoaccept: false,
    ...(global ? { desired_capabilities: [Capability.shared, Capability.global] } : {}),
  });
  const what = `unsubscribe of durable subscription "${name}"${global ? " (global, no ClientID)" : ""}`;
  await awaitRemoteOpen(receiver, "receiver", what, "invalid-destination", () =>
    hasTerminus(receiver.source),
  );
  const closed = new Promise<unknown>((resolve) => {
    const done = (context: EventContext) => {
      receiver.session.removeListener("session_close", done);
      resolve((context as { error?: unknown }).error ?? receiver.error);
    };
    receiver.once("receiver_close", done);
    receiver.session.once("session_close", done);
  });
  receiver.close();
  const error = await closed;
  // The broker keeps a subscription another connection still consumes from: amqp:resource-locked.
  if (error) throw fromAmqpError(error, "illegal-state", `${what} failed`);
}
