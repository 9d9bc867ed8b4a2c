// [AMQP 2.7.3] max-message-size: the broker advertises its limit on every producer link and rejects a
// larger message with amqp:link:message-size-exceeded, keeping the link (and everyone else) going.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, textMessage, within } from "./rhea-client";
import type { Delivery, EventContext } from "rhea";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start({ maxMessageSize: 1024 }));
afterEach(() => fixture.stop());

function maxMessageSizeOf(link: unknown): unknown {
  return (link as { remote: { attach: { max_message_size?: unknown } } }).remote.attach.max_message_size;
}

describe("max-message-size", () => {
  it("[AMQP 2.7.3] is advertised in the attach reply of a producer link", async () => {
    const client = await fixture.client();
    const sender = await client.openSender({ name: "sizes", target: { address: "q" } });
    expect(Number(maxMessageSizeOf(sender.link))).toBe(1024);
  });

  it("a larger message is rejected with amqp:link:message-size-exceeded; the link keeps working", async () => {
    const client = await fixture.client();
    const sender = await client.openSender({ name: "big", target: { address: "q" } });
    const delivery: Delivery = sender.link.send(
      Buffer.concat([textMessage("x"), Buffer.alloc(2048)]),
      undefined,
      0,
    );
    const error = await within(
      new Promise<{ condition?: string; description?: string }>((resolve) =>
        sender.link.on("rejected", (context: EventContext) => {
          if (context.delivery === delivery)
            resolve((delivery.remote_state as { error?: object }).error ?? {});
        }),
      ),
      "the rejection",
    );
    expect(error.condition).toBe("amqp:link:message-size-exceeded");
    expect(error.description).toMatch(/at most 1024/);
    expect(await sender.send(textMessage("small"))).toBe("accepted");
    expect(fixture.broker.queueStats("q")?.depth).toBe(1);
  });
});
