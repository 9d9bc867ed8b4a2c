import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, type MockProvider } from "../../test/support/mock-provider";
import { MemoryMessageFacade, MemoryTextMessageFacade } from "../../test/support/memory-facade";
import { MessageNotWriteableException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import type { Connection } from "../jms/connection";
import { Queue } from "../jms/destinations";
import type { MessageConsumer } from "../jms/message-consumer";
import { DeliveryMode, type DeliveryModeValue } from "./delivery-mode";
import { Message } from "./message";
import { TextMessage } from "./text-message";
import { wrapFacade } from "./wrap-facade";

describe("[JMS 2.0 3] Message", () => {
  it("reads and writes its headers through the facade", () => {
    const facade = new MemoryMessageFacade();
    const message = new Message(facade);
    message.setJMSMessageID("ID:a-1");
    message.setJMSTimestamp(1234);
    message.setJMSCorrelationID("corr");
    message.setJMSReplyTo(new Queue("replies"));
    message.setJMSDestination(new Queue("orders"));
    message.setJMSType("order");
    message.setJMSExpiration(9999);
    message.setJMSPriority(0);
    message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
    expect(facade).toMatchObject({
      messageId: "ID:a-1",
      timestamp: 1234,
      correlationId: "corr",
      type: "order",
      expiration: 9999,
      priority: 0,
      persistent: false,
    });
    expect(message.getJMSReplyTo()?.toString()).toBe("queue://replies");
    expect(message.getJMSDestination()?.toString()).toBe("queue://orders");
    expect(message.getJMSDeliveryMode()).toBe(DeliveryMode.NON_PERSISTENT);
    message.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
    expect(facade.persistent).toBe(true);
  });

  it("rejects an invalid priority or delivery mode with a JMSException and keeps the old value", () => {
    const message = new Message(new MemoryMessageFacade({ priority: 6, persistent: true }));
    expect(() => message.setJMSPriority(10)).toThrow(JMSException);
    expect(() => message.setJMSDeliveryMode(7 as DeliveryModeValue)).toThrow(
      "delivery mode must be DeliveryMode.PERSISTENT (2) or NON_PERSISTENT (1), got 7",
    );
    expect(message.getJMSPriority()).toBe(6);
    expect(message.getJMSDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
  });

  it("[JMS 2.0 3.4.7] JMSRedelivered maps to the redelivery count", () => {
    const facade = new MemoryMessageFacade({ redeliveryCount: 2 });
    const message = new Message(facade);
    expect(message.getJMSRedelivered()).toBe(true);
    message.setJMSRedelivered(true);
    expect(facade.redeliveryCount).toBe(2);
    message.setJMSRedelivered(false);
    expect(facade.redeliveryCount).toBe(0);
    expect(message.getJMSRedelivered()).toBe(false);
    message.setJMSRedelivered(true);
    expect(facade.redeliveryCount).toBe(1);
  });

  it("wrapFacade picks the message class from the facade kind", () => {
    expect(wrapFacade(new MemoryTextMessageFacade("t"))).toBeInstanceOf(TextMessage);
    const plain = wrapFacade(new MemoryMessageFacade());
    expect(plain).toBeInstanceOf(Message);
    expect(plain).not.toBeInstanceOf(TextMessage);
  });

  it("a message built by the application is writable", () => {
    const message = new TextMessage(new MemoryTextMessageFacade());
    message.setText("x");
    expect(message.getText()).toBe("x");
  });
});

describe("[JMS 2.0 3.11.2] received messages", () => {
  let provider: MockProvider;
  let connection: Connection;
  let consumer: MessageConsumer;

  beforeEach(async () => {
    ({ provider, connection } = await connectMock());
    await connection.start();
    const session = await connection.createSession();
    consumer = await session.createConsumer(session.createQueue("q"));
  });

  afterEach(async () => {
    await connection.close();
  });

  it("have a read-only body until clearBody()", async () => {
    const facade = new MemoryTextMessageFacade("original");
    provider.deliver(consumer.id, facade);
    const message = (await consumer.receive(1000)) as TextMessage;
    expect(message).toBeInstanceOf(TextMessage);
    expect(() => message.setText("changed")).toThrow(MessageNotWriteableException);
    expect(() => message.setText("changed")).toThrow("the message body is read-only; call clearBody() first");
    expect(message.getText()).toBe("original");
    message.clearBody();
    expect(facade.bodyCleared).toBe(1);
    expect(message.getText()).toBeNull();
    message.setText("changed");
    expect(message.getText()).toBe("changed");
  });

  it("keep their headers writable [JMS 2.0 3.9]", async () => {
    provider.deliverText(consumer.id, "x", { redeliveryCount: 3, priority: 2 });
    const message = (await consumer.receive(1000)) as TextMessage;
    expect(message.getJMSRedelivered()).toBe(true);
    expect(message.getJMSPriority()).toBe(2);
    message.setJMSPriority(8);
    expect(message.getJMSPriority()).toBe(8);
  });

  it("a first delivery is not redelivered", async () => {
    provider.deliverText(consumer.id, "x");
    expect((await consumer.receive(1000))?.getJMSRedelivered()).toBe(false);
  });
});
