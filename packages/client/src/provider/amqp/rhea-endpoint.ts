import type { EventContext } from "rhea";
import type { ProviderErrorKind } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";

interface Endpoint {
  once(event: string, listener: (context: EventContext) => void): unknown;
  on(event: string, listener: (context: EventContext) => void): unknown;
  removeListener(event: string, listener: (context: EventContext) => void): unknown;
  readonly error?: unknown;
}

/**
 * Resolves when the peer opens the endpoint; rejects with the peer's error when it closes it instead.
 * A peer refusing an attach replies with a null terminus and detaches with the reason at once [AMQP
 * 2.6.3], usually in the same packet; `accepted` returning false means waiting for that detach, and even an
 * accepted reply settles only on the next turn of the event loop, so a detach right behind it still wins.
 */
export function awaitRemoteOpen(
  endpoint: Endpoint,
  prefix: "connection" | "session" | "sender" | "receiver",
  what: string,
  refusedKind: ProviderErrorKind,
  accepted: () => boolean = () => true,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onOpen = () => {
      if (!accepted()) return;
      setImmediate(() => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve();
      });
    };
    const onClose = (context: EventContext) => {
      if (settled) return;
      settled = true;
      cleanup();
      const error = (context as { error?: unknown }).error ?? endpoint.error;
      reject(fromAmqpError(error, refusedKind, `${what} was refused`));
    };
    const cleanup = () => {
      endpoint.removeListener(`${prefix}_open`, onOpen);
      endpoint.removeListener(`${prefix}_close`, onClose);
    };
    endpoint.on(`${prefix}_open`, onOpen);
    endpoint.on(`${prefix}_close`, onClose);
  });
}

/** Qpid JMS's jms.closeTimeout: the longest a close waits for the peer. */
const CLOSE_TIMEOUT_MS = 60_000;

/**
 * Resolves once the peer confirmed the close, or ended the link's session instead (RabbitMQ answers some
 * dispositions that way), or after the close timeout: a close never hangs.
 */
export function awaitRemoteClose(
  endpoint: Endpoint & { session?: Endpoint },
  prefix: "session" | "sender" | "receiver",
): Promise<void> {
  return new Promise((resolve) => {
    const session = prefix === "session" ? undefined : endpoint.session;
    const done = () => {
      clearTimeout(timer);
      endpoint.removeListener(`${prefix}_close`, done);
      session?.removeListener("session_close", done);
      resolve();
    };
    const timer = setTimeout(done, CLOSE_TIMEOUT_MS);
    timer.unref();
    endpoint.on(`${prefix}_close`, done);
    session?.on("session_close", done);
  });
}

/**
 * True when the peer's attach carried a terminus. rhea hands a null terminus over as its typed-null
 * wrapper, which is a truthy object, so a plain truthiness test would take a refusal for success.
 */
export function hasTerminus(terminus: unknown): boolean {
  if (terminus === null || terminus === undefined) return false;
  return (terminus as { type?: { name?: unknown } }).type?.name !== "Null";
}
