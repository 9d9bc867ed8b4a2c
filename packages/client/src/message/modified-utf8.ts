import { MessageFormatException } from "../errors/exceptions";

// Java's DataOutput.writeUTF format, which BytesMessage and Qpid JMS use: a 2-byte big-endian length,
// then "modified UTF-8": NUL as 0xC0 0x80, and characters outside the BMP as two 3-byte surrogates.

/** The encoded string with its length prefix. @throws MessageFormatException past 65535 bytes. */
export function encodeModifiedUtf8(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i); // UTF-16 code units: surrogates are encoded one by one
    if (unit >= 0x01 && unit <= 0x7f) bytes.push(unit);
    else if (unit <= 0x7ff) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  if (bytes.length > 0xffff) {
    throw new MessageFormatException(
      `writeUTF takes at most 65535 encoded bytes, this string needs ${bytes.length}`,
    );
  }
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  Buffer.from(bytes).copy(out, 2);
  return out;
}

/** Decodes `length` bytes of modified UTF-8. @throws MessageFormatException for malformed input. */
export function decodeModifiedUtf8(bytes: Buffer): string {
  const units: number[] = [];
  let i = 0;
  const continuation = (offset: number) => {
    const byte = bytes[offset];
    if (byte === undefined || (byte & 0xc0) !== 0x80)
      throw new MessageFormatException(`malformed UTF data at byte ${offset}`);
    return byte & 0x3f;
  };
  while (i < bytes.length) {
    const first = bytes[i] as number;
    if (first < 0x80) {
      units.push(first);
      i += 1;
    } else if ((first & 0xe0) === 0xc0) {
      units.push(((first & 0x1f) << 6) | continuation(i + 1));
      i += 2;
    } else if ((first & 0xf0) === 0xe0) {
      units.push(((first & 0x0f) << 12) | (continuation(i + 1) << 6) | continuation(i + 2));
      i += 3;
    } else {
      throw new MessageFormatException(`malformed UTF data at byte ${i}`);
    }
  }
  let text = "";
  for (let start = 0; start < units.length; start += 8192) {
    text += String.fromCharCode(...units.slice(start, start + 8192));
  }
  return text;
}
