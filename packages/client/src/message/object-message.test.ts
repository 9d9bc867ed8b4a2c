import { describe, expect, it } from "vitest";
import { MemoryObjectMessageFacade } from "../../test/support/memory-facade";
import { MessageFormatException, MessageNotWriteableException } from "../errors/exceptions";
import { ObjectMessage } from "./object-message";
import { snapshotObject, TypedValue, type ObjectValue } from "./object-value";

const fresh = (facade = new MemoryObjectMessageFacade()) => new ObjectMessage(facade);

describe("[JMS 2.0 3.14] ObjectMessage", () => {
  it("keeps a copy taken at setObject, and hands out a fresh copy on every getObject", () => {
    const m = fresh();
    const value = { items: [1, "two", 3n], raw: Uint8Array.from([1]) };
    m.setObject(value);
    value.items.push(4);
    value.raw[0] = 9;
    const read = m.getObject() as Map<string, ObjectValue>;
    expect(read).toEqual(
      new Map<string, ObjectValue>([
        ["items", [1, "two", 3n]],
        ["raw", Buffer.from([1])],
      ]),
    );
    (read.get("items") as ObjectValue[]).push("changed");
    expect((m.getObject() as Map<string, ObjectValue>).get("items")).toEqual([1, "two", 3n]);
  });

  it("a new message holds null and is readable and writable", () => {
    const m = fresh();
    expect(m.getObject()).toBeNull();
    m.setObject(TypedValue.int(42));
    expect(m.getObject()).toEqual(TypedValue.int(42));
  });

  it("[JMS 2.0 3.11.2] a received message's body is read-only until clearBody()", () => {
    const m = fresh();
    m.setObject("x");
    m.markReceived();
    expect(() => m.setObject("y")).toThrow(MessageNotWriteableException);
    expect(() => m.setSerializedBytes(Buffer.from([1]))).toThrow(MessageNotWriteableException);
    expect(m.getObject()).toBe("x");
    m.clearBody();
    expect(m.getObject()).toBeNull();
    m.setObject("y");
    expect(m.getObject()).toBe("y");
  });

  it("a Java-serialized body surfaces as its bytes; getObject() says why it cannot deserialize", () => {
    const facade = new MemoryObjectMessageFacade();
    facade.setSerializedBytes(Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x01, 0x78]));
    const m = fresh(facade);
    m.markReceived();
    expect(m.isJavaSerialized()).toBe(true);
    expect(() => m.getObject()).toThrow(MessageFormatException);
    expect(() => m.getObject()).toThrow(/Java-serialized.*getSerializedBytes\(\)/);
    const bytes = m.getSerializedBytes() as Buffer;
    expect(bytes).toEqual(Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x01, 0x78]));
    bytes[0] = 0;
    expect(m.getSerializedBytes()?.[0]).toBe(0xac);
  });

  it("a Java-serialized null reads as null", () => {
    const facade = new MemoryObjectMessageFacade();
    facade.setSerializedBytes(Buffer.from([0xac, 0xed, 0x00, 0x05, 0x70]));
    expect(fresh(facade).getObject()).toBeNull();
  });

  it("an AMQP-typed body has no serialized bytes", () => {
    const m = fresh();
    m.setObject([true]);
    expect(m.isJavaSerialized()).toBe(false);
    expect(m.getSerializedBytes()).toBeNull();
  });

  it.each([
    ["undefined", undefined, /the object is undefined/],
    ["a function", () => 1, /the object is function/],
    ["a class instance", new (class Point {})(), /Point instance/],
    ["a nested undefined", { a: [1, undefined] }, /the object\.a\[1\] is undefined/],
    ["a bigint beyond a long", 2n ** 63n, /TypedValue\.ulong/],
    ["an invalid Date", new Date(NaN), /invalid Date/],
  ])("rejects %s with MessageFormatException saying where and what is allowed", (_what, value, message) => {
    expect(() => fresh().setObject(value as ObjectValue)).toThrow(MessageFormatException);
    expect(() => fresh().setObject(value as ObjectValue)).toThrow(message);
  });

  it("rejects a value that contains itself", () => {
    const list: ObjectValue[] = [];
    list.push(list);
    expect(() => snapshotObject(list)).toThrow(/refers back to itself/);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = [1];
    expect(snapshotObject([shared, shared])).toEqual([[1], [1]]);
  });
});

describe("TypedValue", () => {
  it.each([
    ["byte", () => TypedValue.byte(128)],
    ["short", () => TypedValue.short(-32769)],
    ["int", () => TypedValue.int(1.5)],
    ["ubyte", () => TypedValue.ubyte(-1)],
    ["uint", () => TypedValue.uint(2 ** 32)],
    ["ulong", () => TypedValue.ulong(-1n)],
    ["char", () => TypedValue.char("ab")],
    ["symbol", () => TypedValue.symbol("é")],
    ["uuid", () => TypedValue.uuid("nope")],
    ["decimal64", () => TypedValue.decimal("decimal64", Buffer.alloc(4))],
    ["descriptor", () => TypedValue.described(TypedValue.int(1), null)],
  ])("rejects an out-of-range %s", (_what, build) => {
    expect(build).toThrow(MessageFormatException);
  });

  it("normalises uuids and rounds floats to 32 bits", () => {
    expect(
      TypedValue.uuid("0123456789ABCDEF0123456789ABCDEF".replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"))
        .value,
    ).toBe("01234567-89ab-cdef-0123-456789abcdef");
    expect(TypedValue.uuid(Buffer.alloc(16, 0xff)).value).toBe("ffffffff-ffff-ffff-ffff-ffffffffffff");
    expect(TypedValue.float(0.1).value).toBe(Math.fround(0.1));
    expect(TypedValue.char("😀").value).toBe("😀");
  });
});
