import { amqp, decodeMessage, encodeMessage, type AmqpValue, type MessageSections } from "@jms-ts/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { ScriptedPeer } from "../../../test/support/scripted-peer";
import type { Session } from "../../index";
import { MessageFormatException, ObjectMessage, TypedValue } from "../../index";

// ObjectMessage and binary correlation ids against a scripted AMQP peer: the frames must be Qpid JMS's
// [qpid-jms 2.2, 2.5] (docs/decisions/0014-object-message.md).

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});
const session = (query?: string, mode?: number): Promise<Session> => fixture.session(query, mode);

function annotation(sections: MessageSections, key: string): AmqpValue | undefined {
  return sections.messageAnnotations?.find(([k]) => k.type === "symbol" && k.value === key)?.[1];
}

describe("[qpid-jms 2.2] ObjectMessage frames", () => {
  it("sends type 1 and one amqp-value section with the value's AMQP types, no content-type", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    const message = s.createObjectMessage({ id: TypedValue.int(7), total: 2n ** 62n + 1n, tags: ["a"] });
    message.setJMSCorrelationIDAsBytes(Buffer.from([0xca, 0xfe]));
    await producer.send(message);
    const sections = decodeMessage((await peer.nextTransfer(1)).bytes);
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual(amqp.byte(1));
    expect(sections.body).toEqual({
      kind: "value",
      value: amqp.map([
        [amqp.string("id"), amqp.int(7)],
        [amqp.string("total"), amqp.long(2n ** 62n + 1n)],
        [amqp.string("tags"), amqp.list([amqp.string("a")])],
      ]),
    });
    expect(sections.properties?.contentType).toBeUndefined();
    // [JMS 2.0 3.4.5] setJMSCorrelationIDAsBytes is an AMQP binary correlation-id, as Qpid JMS writes it.
    expect(sections.properties?.correlationId).toEqual(amqp.binary(Buffer.from([0xca, 0xfe])));
  });

  it("receives a Java-serialized ObjectMessage: its bytes, and getObject() explains why not", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("in"));
    const serialized = Buffer.from("aced0005740002" + "6869", "hex");
    await peer.sendTo(
      "in",
      encodeMessage({
        messageAnnotations: [[amqp.symbol("x-opt-jms-msg-type"), amqp.byte(1)]],
        properties: {
          contentType: "application/x-java-serialized-object",
          correlationId: amqp.binary(Buffer.from([1, 2])),
        },
        body: { kind: "data", chunks: [serialized] },
      }),
    );
    const message = (await consumer.receive(5000)) as ObjectMessage;
    expect(message).toBeInstanceOf(ObjectMessage);
    expect(message.isJavaSerialized()).toBe(true);
    expect(message.getSerializedBytes()).toEqual(serialized);
    expect(() => message.getObject()).toThrow(MessageFormatException);
    expect(message.getJMSCorrelationIDAsBytes()).toEqual(Buffer.from([1, 2]));
    expect(message.getJMSCorrelationID()).toBe("ID:AMQP_BINARY:0102");
  });

  it("an unannotated amqp-value map from a non-JMS sender arrives as an ObjectMessage holding a Map", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("in"));
    await peer.sendTo(
      "in",
      encodeMessage({ body: { kind: "value", value: amqp.map([[amqp.symbol("k"), amqp.uint(5)]]) } }),
    );
    const message = (await consumer.receive(5000)) as ObjectMessage;
    expect(message).toBeInstanceOf(ObjectMessage);
    expect(message.getObject()).toEqual(new Map([[TypedValue.symbol("k"), TypedValue.uint(5)]]));
  });
});
