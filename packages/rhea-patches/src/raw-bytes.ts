// rhea decodes every format-0 transfer eagerly and lossily (numbers lose their AMQP types, nested
// descriptors vanish), and re-encoding such a message changes it on the wire. Both the client and the
// broker need the untouched bytes, so rhea's shared `message.decode` is replaced by one that returns a
// lazy view: code that reads fields (plain rhea users in the same process) still gets rhea's decoded
// message, while jms-ts reads the bytes through `rawBytesOf` and never pays for rhea's decode.
// See docs/decisions/0002-own-the-codec.md.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

const RAW_BYTES = Symbol.for("jms-ts.raw-bytes");

export function patchRawBytes({ message }: RheaModules): void {
  requireFunction(message, "decode", "message");
  once(message, "raw-bytes", () => {
    const rheaDecode = message.decode.bind(message);
    message.decode = (buffer: Buffer) => lazyMessage(buffer, rheaDecode);
  });
}

/** The bytes rhea received for this message, or undefined for any other object. */
export function rawBytesOf(message: unknown): Buffer | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const bytes: unknown = (message as Record<symbol, unknown>)[RAW_BYTES];
  return Buffer.isBuffer(bytes) ? bytes : undefined;
}

function lazyMessage(bytes: Buffer, rheaDecode: (b: Buffer) => unknown): object {
  let decoded: object | undefined;
  const view = (): object => (decoded ??= rheaDecode(bytes) as object);
  return new Proxy(
    {},
    {
      get: (_t, key): unknown => (key === RAW_BYTES ? bytes : (Reflect.get(view(), key) as unknown)),
      set: (_t, key, value) => Reflect.set(view(), key, value),
      has: (_t, key) => key === RAW_BYTES || Reflect.has(view(), key),
      ownKeys: () => Reflect.ownKeys(view()),
      getOwnPropertyDescriptor: (_t, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(view(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
      deleteProperty: (_t, key) => Reflect.deleteProperty(view(), key),
    },
  );
}
