import * as zlib from "node:zlib";

/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of `data`, continuing from `previous` so a frame whose payload
 * arrives in several buffers is checked without copying them together. Node >= 20.15 has a native
 * `zlib.crc32`; older runtimes get the table-driven version below, which gives the same values.
 */
export const crc32: (data: Uint8Array, previous?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function"
    ? (data, previous = 0) => zlib.crc32(data, previous)
    : tableCrc32;

let table: Uint32Array | undefined;

/** The portable fallback; exported so tests can prove it agrees with the native one. */
export function tableCrc32(data: Uint8Array, previous = 0): number {
  table ??= buildTable();
  let crc = ~previous >>> 0;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function buildTable(): Uint32Array {
  const result = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    result[n] = c >>> 0;
  }
  return result;
}
