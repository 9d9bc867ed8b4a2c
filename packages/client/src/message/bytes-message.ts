import {
  MessageEOFException,
  MessageFormatException,
  MessageNotReadableException,
} from "../errors/exceptions";
import { facadeOf, Message } from "./message";
import type { BytesMessageFacade } from "./message-facade";
import { decodeModifiedUtf8, encodeModifiedUtf8 } from "./modified-utf8";

/**
 * A message whose body is a stream of bytes, written and read as Java's DataOutput/DataInput do (big-endian,
 * writeUTF's modified UTF-8), so a Java peer reads what a TypeScript peer wrote [JMS 2.0 3.12]. A new or
 * cleared message is write-only; a received or reset() one is read-only. Longs are bigint.
 */
export class BytesMessage extends Message {
  private written: Buffer[] = [];
  private reading: Buffer | undefined;
  private position = 0;

  constructor(facade: BytesMessageFacade) {
    super(facade);
  }

  /** The body's length in bytes. @throws MessageNotReadableException while write-only. */
  getBodyLength(): number {
    return this.readable().length;
  }

  /** Ends writing and rewinds to the start of the body for reading. */
  reset(): void {
    this.flushBody();
    this.bodyReadOnly = true;
    this.reading = this.bytesFacade.getBody();
    this.position = 0;
  }

  override clearBody(): void {
    super.clearBody();
    this.written = [];
    this.reading = undefined;
    this.position = 0;
  }

  writeBoolean(value: boolean): void {
    this.write(1, (b) => b.writeUInt8(value ? 1 : 0));
  }
  writeByte(value: number): void {
    this.write(1, (b) => b.writeInt8(value));
  }
  writeShort(value: number): void {
    this.write(2, (b) => b.writeInt16BE(value));
  }
  /** One UTF-16 code unit, as Java's writeChar. */
  writeChar(value: string): void {
    if (value.length !== 1)
      throw new MessageFormatException("writeChar takes a string of exactly one UTF-16 code unit");
    this.write(2, (b) => b.writeUInt16BE(value.charCodeAt(0)));
  }
  writeInt(value: number): void {
    this.write(4, (b) => b.writeInt32BE(value));
  }
  writeLong(value: bigint): void {
    this.write(8, (b) => b.writeBigInt64BE(value));
  }
  writeFloat(value: number): void {
    this.write(4, (b) => b.writeFloatBE(value));
  }
  writeDouble(value: number): void {
    this.write(8, (b) => b.writeDoubleBE(value));
  }
  writeUTF(value: string): void {
    this.append(encodeModifiedUtf8(value));
  }
  writeBytes(value: Uint8Array, offset = 0, length = value.length - offset): void {
    this.append(Buffer.from(value.subarray(offset, offset + length)));
  }
  /** boolean, bigint (long), string (UTF) or bytes; a plain number is ambiguous in JMS terms and refused. */
  writeObject(value: boolean | bigint | string | Uint8Array): void {
    if (typeof value === "boolean") this.writeBoolean(value);
    else if (typeof value === "bigint") this.writeLong(value);
    else if (typeof value === "string") this.writeUTF(value);
    else if (value instanceof Uint8Array) this.writeBytes(value);
    else
      throw new MessageFormatException(
        "writeObject takes a boolean, bigint, string or bytes; use writeInt, writeDouble, ... for numbers",
      );
  }

  readBoolean(): boolean {
    return this.read(1, (b, at) => b.readUInt8(at) !== 0);
  }
  readByte(): number {
    return this.read(1, (b, at) => b.readInt8(at));
  }
  readUnsignedByte(): number {
    return this.read(1, (b, at) => b.readUInt8(at));
  }
  readShort(): number {
    return this.read(2, (b, at) => b.readInt16BE(at));
  }
  readUnsignedShort(): number {
    return this.read(2, (b, at) => b.readUInt16BE(at));
  }
  readChar(): string {
    return this.read(2, (b, at) => String.fromCharCode(b.readUInt16BE(at)));
  }
  readInt(): number {
    return this.read(4, (b, at) => b.readInt32BE(at));
  }
  readLong(): bigint {
    return this.read(8, (b, at) => b.readBigInt64BE(at));
  }
  readFloat(): number {
    return this.read(4, (b, at) => b.readFloatBE(at));
  }
  readDouble(): number {
    return this.read(8, (b, at) => b.readDoubleBE(at));
  }
  readUTF(): string {
    const length = this.readUnsignedShort();
    return this.read(length, (b, at) => decodeModifiedUtf8(b.subarray(at, at + length)));
  }
  /** Copies up to `length` (default: the target's size) bytes into `target`; returns the count, or -1 at the end. */
  readBytes(target: Uint8Array, length = target.length): number {
    const body = this.readable();
    if (this.position >= body.length) return -1;
    const count = Math.min(length, target.length, body.length - this.position);
    body.copy(target, 0, this.position, this.position + count);
    this.position += count;
    return count;
  }

  /** @internal Before send: the written bytes become the body. */
  override flushBody(): void {
    if (this.bodyReadOnly) return;
    this.bytesFacade.setBody(Buffer.concat(this.written));
  }

  /** @internal On receive: read-only, from the start. */
  override markReceived(): void {
    super.markReceived();
    this.reading = this.bytesFacade.getBody();
    this.position = 0;
  }

  private write(size: number, put: (buffer: Buffer) => void): void {
    const buffer = Buffer.allocUnsafe(size);
    put(buffer);
    this.append(buffer);
  }

  private append(bytes: Buffer): void {
    this.checkWritable();
    this.written.push(bytes);
  }

  private read<T>(size: number, get: (buffer: Buffer, at: number) => T): T {
    const body = this.readable();
    if (this.position + size > body.length) {
      throw new MessageEOFException(
        `the body ends after ${body.length} bytes; reading ${size} more at ${this.position}`,
      );
    }
    const value = get(body, this.position);
    this.position += size;
    return value;
  }

  private readable(): Buffer {
    if (!this.bodyReadOnly || !this.reading) {
      throw new MessageNotReadableException("the message body is write-only; call reset() to read it");
    }
    return this.reading;
  }

  private get bytesFacade(): BytesMessageFacade {
    return facadeOf(this) as BytesMessageFacade;
  }
}
