import {
  MessageEOFException,
  MessageFormatException,
  MessageNotReadableException,
} from "../errors/exceptions";
import type { StreamMessageFacade } from "./message-facade";
import { facadeOf, Message } from "./message";
import { bytesValue, charValue, convertMapValue, type MapObject, type MapValue } from "./map-value";
import { fromObject, typed } from "./property-value";

/**
 * A message whose body is a sequence of typed values, read back in order with the JMS conversion table
 * [JMS 2.0 3.11.3]. A read that fails a conversion does not advance, so another type can be tried. New or
 * cleared messages are write-only; received or reset() ones read-only. Sent as an AMQP sequence.
 */
export class StreamMessage extends Message {
  private written: MapValue[] = [];
  private reading: (MapValue | undefined)[] | undefined;
  private position = 0;
  /** Bytes of the current bytes field already handed out by readBytes, or -1 when none is in progress. */
  private bytesOffset = -1;

  constructor(facade: StreamMessageFacade) {
    super(facade);
  }

  reset(): void {
    this.flushBody();
    this.bodyReadOnly = true;
    this.reading = this.streamFacade.getValues();
    this.position = 0;
    this.bytesOffset = -1;
  }

  override clearBody(): void {
    super.clearBody();
    this.written = [];
    this.reading = undefined;
    this.position = 0;
    this.bytesOffset = -1;
  }

  writeBoolean(value: boolean): void {
    this.write(typed("boolean", value));
  }
  writeByte(value: number): void {
    this.write(typed("byte", value));
  }
  writeShort(value: number): void {
    this.write(typed("short", value));
  }
  writeChar(value: string): void {
    this.write(charValue(value));
  }
  writeInt(value: number): void {
    this.write(typed("int", value));
  }
  writeLong(value: bigint | number): void {
    this.write(typed("long", value));
  }
  writeFloat(value: number): void {
    this.write(typed("float", value));
  }
  writeDouble(value: number): void {
    this.write(typed("double", value));
  }
  writeString(value: string): void {
    this.write(typed("string", value));
  }
  writeBytes(value: Uint8Array, offset = 0, length = value.length - offset): void {
    this.write(bytesValue(value.subarray(offset, offset + length)));
  }
  /** Typed as setObjectProperty types numbers; a Uint8Array is bytes. */
  writeObject(value: MapObject): void {
    this.write(value instanceof Uint8Array ? bytesValue(value) : fromObject(value));
  }

  readBoolean(): boolean {
    return this.read("boolean") as boolean;
  }
  readByte(): number {
    return this.read("byte") as number;
  }
  readShort(): number {
    return this.read("short") as number;
  }
  readChar(): string {
    return this.read("char") as string;
  }
  readInt(): number {
    return this.read("int") as number;
  }
  readLong(): bigint {
    return this.read("long") as bigint;
  }
  readFloat(): number {
    return this.read("float") as number;
  }
  readDouble(): number {
    return this.read("double") as number;
  }
  readString(): string | null {
    return this.read("string") as string | null;
  }
  readObject(): MapObject | null {
    const value = this.current();
    this.advance();
    return value.type === "bytes" ? Buffer.from(value.value) : value.value;
  }
  /**
   * Reads the current bytes field into `target`, over as many calls as it takes: returns the count copied,
   * then -1 once the field is used up (which moves on to the next field).
   */
  readBytes(target: Uint8Array): number {
    const value = this.current();
    const bytes = convertMapValue(`value ${this.position}`, value, "bytes") as Buffer;
    const offset = Math.max(this.bytesOffset, 0);
    if (offset >= bytes.length && this.bytesOffset >= 0) {
      this.advance();
      return -1;
    }
    const count = Math.min(target.length, bytes.length - offset);
    bytes.copy(target, 0, offset, offset + count);
    this.bytesOffset = offset + count;
    if (bytes.length === 0) {
      this.advance();
      return 0;
    }
    return count;
  }

  /** @internal Before send: the written values become the body. */
  override flushBody(): void {
    if (!this.bodyReadOnly) this.streamFacade.setValues(this.written);
  }

  /** @internal On receive: read-only, from the first value. */
  override markReceived(): void {
    super.markReceived();
    this.reading = this.streamFacade.getValues();
    this.position = 0;
  }

  private write(value: MapValue): void {
    this.checkWritable();
    this.written.push(value);
  }

  /** Converts the current value; only a successful read moves on [JMS 2.0 3.11.3]. */
  private read(as: MapValue["type"]): MapObject | null {
    const value = convertMapValue(`value ${this.position}`, this.current(), as);
    this.advance();
    return value;
  }

  private current(): MapValue {
    if (!this.bodyReadOnly || !this.reading) {
      throw new MessageNotReadableException("the message body is write-only; call reset() to read it");
    }
    if (this.position >= this.reading.length) {
      throw new MessageEOFException(`the stream ends after ${this.reading.length} values`);
    }
    const value = this.reading[this.position];
    if (value === undefined) {
      throw new MessageFormatException(
        `value ${this.position} has an AMQP type that a JMS stream cannot carry`,
      );
    }
    return value;
  }

  private advance(): void {
    this.position++;
    this.bytesOffset = -1;
  }

  private get streamFacade(): StreamMessageFacade {
    return facadeOf(this) as StreamMessageFacade;
  }
}
