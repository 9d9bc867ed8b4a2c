import type { Sender } from "rhea";
import { describe, expect, it } from "vitest";
import { Queue } from "../queues/queue";
import { LinkRegistry } from "./link-registry";

const link = () => ({}) as Sender;

describe("LinkRegistry", () => {
  it("runs a link's cleanups once, in the order registered", () => {
    const registry = new LinkRegistry();
    const a = link();
    const calls: string[] = [];
    registry.whenGone(a, () => calls.push("first"));
    registry.whenGone(a, () => calls.push("second"));
    registry.gone(a);
    registry.gone(a);
    expect(calls).toEqual(["first", "second"]);
  });

  it("tracks the links on a dynamic node until they go", () => {
    const registry = new LinkRegistry();
    const node = new Queue("TempQueue-1");
    const [staying, leaving, creator] = [link(), link(), link()];
    registry.attached(staying, node); // not tracked yet: ignored
    registry.trackNode(node);
    registry.attached(creator, node);
    registry.attached(staying, node);
    registry.attached(leaving, node);
    registry.gone(leaving);
    expect(registry.untrackNode(node)).toEqual([creator, staying]);
    expect(registry.untrackNode(node)).toEqual([]);
  });
});
