import { describe, expect, it } from "vitest";
import { MessageFormatException } from "../errors/exceptions";
import { convert, fromObject, typed, type PropertyType, type PropertyValue } from "./property-value";

const READ_AS: PropertyType[] = ["boolean", "byte", "short", "int", "long", "float", "double", "string"];
const X = "MessageFormatException";

/**
 * [JMS 2.0 3.5.4 table 3-4] every stored type read as every type: the value read, or X when JMS forbids
 * the conversion. Columns follow READ_AS.
 */
const TABLE: [PropertyValue, unknown[]][] = [
  [{ type: "boolean", value: true }, [true, X, X, X, X, X, X, "true"]],
  [{ type: "byte", value: -7 }, [X, -7, -7, -7, -7n, X, X, "-7"]],
  [{ type: "short", value: 300 }, [X, X, 300, 300, 300n, X, X, "300"]],
  [{ type: "int", value: -70000 }, [X, X, X, -70000, -70000n, X, X, "-70000"]],
  [{ type: "long", value: 2n ** 62n + 1n }, [X, X, X, X, 2n ** 62n + 1n, X, X, "4611686018427387905"]],
  [{ type: "float", value: 1.5 }, [X, X, X, X, X, 1.5, 1.5, "1.5"]],
  [{ type: "double", value: 2.25 }, [X, X, X, X, X, X, 2.25, "2.25"]],
  [{ type: "string", value: "42" }, [false, 42, 42, 42, 42n, 42, 42, "42"]],
  [{ type: "string", value: "TRUE" }, [true, X, X, X, X, X, X, "TRUE"]],
  [
    { type: "string", value: "9223372036854775807" },
    [false, X, X, X, 2n ** 63n - 1n, 2 ** 63, 2 ** 63, "9223372036854775807"],
  ],
  [{ type: "string", value: "300" }, [false, X, 300, 300, 300n, 300, 300, "300"]],
  [{ type: "string", value: "1.5" }, [false, X, X, X, X, 1.5, 1.5, "1.5"]],
];

const read = (property: PropertyValue | undefined, as: PropertyType): unknown => {
  try {
    return convert("p", property, as as "string");
  } catch (error) {
    if (error instanceof MessageFormatException) return X;
    throw error;
  }
};

describe("[JMS 2.0 3.5.4] property conversions", () => {
  for (const [stored, expected] of TABLE) {
    for (const [i, as] of READ_AS.entries()) {
      it(`a ${stored.type} ${JSON.stringify(String(stored.value))} read as ${as} gives ${String(expected[i])}`, () => {
        expect(read(stored, as)).toEqual(expected[i]);
      });
    }
  }

  it("reads a missing property as false, null, or an error for the numeric types", () => {
    expect(read(undefined, "boolean")).toBe(false);
    expect(read(undefined, "string")).toBeNull();
    for (const as of ["byte", "short", "int", "long", "float", "double"] as const)
      expect(read(undefined, as)).toBe(X);
  });

  it.each([
    ["byte", 128],
    ["byte", 1.5],
    ["short", -32769],
    ["int", 2 ** 31],
    ["long", 2n ** 63n],
    ["long", 2 ** 53],
    ["boolean", "yes"],
    ["string", 1],
  ] as const)("refuses to store %s %s", (type, value) => {
    expect(() => typed(type, value)).toThrow(MessageFormatException);
  });

  it("rounds a float to 32 bits, as Java's float would", () => {
    expect(typed("float", 0.1).value).toBe(Math.fround(0.1));
  });

  it("types setObjectProperty values: int, long, double, bigint, boolean, string", () => {
    expect(fromObject(5)).toEqual({ type: "int", value: 5 });
    expect(fromObject(2 ** 40)).toEqual({ type: "long", value: 2n ** 40n });
    expect(fromObject(0.5)).toEqual({ type: "double", value: 0.5 });
    expect(fromObject(-(2n ** 63n))).toEqual({ type: "long", value: -(2n ** 63n) });
    expect(fromObject(true)).toEqual({ type: "boolean", value: true });
    expect(fromObject("s")).toEqual({ type: "string", value: "s" });
    expect(() => fromObject(null)).toThrow(MessageFormatException);
    expect(() => fromObject({})).toThrow(MessageFormatException);
  });
});
