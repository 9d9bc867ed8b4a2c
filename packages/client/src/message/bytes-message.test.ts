import { describe, expect, it } from "vitest";
import { MemoryBytesMessageFacade } from "../../test/support/memory-facade";
import {
  MessageEOFException,
  MessageFormatException,
  MessageNotReadableException,
  MessageNotWriteableException,
} from "../errors/exceptions";
import { BytesMessage } from "./bytes-message";

function written(write: (m: BytesMessage) => void): { message: BytesMessage; body: Buffer } {
  const facade = new MemoryBytesMessageFacade();
  const message = new BytesMessage(facade);
  write(message);
  message.flushBody();
  return { message, body: facade.body };
}

describe("[JMS 2.0 3.12] BytesMessage", () => {
  it("writes Java DataOutput's big-endian layout", () => {
    const { body } = written((m) => {
      m.writeBoolean(true);
      m.writeByte(-1);
      m.writeShort(0x0102);
      m.writeChar("A");
      m.writeInt(-2);
      m.writeLong(2n ** 62n + 1n);
      m.writeFloat(1.5);
      m.writeDouble(-0.25);
      m.writeUTF("a\u0000é😀");
      m.writeBytes(Uint8Array.from([9, 8, 7]), 1, 1);
    });
    expect(body.toString("hex")).toBe(
      [
        "01",
        "ff",
        "0102",
        "0041",
        "fffffffe",
        "4000000000000001",
        "3fc00000",
        "bfd0000000000000",
        // modified UTF-8: length 11, "a", NUL as c0 80, é, and 😀 as two 3-byte surrogates
        "000b",
        "61",
        "c080",
        "c3a9",
        "eda0bd",
        "edb880",
        "08",
      ].join(""),
    );
  });

  it("reads back what it wrote after reset(), then reports the end", () => {
    const { message } = written((m) => {
      m.writeBoolean(false);
      m.writeLong(-(2n ** 63n));
      m.writeUTF("naïve ☕ 😀");
      m.writeDouble(Math.PI);
    });
    message.reset();
    expect(message.getBodyLength()).toBe(1 + 8 + 2 + 17 + 8);
    expect(message.readBoolean()).toBe(false);
    expect(message.readLong()).toBe(-(2n ** 63n));
    expect(message.readUTF()).toBe("naïve ☕ 😀");
    expect(message.readDouble()).toBe(Math.PI);
    expect(() => message.readByte()).toThrow(MessageEOFException);
    expect(message.readBytes(new Uint8Array(4))).toBe(-1);
  });

  it("is write-only until reset() and read-only after it, until clearBody()", () => {
    const { message } = written((m) => m.writeInt(1));
    expect(() => message.readInt()).toThrow(MessageNotReadableException);
    message.reset();
    expect(() => message.writeInt(2)).toThrow(MessageNotWriteableException);
    message.clearBody();
    message.writeInt(3);
    message.reset();
    expect(message.readInt()).toBe(3);
  });

  it("reads bytes in pieces", () => {
    const { message } = written((m) => m.writeBytes(Buffer.from("abcdef")));
    message.reset();
    const target = new Uint8Array(4);
    expect(message.readBytes(target)).toBe(4);
    expect(Buffer.from(target).toString()).toBe("abcd");
    expect(message.readBytes(target)).toBe(2);
    expect(message.readBytes(target)).toBe(-1);
  });

  it("refuses writeObject for a plain number and writeUTF past 65535 bytes", () => {
    const { message } = written(() => undefined);
    expect(() => message.writeObject(5 as unknown as bigint)).toThrow(MessageFormatException);
    expect(() => message.writeUTF("x".repeat(65536))).toThrow(MessageFormatException);
  });
});
