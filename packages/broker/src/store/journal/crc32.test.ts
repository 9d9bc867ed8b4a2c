import { expect, test } from "vitest";
import { crc32, tableCrc32 } from "./crc32";

test("the table-driven fallback agrees with the native CRC-32, also when continued across parts", () => {
  const data = Buffer.from("The quick brown fox jumps over the lazy dog");
  expect(tableCrc32(data)).toBe(0x414fa339); // the well-known CRC-32 of this sentence
  expect(crc32(data)).toBe(0x414fa339);
  expect(tableCrc32(data.subarray(10), tableCrc32(data.subarray(0, 10)))).toBe(0x414fa339);
  expect(crc32(data.subarray(10), crc32(data.subarray(0, 10)))).toBe(0x414fa339);
  expect(tableCrc32(Buffer.alloc(0))).toBe(0);
});
