import { describe, expect, it } from "vitest";
import { MockProvider, MOCK_URI } from "../../test/support/mock-provider";
import { IllegalStateException, MessageFormatException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { BytesMessage } from "../message/bytes-message";
import { MapMessage } from "../message/map-message";
import { ObjectMessage } from "../message/object-message";
import { TextMessage } from "../message/text-message";
import { wrapFacade } from "../message/wrap-facade";
import { JmsConnectionFactory } from "./connection-factory";
import { JMSContext } from "./jms-context";
import { isBodyAssignableTo, readBody } from "./message-body";

function factoryWith(provider = new MockProvider()): {
  factory: JmsConnectionFactory;
  provider: MockProvider;
} {
  return { factory: new JmsConnectionFactory(MOCK_URI, () => provider), provider };
}

describe("[JMS 2.0 6.2] JMSContext over a mock provider", () => {
  it("createContext(user, password, mode) authenticates and opens one session in that mode", async () => {
    const { factory, provider } = factoryWith();
    const context = await factory.createContext("ann", "pw", JMSContext.CLIENT_ACKNOWLEDGE);
    expect(provider.connectInfo).toMatchObject({ username: "ann", password: "pw" });
    expect(provider.sessionsCreated).toHaveLength(1);
    expect(context.getSessionMode()).toBe(JMSContext.CLIENT_ACKNOWLEDGE);
    expect(context.getAutoStart()).toBe(true);
    await context.close();
    expect(provider.closeCount).toBe(1);
  });

  it("an unusable session mode fails createContext and leaves no connection open", async () => {
    const { factory, provider } = factoryWith();
    await expect(factory.createContext(42)).rejects.toBeInstanceOf(JMSException);
    expect(provider.closeCount).toBe(1);
  });

  it("[JMS 2.0 6.2.3] contexts made by createContext share the connection; the last close closes it", async () => {
    const { factory, provider } = factoryWith();
    const first = await factory.createContext();
    const second = await first.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE);
    expect(provider.sessionsCreated).toHaveLength(2);
    await first.close();
    expect(provider.closeCount).toBe(0);
    expect(() => first.createProducer()).toThrow(IllegalStateException);
    expect(() => first.createProducer()).toThrow(/JMS context is closed \(close\(\) was called/);
    await second.close();
    await second.close();
    expect(provider.closeCount).toBe(1);
  });

  it("[JMS 2.0 7.2] every JMSProducer sends through one anonymous producer, with its settings", async () => {
    const { factory, provider } = factoryWith();
    const context = await factory.createContext();
    const queue = context.createQueue("q");
    await context.createProducer().setPriority(8).setProperty("k", 1).send(queue, "a");
    await context.createProducer().send(queue, Uint8Array.of(9));
    expect(provider.producersCreated).toHaveLength(1);
    expect(provider.producersCreated[0]?.destination).toBeNull();
    const [first, second] = provider.sends.map((s) => wrapFacade(s.facade));
    expect(first).toBeInstanceOf(TextMessage);
    expect(first?.getJMSPriority()).toBe(8);
    expect(first?.getIntProperty("k")).toBe(1);
    expect(second).toBeInstanceOf(BytesMessage);
    expect(second?.propertyExists("k")).toBe(false);
    expect(provider.sends.map((s) => s.options.destination?.address)).toEqual(["q", "q"]);
    await context.close();
  });

  it("JMSProducer checks its settings as it takes them", async () => {
    const { factory } = factoryWith();
    const context = await factory.createContext();
    const producer = context.createProducer();
    expect(() => producer.setPriority(10)).toThrow(JMSException);
    expect(() => producer.setTimeToLive(-1)).toThrow(/time to live/);
    expect(() => producer.setProperty("1bad", 1)).toThrow(JMSException);
    expect(producer.setDeliveryDelay(5).getDeliveryDelay()).toBe(5);
    expect(producer.getPropertyNames()).toEqual([]);
    await context.close();
  });

  it("message bodies: Map becomes a MapMessage, other values an ObjectMessage", async () => {
    const { factory, provider } = factoryWith();
    const context = await factory.createContext();
    const queue = context.createQueue("q");
    await context.createProducer().send(queue, new Map([["a", 1]]));
    await context.createProducer().send(queue, [1, 2]);
    const [map, object] = provider.sends.map((s) => wrapFacade(s.facade));
    expect(map).toBeInstanceOf(MapMessage);
    expect(object).toBeInstanceOf(ObjectMessage);
    await context.close();
  });
});

describe("[JMS 2.0 3.11.3] body access by type", () => {
  it("TextMessage reads as String or Object, never as Map; StreamMessage as nothing", async () => {
    const { factory } = factoryWith();
    const context = await factory.createContext();
    const text = context.createTextMessage("t");
    expect(isBodyAssignableTo(text, String)).toBe(true);
    expect(isBodyAssignableTo(text, Object)).toBe(true);
    expect(isBodyAssignableTo(text, Map)).toBe(false);
    expect(() => readBody(text, Map)).toThrow(MessageFormatException);
    expect(readBody(text, String)).toBe("t");
    expect(isBodyAssignableTo(context.createStreamMessage(), Object)).toBe(false);
    expect(readBody(context.createMessage(), Map)).toBeNull();
    await context.close();
  });
});
