import { describe, expect, it } from "vitest";
import { MessageFormatException, MessageNotWriteableException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { MemoryMessageFacade } from "../../test/support/memory-facade";
import { Message } from "./message";

const fresh = () => new Message(new MemoryMessageFacade());

describe("[JMS 2.0 3.5] Message properties", () => {
  it("stores each type and lists the names", () => {
    const m = fresh();
    m.setIntProperty("count", 3);
    m.setLongProperty("big", 2n ** 60n);
    m.setObjectProperty("flag", true);
    expect(m.getPropertyNames()).toEqual(["count", "big", "flag", "JMSXDeliveryCount"]);
    expect(m.getObjectProperty("big")).toBe(2n ** 60n);
    expect(m.propertyExists("count")).toBe(true);
    expect(m.getObjectProperty("nope")).toBeNull();
  });

  it("replaces a property set twice, keeping one entry", () => {
    const m = fresh();
    m.setStringProperty("p", "a");
    m.setIntProperty("p", 1);
    expect(m.getPropertyNames()).toEqual(["p", "JMSXDeliveryCount"]);
    expect(m.getObjectProperty("p")).toBe(1);
  });

  it.each(["", "1st", "with space", "NULL", "and", "a-b"])("refuses the property name %j", (name) => {
    expect(() => fresh().setIntProperty(name, 1)).toThrow(JMSException);
  });

  it("makes a received message's properties read-only until clearProperties()", () => {
    const m = fresh();
    m.setIntProperty("p", 1);
    m.markReceived();
    expect(() => m.setIntProperty("q", 2)).toThrow(MessageNotWriteableException);
    expect(m.getIntProperty("p")).toBe(1);
    m.clearProperties();
    expect(m.getPropertyNames()).toEqual(["JMSXDeliveryCount"]);
    m.setIntProperty("q", 2);
    expect(m.getIntProperty("q")).toBe(2);
  });

  it("throws MessageFormatException for a conversion the table forbids", () => {
    const m = fresh();
    m.setDoubleProperty("d", 1.5);
    expect(() => m.getIntProperty("d")).toThrow(MessageFormatException);
    expect(() => m.getIntProperty("missing")).toThrow(MessageFormatException);
  });

  it("[JMS 2.0 3.5.9] maps JMSX properties to the message's own fields", () => {
    const facade = new MemoryMessageFacade();
    const m = new Message(facade);
    m.setStringProperty("JMSXGroupID", "orders-7");
    m.setIntProperty("JMSXGroupSeq", 3);
    expect([facade.groupId, facade.groupSequence]).toEqual(["orders-7", 3]);
    expect(m.getStringProperty("JMSXGroupID")).toBe("orders-7");
    expect(m.getIntProperty("JMSXGroupSeq")).toBe(3);
    expect(m.getIntProperty("JMSXDeliveryCount")).toBe(1);
    facade.redeliveryCount = 2;
    expect(m.getIntProperty("JMSXDeliveryCount")).toBe(3);
    expect(m.propertyExists("JMSXUserID")).toBe(false);
    expect(m.getPropertyNames()).toEqual(["JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq"]);
    expect(facade.properties.size).toBe(0);
  });
});
