import { describe, expect, it } from "vitest";
import { QueueRegistry } from "../queues/queue-registry";
import { AddressError, AddressResolver } from "./address-resolver";

describe("AddressResolver", () => {
  it("creates a queue on first use of an unknown address and returns the same queue after", () => {
    const registry = new QueueRegistry();
    const resolver = new AddressResolver(registry);
    const first = resolver.resolveQueue("orders");
    expect(registry.names()).toEqual(["orders"]);
    expect(resolver.resolveQueue("orders")).toBe(first);
  });

  it.each([[undefined], [null], [""], [42], ["x".repeat(256)]])("refuses the address %j", (address) => {
    const resolver = new AddressResolver(new QueueRegistry());
    expect(() => resolver.resolveQueue(address)).toThrow(AddressError);
  });
});
