import { MessageFormatException } from "../errors/exceptions";
import { BytesMessage } from "../message/bytes-message";
import { MapMessage } from "../message/map-message";
import type { Message } from "../message/message";
import { ObjectMessage } from "../message/object-message";
import { StreamMessage } from "../message/stream-message";
import { TextMessage } from "../message/text-message";

/**
 * The body types JMS 2.0's `receiveBody(Class<T>, ...)` accepts, spelled with JavaScript's constructors so
 * `receiveBody(String.class, 1000)` ports as `receiveBody(String, 1000)` [JMS 2.0 3.11.3].
 */
export type BodyType = StringConstructor | Uint8ArrayConstructor | MapConstructor | ObjectConstructor;

/** What a body type token yields. */
export type BodyOf<T extends BodyType> = T extends StringConstructor
  ? string
  : T extends Uint8ArrayConstructor
    ? Uint8Array
    : T extends MapConstructor
      ? Map<string, unknown>
      : unknown;

/**
 * True when the message's body can be read as `type` (JMS 2.0 3.11.3, isBodyAssignableTo): a TextMessage as
 * String, a BytesMessage as Uint8Array, a MapMessage as Map, an ObjectMessage (or any of those) as Object.
 * A StreamMessage never is; a message without a body is assignable to anything (its body is null).
 */
export function isBodyAssignableTo(message: Message, type: BodyType): boolean {
  if (message instanceof StreamMessage) return false;
  if (!hasBody(message)) return true;
  if (type === Object) return true;
  if (message instanceof TextMessage) return type === String;
  if (message instanceof BytesMessage) return type === Uint8Array;
  if (message instanceof MapMessage) return type === Map;
  return false;
}

/**
 * The body of a received message as `type` (JMS 2.0 3.11.3, getBody): text, a copy of the bytes, the map's
 * entries or the object; null when the message has no body.
 * @throws MessageFormatException when the body is not assignable to `type`.
 */
export function readBody<T extends BodyType>(message: Message, type: T): BodyOf<T> | null {
  if (!isBodyAssignableTo(message, type)) {
    throw new MessageFormatException(
      `a ${message.constructor.name} body cannot be read as ${type.name}: TextMessage reads as String, ` +
        "BytesMessage as Uint8Array, MapMessage as Map, ObjectMessage as Object; StreamMessage has no body type",
    );
  }
  return bodyValue(message) as BodyOf<T> | null;
}

function hasBody(message: Message): boolean {
  return bodyValue(message) !== null;
}

function bodyValue(message: Message): unknown {
  if (message instanceof TextMessage) return message.getText();
  if (message instanceof ObjectMessage) return message.getObject();
  if (message instanceof BytesMessage) return bytesOf(message);
  if (message instanceof MapMessage) return mapOf(message);
  if (message instanceof StreamMessage) return true;
  return null;
}

function bytesOf(message: BytesMessage): Uint8Array | null {
  const length = message.getBodyLength();
  if (length === 0) return null;
  message.reset();
  const bytes = new Uint8Array(length);
  message.readBytes(bytes);
  message.reset();
  return bytes;
}

function mapOf(message: MapMessage): Map<string, unknown> | null {
  const names = message.getMapNames();
  if (names.length === 0) return null;
  return new Map(names.map((name) => [name, message.getObject(name)]));
}
