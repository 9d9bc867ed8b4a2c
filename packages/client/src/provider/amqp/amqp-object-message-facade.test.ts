import { amqp, decodeMessage, encodeMessage, type AmqpValue, type MessageSections } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { Queue } from "../../jms/destinations";
import { Message } from "../../message/message";
import { ObjectMessage } from "../../message/object-message";
import { TypedValue, type ObjectValue } from "../../message/object-value";
import { wrapFacade } from "../../message/wrap-facade";
import { decodeReceived, encodeForSend } from "./amqp-message-codec";
import { AmqpObjectMessageFacade } from "./amqp-object-message-facade";
import { ContentType, JmsMessageType, MessageAnnotation } from "./amqp-symbols";

const queue = new Queue("q");
const newFacade = () => {
  const facade = new AmqpObjectMessageFacade();
  facade.setObject(null);
  return facade;
};

function send(object: ObjectValue): MessageSections {
  const facade = newFacade();
  new ObjectMessage(facade).setObject(object);
  return decodeMessage(encodeForSend(facade, 0));
}

function receive(sections: MessageSections): Message {
  return wrapFacade(decodeReceived(encodeMessage(sections), queue, 0));
}

const uuid = "01234567-89ab-cdef-0123-456789abcdef";

describe("[qpid-jms 2.2] ObjectMessage on the wire", () => {
  it("is sent AMQP-typed: annotation 1, one amqp-value section, no content-type", () => {
    const sections = send("hello");
    expect(sections.messageAnnotations).toEqual([
      [amqp.symbol(MessageAnnotation.jmsMessageType), amqp.byte(JmsMessageType.object)],
    ]);
    expect(sections.body).toEqual({ kind: "value", value: amqp.string("hello") });
    expect(sections.properties?.contentType).toBeUndefined();
  });

  it("sends a new, empty ObjectMessage as amqp-value null", () => {
    expect(decodeMessage(encodeForSend(newFacade(), 0)).body).toEqual({ kind: "value", value: amqp.null });
  });

  it.each<[string, ObjectValue, AmqpValue]>([
    ["null", null, amqp.null],
    ["boolean", true, amqp.boolean(true)],
    ["number as double", 42, amqp.double(42)],
    ["bigint as long, beyond 2^53", 2n ** 62n + 1n, amqp.long(2n ** 62n + 1n)],
    ["string", "naïve", amqp.string("naïve")],
    ["Uint8Array as binary", Uint8Array.from([0, 255]), amqp.binary(Buffer.from([0, 255]))],
    ["Date as timestamp", new Date(1700000000123), amqp.timestamp(1700000000123)],
    ["array as list", [1, "a"], amqp.list([amqp.double(1), amqp.string("a")])],
    [
      "plain object as map with string keys",
      { a: 1, b: null },
      amqp.map([
        [amqp.string("a"), amqp.double(1)],
        [amqp.string("b"), amqp.null],
      ]),
    ],
    ["Map with any keys", new Map([[1n, "x"]]), amqp.map([[amqp.long(1n), amqp.string("x")]])],
    ["byte", TypedValue.byte(-1), amqp.byte(-1)],
    ["short", TypedValue.short(300), amqp.short(300)],
    ["int", TypedValue.int(-2147483648), amqp.int(-2147483648)],
    ["float", TypedValue.float(1.25), amqp.float(1.25)],
    ["char", TypedValue.char("😀"), amqp.char("😀".codePointAt(0) as number)],
    ["ubyte", TypedValue.ubyte(255), amqp.ubyte(255)],
    ["ushort", TypedValue.ushort(65535), amqp.ushort(65535)],
    ["uint", TypedValue.uint(4294967295), amqp.uint(4294967295)],
    ["ulong", TypedValue.ulong(2n ** 64n - 1n), amqp.ulong(2n ** 64n - 1n)],
    ["symbol", TypedValue.symbol("sym"), amqp.symbol("sym")],
    ["uuid", TypedValue.uuid(uuid), amqp.uuid(Buffer.from(uuid.replace(/-/g, ""), "hex"))],
    [
      "decimal32",
      TypedValue.decimal("decimal32", Buffer.from([1, 2, 3, 4])),
      amqp.decimal32(Buffer.from([1, 2, 3, 4])),
    ],
    [
      "array",
      TypedValue.array("int", [TypedValue.int(1), TypedValue.int(2)]),
      amqp.array("int", [amqp.int(1), amqp.int(2)]),
    ],
    [
      "described",
      TypedValue.described(TypedValue.symbol("x:y"), "v"),
      amqp.described(amqp.symbol("x:y"), amqp.string("v")),
    ],
  ])("[AMQP 1.6] %s is written as its AMQP type and received back unchanged", (_what, object, wire) => {
    const sections = send(object);
    expect(sections.body).toEqual({ kind: "value", value: wire });
    const received = receive(sections);
    expect(received).toBeInstanceOf(ObjectMessage);
    const value = (received as ObjectMessage).getObject();
    // Sending what was received gives the same AMQP value: nothing was lost on the way in.
    expect(send(value).body).toEqual({ kind: "value", value: wire });
  });

  it("receives maps as Map, binaries as Buffer, timestamps as Date", () => {
    const received = receive(send({ when: new Date(5), raw: Buffer.from([7]), n: TypedValue.int(3) }));
    expect((received as ObjectMessage).getObject()).toEqual(
      new Map<string, ObjectValue>([
        ["when", new Date(5)],
        ["raw", Buffer.from([7])],
        ["n", TypedValue.int(3)],
      ]),
    );
  });

  it("rejects an AMQP array whose elements are not all of its element type", () => {
    const facade = newFacade();
    expect(() => new ObjectMessage(facade).setObject(TypedValue.array("int", [1]))).toThrow(
      /array of int cannot hold element 0, a double/,
    );
  });

  it("receives a Java-serialized body (data + application/x-java-serialized-object) as bytes", () => {
    const bytes = Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x01, 0x78]);
    const sections: MessageSections = {
      messageAnnotations: [[amqp.symbol(MessageAnnotation.jmsMessageType), amqp.byte(JmsMessageType.object)]],
      properties: { contentType: ContentType.javaSerialized },
      body: { kind: "data", chunks: [bytes] },
    };
    const received = receive(sections) as ObjectMessage;
    expect(received).toBeInstanceOf(ObjectMessage);
    expect(received.isJavaSerialized()).toBe(true);
    expect(received.getSerializedBytes()).toEqual(bytes);
    expect(() => received.getObject()).toThrow(/Java-serialized/);
  });

  it("sends serialized bytes as Qpid JMS does: one data section with the serialized content-type", () => {
    const facade = newFacade();
    new ObjectMessage(facade).setSerializedBytes(Uint8Array.from([0xac, 0xed]));
    const sections = decodeMessage(encodeForSend(facade, 0));
    expect(sections.body).toEqual({ kind: "data", chunks: [Buffer.from([0xac, 0xed])] });
    expect(sections.properties?.contentType).toBe(ContentType.javaSerialized);
    // Going back to a typed body drops the serialized content-type.
    new ObjectMessage(facade).setObject(1);
    expect(decodeMessage(encodeForSend(facade, 0)).properties?.contentType).toBeUndefined();
  });

  it("reads an annotated amqp-sequence as a list and a data body as binary", () => {
    const annotation: MessageSections["messageAnnotations"] = [
      [amqp.symbol(MessageAnnotation.jmsMessageType), amqp.byte(JmsMessageType.object)],
    ];
    const sequence = receive({
      messageAnnotations: annotation,
      body: { kind: "sequence", lists: [[amqp.int(1)], [amqp.string("b")]] },
    });
    expect((sequence as ObjectMessage).getObject()).toEqual([TypedValue.int(1), "b"]);
    const data = receive({
      messageAnnotations: annotation,
      body: { kind: "data", chunks: [Buffer.from([1])] },
    });
    expect((data as ObjectMessage).getObject()).toEqual(Buffer.from([1]));
  });
});

describe("[JMS 2.0 3.4.5] JMSCorrelationID as bytes", () => {
  it("is an AMQP binary correlation-id on the wire, whose string form is ID:AMQP_BINARY:", () => {
    const facade = newFacade();
    const message = new ObjectMessage(facade);
    message.setJMSCorrelationIDAsBytes(Uint8Array.from([0x0a, 0xff]));
    const sections = decodeMessage(encodeForSend(facade, 0));
    expect(sections.properties?.correlationId).toEqual(amqp.binary(Buffer.from([0x0a, 0xff])));
    const received = receive(sections);
    expect(received.getJMSCorrelationIDAsBytes()).toEqual(Buffer.from([0x0a, 0xff]));
    expect(received.getJMSCorrelationID()).toBe("ID:AMQP_BINARY:0AFF");
  });

  it("throws when the correlation id is a string, and is null when there is none", () => {
    const message = new Message(newFacade());
    expect(message.getJMSCorrelationIDAsBytes()).toBeNull();
    message.setJMSCorrelationID("order-7");
    expect(() => message.getJMSCorrelationIDAsBytes()).toThrow(/is a string, not bytes/);
    message.setJMSCorrelationIDAsBytes(null);
    expect(message.getJMSCorrelationID()).toBeNull();
  });

  it("the ID:AMQP_BINARY: string form sets the same binary id", () => {
    const message = new Message(newFacade());
    message.setJMSCorrelationID("ID:AMQP_BINARY:0102");
    expect(message.getJMSCorrelationIDAsBytes()).toEqual(Buffer.from([1, 2]));
  });
});
