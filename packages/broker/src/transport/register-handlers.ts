import type { Container, EventContext } from "rhea";
import type { BrokerContext } from "../handlers/broker-context";
import { onConnectionGone } from "../handlers/on-connection-close";
import { onConnectionOpen } from "../handlers/on-connection-open";
import { onReceiverClose, onSenderClose } from "../handlers/on-link-close";
import { onMessage } from "../handlers/on-message";
import { onOutcome } from "../handlers/on-outcome";
import { onReceiverOpen } from "../handlers/on-receiver-open";
import { onSendable, onSenderDraining } from "../handlers/on-sendable";
import { onSenderOpen } from "../handlers/on-sender-open";
import { onSessionClose, onSessionOpen } from "../handlers/on-session-open";
import { onSettled } from "../handlers/on-transactional-work";

type Handler = (broker: BrokerContext, context: EventContext) => void;

const handlers: Record<string, Handler> = {
  connection_open: onConnectionOpen,
  session_open: onSessionOpen,
  session_close: onSessionClose,
  sender_open: onSenderOpen,
  receiver_open: onReceiverOpen,
  message: onMessage,
  sendable: onSendable,
  sender_draining: onSenderDraining,
  accepted: onOutcome,
  released: onOutcome,
  rejected: onOutcome,
  modified: onOutcome,
  settled: onSettled,
  sender_close: onSenderClose,
  receiver_close: onReceiverClose,
  connection_close: onConnectionGone,
  disconnected: onConnectionGone,
};

/** Errors that end one endpoint; logged, never allowed to reach the process as an unhandled 'error'. */
const endpointErrors = [
  "connection_error",
  "session_error",
  "sender_error",
  "receiver_error",
  "protocol_error",
  "error",
];

/**
 * Routes rhea's events to one handler per AMQP event. A handler that throws fails only the connection it
 * was serving; the broker keeps serving everyone else.
 */
export function registerHandlers(container: Container, broker: BrokerContext): void {
  for (const [event, handler] of Object.entries(handlers)) {
    container.on(event, (context: EventContext) => {
      try {
        handler(broker, context);
      } catch (error) {
        broker.logger.error(`${event} handler failed: ${describe(error)}`);
        context.connection.close({ condition: "amqp:internal-error", description: describe(error) });
      }
    });
  }
  for (const event of endpointErrors) {
    container.on(event, (context: EventContext & { error?: unknown }) => {
      broker.logger.warn(
        `${event} on ${context.connection?.container_id ?? "?"}: ${describe(context.error)}`,
      );
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "description" in error) return String(error.description);
  return String(error);
}
