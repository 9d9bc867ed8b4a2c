import { describe, expect, it } from "vitest";
import { MemoryMapMessageFacade } from "../../test/support/memory-facade";
import { MessageFormatException, MessageNotWriteableException } from "../errors/exceptions";
import { MapMessage } from "./map-message";

const fresh = () => new MapMessage(new MemoryMapMessageFacade());

describe("[JMS 2.0 3.10] MapMessage", () => {
  it("stores typed entries and reads them back by the conversion table", () => {
    const m = fresh();
    m.setBoolean("b", true);
    m.setByte("y", -1);
    m.setChar("c", "é");
    m.setLong("l", 2n ** 62n);
    m.setBytes("raw", Buffer.from([1, 2, 3]), 1, 2);
    m.setObject("n", 7);
    expect(m.getMapNames()).toEqual(["b", "y", "c", "l", "raw", "n"]);
    expect(m.getString("b")).toBe("true");
    expect(m.getLong("y")).toBe(-1n);
    expect(m.getChar("c")).toBe("é");
    expect(m.getString("c")).toBe("é");
    expect(m.getLong("l")).toBe(2n ** 62n);
    expect(m.getBytes("raw")).toEqual(Buffer.from([2, 3]));
    expect(m.getInt("n")).toBe(7);
    expect(m.getBytes("absent")).toBeNull();
    expect(m.itemExists("absent")).toBe(false);
  });

  it.each([
    ["c", (m: MapMessage) => m.getInt("c")],
    ["raw", (m: MapMessage) => m.getString("raw")],
    ["y", (m: MapMessage) => m.getChar("y")],
    ["y", (m: MapMessage) => m.getBytes("y")],
  ])("refuses a forbidden conversion of %s", (_name, read) => {
    const m = fresh();
    m.setChar("c", "x");
    m.setBytes("raw", Buffer.from([1]));
    m.setByte("y", 1);
    expect(() => read(m)).toThrow(MessageFormatException);
  });

  it("is read-only once received, until clearBody()", () => {
    const m = fresh();
    m.setInt("i", 1);
    m.markReceived();
    expect(() => m.setInt("j", 2)).toThrow(MessageNotWriteableException);
    m.clearBody();
    m.setInt("j", 2);
    expect(m.getMapNames()).toEqual(["j"]);
  });
});
