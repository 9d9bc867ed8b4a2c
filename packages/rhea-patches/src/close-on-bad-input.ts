// When rhea cannot read what a peer sent (a frame it cannot decode, a frame too large, a performative on
// the wrong channel) it reports the error and ends the socket without a word, so the peer sees a dropped
// connection. AMQP wants a close carrying the reason first [AMQP 2.4.2, 2.8.15, 2.8.16]: amqp:decode-error
// for a frame it cannot decode, amqp:connection:framing-error for a broken frame. This patch writes that
// close (after an open, if none was sent yet) before rhea ends the socket. Only errors raised while
// reading input qualify; a connection still in its SASL exchange has no AMQP layer to close and is left as is.
import { flushHeldFrames } from "./coalesced-writes";
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface ConnectionThis {
  readonly amqp_transport?: { header_received?: { protocol_id?: number } };
  readonly local: { close: { error?: unknown } };
  close(error: { condition: string; description: string }): void;
  is_closed(): boolean;
  _process(): void;
  [READING]?: boolean;
}

const READING = Symbol("jms-ts.reading-input");

/** Frame-level failures: the frame itself is broken, not its content. */
const FRAMING = /frame|protocol id|header|channel/i;

export function patchCloseOnBadInput({ connection }: RheaModules): void {
  const proto = connection.prototype as Record<string, unknown>;
  requireFunction(proto, "input", "Connection.prototype");
  requireFunction(proto, "dispatch", "Connection.prototype");
  requireFunction(proto, "_process", "Connection.prototype");
  once(proto, "close-on-bad-input", () => {
    const input = proto["input"] as (this: ConnectionThis, buffer: Buffer) => void;
    const dispatch = proto["dispatch"] as (this: ConnectionThis, name: string, ...rest: unknown[]) => boolean;
    proto["input"] = function (this: ConnectionThis, buffer: Buffer) {
      this[READING] = true;
      try {
        input.call(this, buffer);
      } finally {
        this[READING] = false;
      }
    };
    proto["dispatch"] = function (this: ConnectionThis, name: string, ...rest: unknown[]) {
      if (this[READING] && (name === "protocol_error" || name === "error")) closeWithReason(this, rest[0]);
      return dispatch.call(this, name, ...rest);
    };
  });
}

function closeWithReason(connection: ConnectionThis, error: unknown): void {
  // Only once the AMQP layer runs (after SASL, if any): its protocol header came in right [AMQP 2.2].
  if (connection.amqp_transport?.header_received?.protocol_id !== 0) return;
  if (connection.is_closed()) return;
  const description = `cannot read the frame: ${error instanceof Error ? error.message : String(error)}`;
  const condition =
    error instanceof Error && error.name === "ProtocolError" && FRAMING.test(description)
      ? "amqp:connection:framing-error"
      : "amqp:decode-error";
  try {
    connection.close({ condition, description });
    // Write now, past the coalesced-writes batching of this input pass: rhea ends the socket as soon as the
    // error has been reported.
    connection._process();
    flushHeldFrames(connection);
  } catch {
    // The socket is already unusable; rhea ends it next, as before.
  }
}
