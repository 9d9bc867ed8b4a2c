import { MessageFormatException } from "../errors/exceptions";
import { facadeOf, Message } from "./message";
import type { ObjectMessageFacade } from "./message-facade";
import { snapshotObject, type ObjectValue } from "./object-value";

/** What Java's ObjectOutputStream writes for null: stream magic, version 5, TC_NULL. */
const SERIALIZED_NULL = Buffer.from([0xac, 0xed, 0x00, 0x05, 0x70]);

/**
 * A message whose body is one value [JMS 2.0 3.14]. In JavaScript that is any AMQP-typed value (see
 * {@link ObjectValue}), sent as an AMQP value as Qpid JMS's typed ObjectMessage encoding does, so Java
 * receives it as the matching Java object. A Java-serialized body from a Java sender cannot be
 * deserialized here: its bytes are available through `getSerializedBytes()` (docs/decisions/0014).
 */
export class ObjectMessage extends Message {
  constructor(facade: ObjectMessageFacade) {
    super(facade);
  }

  /**
   * The body, a fresh copy on every call (changing it does not change the message). Received maps are
   * Maps, binaries Buffers; see {@link ObjectValue}.
   * @throws MessageFormatException when the body is a Java-serialized object.
   */
  getObject(): ObjectValue {
    const serialized = this.objectFacade.getSerializedBytes();
    if (serialized !== null) {
      if (serialized.equals(SERIALIZED_NULL)) return null;
      throw new MessageFormatException(
        "the body is a Java-serialized object (content-type application/x-java-serialized-object), which " +
          "JavaScript cannot deserialize; read its bytes with getSerializedBytes(), or have the Java sender " +
          "use AMQP-typed ObjectMessages (JMS_AMQP_TYPED_ENCODING=true)",
      );
    }
    if (this.objectFacade.isJavaSerialized()) return null;
    return snapshotObject(this.objectFacade.getObject());
  }

  /**
   * Sets the body to a copy of `value`, taken now [JMS 2.0 3.14].
   * @throws MessageFormatException for a value AMQP cannot carry (undefined, functions, class instances, cycles).
   * @throws MessageNotWriteableException on a received message until `clearBody()`.
   */
  setObject(value: ObjectValue): void {
    this.checkWritable();
    this.objectFacade.setObject(snapshotObject(value));
  }

  /** True when the body is a Java-serialized object, which only a JVM can read. */
  isJavaSerialized(): boolean {
    return this.objectFacade.isJavaSerialized();
  }

  /** A copy of a Java-serialized body's bytes; null when the body is AMQP-typed. */
  getSerializedBytes(): Buffer | null {
    const bytes = this.objectFacade.getSerializedBytes();
    return bytes === null ? null : Buffer.from(bytes);
  }

  /**
   * Sets the body to bytes Java serialized (e.g. received from a Java sender), sent with content-type
   * application/x-java-serialized-object so a Java receiver's getObject() deserializes them.
   * @throws MessageNotWriteableException on a received message until `clearBody()`.
   */
  setSerializedBytes(bytes: Uint8Array): void {
    this.checkWritable();
    if (!(bytes instanceof Uint8Array))
      throw new MessageFormatException("serialized bytes must be a Uint8Array");
    this.objectFacade.setSerializedBytes(Buffer.from(bytes));
  }

  private get objectFacade(): ObjectMessageFacade {
    return facadeOf(this) as ObjectMessageFacade;
  }
}
