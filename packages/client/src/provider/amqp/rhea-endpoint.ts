import type { EventContext } from "rhea";
import type { ProviderErrorKind } from "../provider-error";
import type { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";

interface Endpoint {
  once(event: string, listener: (context: EventContext) => void): unknown;
  on(event: string, listener: (context: EventContext) => void): unknown;
  removeListener(event: string, listener: (context: EventContext) => void): unknown;
  readonly error?: unknown;
}

/**
 * Resolves when the peer opens the endpoint and `accepted` approves the reply; rejects with the peer's
 * error when it closes the endpoint instead. A peer that refuses an attach replies with a null terminus
 * and then detaches with the reason [AMQP 2.6.3], so `accepted` returning false waits for that detach.
 */
export function awaitRemoteOpen(
  endpoint: Endpoint,
  prefix: "connection" | "session" | "sender" | "receiver",
  what: string,
  refusedKind: ProviderErrorKind,
  accepted: () => boolean = () => true,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onOpen = () => {
      if (!accepted()) return;
      cleanup();
      resolve();
    };
    const onClose = (context: EventContext) => {
      cleanup();
      const error = (context as { error?: unknown }).error ?? endpoint.error;
      reject(fromAmqpError(error, refusedKind, `${what} was refused`) satisfies ProviderError);
    };
    const cleanup = () => {
      endpoint.removeListener(`${prefix}_open`, onOpen);
      endpoint.removeListener(`${prefix}_close`, onClose);
    };
    endpoint.on(`${prefix}_open`, onOpen);
    endpoint.on(`${prefix}_close`, onClose);
  });
}

/** Resolves once the peer confirmed the close, or the connection is gone. */
export function awaitRemoteClose(
  endpoint: Endpoint,
  prefix: "session" | "sender" | "receiver",
): Promise<void> {
  return new Promise((resolve) => endpoint.once(`${prefix}_close`, () => resolve()));
}
