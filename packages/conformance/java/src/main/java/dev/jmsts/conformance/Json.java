package dev.jmsts.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON for the peer's output lines: objects, arrays, strings, numbers, booleans and null. */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** An ordered object to fill with {@code put} and write with {@link #write}. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** A one-entry object, e.g. {@code {"sent": {...}}}. */
  static Map<String, Object> object(String key, Object value) {
    Map<String, Object> map = object();
    map.put(key, value);
    return map;
  }

  /** One line of JSON for {@code value}; non-ASCII characters are escaped so any stdout encoding works. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String || value instanceof Character) {
      string(out, value.toString());
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) out.append(value);
      else string(out, value.toString());
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof byte[] bytes) {
      StringBuilder hex = new StringBuilder(bytes.length * 2);
      for (byte b : bytes) hex.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      string(out, hex.toString());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        append(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) out.append(',');
        append(out, list.get(i));
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
