import type { EventContext } from "rhea";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";

interface Endpoint {
  once(event: string, listener: (context: EventContext) => void): unknown;
  on(event: string, listener: (context: EventContext) => void): unknown;
  removeListener(event: string, listener: (context: EventContext) => void): unknown;
  readonly error?: unknown;
  /** The rhea connection the endpoint belongs to (the connection itself has none). */
  readonly connection?: object;
}

/** How long a connection's endpoints wait for the broker: jms.requestTimeout and jms.closeTimeout (0: forever). */
export interface EndpointTimeouts {
  requestTimeoutMs: number;
  closeTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: EndpointTimeouts = { requestTimeoutMs: 0, closeTimeoutMs: 60_000 };
const timeoutsByConnection = new WeakMap<object, EndpointTimeouts>();

/** Sets the waits for every endpoint of `connection`, from the connection URI. */
export function setEndpointTimeouts(connection: object, timeouts: EndpointTimeouts): void {
  timeoutsByConnection.set(connection, timeouts);
}

/** How long a request on `endpoint` waits for the broker's answer: jms.requestTimeout, 0 for ever. */
export function requestTimeoutOf(endpoint: Endpoint): number {
  return timeoutsOf(endpoint).requestTimeoutMs;
}

function timeoutsOf(endpoint: Endpoint): EndpointTimeouts {
  return (endpoint.connection && timeoutsByConnection.get(endpoint.connection)) ?? DEFAULT_TIMEOUTS;
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
  const limit = timeoutsOf(endpoint).requestTimeoutMs;
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer =
      limit > 0
        ? setTimeout(() => {
            if (settled) return;
            settled = true;
            cleanup();
            reject(
              new ProviderError(
                "timed-out",
                `${what}: the broker did not answer within ${limit} ms (jms.requestTimeout)`,
              ),
            );
          }, limit)
        : undefined;
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
      clearTimeout(timer);
      endpoint.removeListener(`${prefix}_open`, onOpen);
      endpoint.removeListener(`${prefix}_close`, onClose);
    };
    endpoint.on(`${prefix}_open`, onOpen);
    endpoint.on(`${prefix}_close`, onClose);
  });
}

/**
 * Resolves once the peer confirmed the close, or ended the link's session instead (RabbitMQ answers some
 * dispositions that way), or after jms.closeTimeout (default 60 s): a close never hangs on a silent peer.
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
    const limit = timeoutsOf(endpoint).closeTimeoutMs;
    const timer = limit > 0 ? setTimeout(done, limit) : undefined;
    timer?.unref();
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
