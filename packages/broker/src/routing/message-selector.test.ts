import { amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { MessageSelector } from "./message-selector";
import { parsePublishedMessage } from "./published-message";

const message = parsePublishedMessage(
  encodeMessage({
    header: { priority: 7 },
    properties: { subject: "order" },
    applicationProperties: [
      ["color", amqp.string("red")],
      ["big", amqp.long(2n ** 60n)],
    ],
  }),
  {},
  0,
);

describe("MessageSelector", () => {
  it("[JMS 2.0 3.8.1] selects over application properties and JMS headers", () => {
    expect(new MessageSelector("color = 'red'").matches(message)).toBe(true);
    expect(new MessageSelector("color = 'blue'").matches(message)).toBe(false);
    expect(new MessageSelector("JMSPriority > 5").matches(message)).toBe(true);
    expect(new MessageSelector("JMSType = 'order'").matches(message)).toBe(true);
  });

  it("[JMS 2.0 3.8.1.1] a missing property is NULL: a comparison with it selects nothing", () => {
    expect(new MessageSelector("missing = 'x'").matches(message)).toBe(false);
  });

  it("[JMS 2.0 3.5.11] JMSRedelivered follows the delivery count it is given", () => {
    const redelivered = new MessageSelector("JMSRedelivered = TRUE");
    expect(redelivered.matches(message)).toBe(false);
    expect(redelivered.matches(message, 1)).toBe(true);
  });

  it("keeps the selector text and refuses one that does not parse", () => {
    expect(new MessageSelector("color = 'red'").text).toBe("color = 'red'");
    expect(() => new MessageSelector("color = = 'red'")).toThrow();
  });
});
