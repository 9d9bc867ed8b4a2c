import { describe, expect, it } from "vitest";
import { MemoryStreamMessageFacade } from "../../test/support/memory-facade";
import {
  MessageEOFException,
  MessageFormatException,
  MessageNotReadableException,
  MessageNotWriteableException,
} from "../errors/exceptions";
import { StreamMessage } from "./stream-message";

function readable(write: (m: StreamMessage) => void): StreamMessage {
  const message = new StreamMessage(new MemoryStreamMessageFacade());
  write(message);
  message.reset();
  return message;
}

describe("[JMS 2.0 3.11.3] StreamMessage", () => {
  it("reads values back in order with the conversion table", () => {
    const m = readable((w) => {
      w.writeByte(5);
      w.writeString("42");
      w.writeChar("x");
      w.writeLong(2n ** 62n);
      w.writeBoolean(true);
    });
    expect(m.readLong()).toBe(5n);
    expect(m.readInt()).toBe(42);
    expect(m.readString()).toBe("x");
    expect(m.readObject()).toBe(2n ** 62n);
    expect(m.readString()).toBe("true");
    expect(() => m.readBoolean()).toThrow(MessageEOFException);
  });

  it("does not advance when a conversion fails, so another type can be tried", () => {
    const m = readable((w) => w.writeDouble(1.5));
    expect(() => m.readInt()).toThrow(MessageFormatException);
    expect(m.readDouble()).toBe(1.5);
  });

  it("reads a bytes field over several readBytes calls, then -1, then the next field", () => {
    const m = readable((w) => {
      w.writeBytes(Buffer.from("abcde"));
      w.writeInt(7);
    });
    const target = new Uint8Array(3);
    expect(m.readBytes(target)).toBe(3);
    expect(Buffer.from(target).toString()).toBe("abc");
    expect(m.readBytes(target)).toBe(2);
    expect(m.readBytes(target)).toBe(-1);
    expect(m.readInt()).toBe(7);
  });

  it("is write-only until reset() and read-only after it", () => {
    const m = new StreamMessage(new MemoryStreamMessageFacade());
    m.writeInt(1);
    expect(() => m.readInt()).toThrow(MessageNotReadableException);
    m.reset();
    expect(() => m.writeInt(2)).toThrow(MessageNotWriteableException);
  });

  it("reports a value of a type JMS streams cannot carry when the reader reaches it", () => {
    const facade = new MemoryStreamMessageFacade();
    facade.values = [{ type: "int", value: 1 }, undefined];
    const m = new StreamMessage(facade);
    m.markReceived();
    expect(m.readInt()).toBe(1);
    expect(() => m.readObject()).toThrow(MessageFormatException);
  });
});
