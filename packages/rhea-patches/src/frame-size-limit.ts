// rhea advertises max-frame-size but never enforces it on input: a peer announcing a 2 GiB frame is
// buffered until memory runs out. The limit check runs where rhea learns the size of a frame it must wait
// for, and fails the connection with a framing error [AMQP 2.4.1, 2.7.1]. The limit is the connection's
// own advertised max-frame-size, so a connection that advertises none (rhea's default, 4 GiB) is unchanged.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface TransportThis {
  handler?: {
    local?: { open?: { max_frame_size?: number } };
    connection?: { local?: { open?: { max_frame_size?: number } } };
  };
}

export function patchFrameSizeLimit({ transport, errors }: RheaModules): void {
  const proto = transport.prototype;
  requireFunction(proto, "peek_size", "Transport.prototype");
  once(proto, "frame-size-limit", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with rhea's `this`
    const peekSize = proto.peek_size;
    proto.peek_size = function (this: TransportThis, buffer: Buffer) {
      const size = peekSize.call(this, buffer);
      const limit = advertisedLimit(this);
      if (size !== undefined && limit !== undefined && size > limit) {
        throw new errors.ProtocolError(
          `frame of ${size} bytes exceeds the negotiated max-frame-size of ${limit}`,
        );
      }
      return size;
    };
  });
}

function advertisedLimit(transport: TransportThis): number | undefined {
  const handler = transport.handler;
  const open = handler?.local?.open ?? handler?.connection?.local?.open;
  return open?.max_frame_size;
}
