import type { Message } from "@jms-ts/client";
import { expectEqual, expectTrue, throwsOnRead } from "./assert";

// What the Qpid JMS interop cases share: waits, and every typed property as each side sets and sees it.

/** How long a case waits for a message from Java. */
export const RECEIVE_MS = 15_000;
/** The JVM starts once or twice per case; on a small machine that takes seconds. */
export const INTEROP_TIMEOUT_MS = 60_000;

/** Every JMS property type, set by jms-ts; a long beyond 2^53 and the int/long edges included. */
export function setEveryPropertyType(message: Message): void {
  message.setBooleanProperty("b", true);
  message.setByteProperty("y", -128);
  message.setShortProperty("h", 32767);
  message.setIntProperty("i", -2147483648);
  message.setLongProperty("big", 2n ** 62n + 1n);
  message.setLongProperty("min", -(2n ** 63n));
  message.setFloatProperty("f", 1.25);
  message.setDoubleProperty("d", 0.1);
  message.setStringProperty("s", "naïve ☕");
}

/** What Qpid JMS must see for them: the Java class and String.valueOf of the value. */
export const JAVA_SEES: Record<string, [string, string]> = {
  b: ["Boolean", "true"],
  y: ["Byte", "-128"],
  h: ["Short", "32767"],
  i: ["Integer", "-2147483648"],
  big: ["Long", "4611686018427387905"],
  min: ["Long", "-9223372036854775808"],
  f: ["Float", "1.25"],
  d: ["Double", "0.1"],
  s: ["String", "naïve ☕"],
};

/** The properties the Java peer sets, read back with their JMS types (a wrong wire type fails here). */
export function expectTypedPropertiesFromJava(received: Message, what: string): void {
  expectEqual(received.getStringProperty("s"), "text", `${what}: string property`);
  expectEqual(received.getIntProperty("i"), 42, `${what}: int property`);
  expectEqual(received.getLongProperty("l"), 2n ** 40n, `${what}: long property`);
  expectEqual(received.getBooleanProperty("b"), true, `${what}: boolean property`);
  expectEqual(received.getDoubleProperty("d"), 1.5, `${what}: double property`);
  expectEqual(received.getByteProperty("y"), -7, `${what}: byte property`);
  expectEqual(received.getShortProperty("h"), 300, `${what}: short property`);
  expectEqual(received.getFloatProperty("f"), 1.25, `${what}: float property`);
  expectEqual(received.getLongProperty("big"), 2n ** 62n + 1n, `${what}: long beyond 2^53`);
  if (received.propertyExists("min")) {
    expectEqual(received.getLongProperty("min"), -(2n ** 63n), `${what}: long minimum`);
  }
  // The JMS conversion table holds only if the wire types survived: an int cannot be read as a byte.
  expectTrue(
    throwsOnRead(() => received.getByteProperty("i")),
    `${what}: an int property read as byte must throw`,
  );
  expectTrue(
    throwsOnRead(() => received.getFloatProperty("d")),
    `${what}: a double property read as float must throw`,
  );
}

/**
 * Wire interop with the real Apache Qpid JMS client (Java, `java/` built by scripts/build-qpid-jms-peer.sh):
 * messages cross the broker in both directions and each side checks the headers the other one set.
 */
