import { describe, expect, it } from "vitest";
import { MemoryMessageFacade } from "../../../test/support/memory-facade";
import type { RedeliveryPolicy } from "../connection-options";
import { undeliverableOutcome } from "./redelivery-policy";

const NOW = 1_700_000_000_000;

function delivery(init: { expiration?: number; redeliveryCount?: number }) {
  return { consumerId: "c", facade: new MemoryMessageFacade(init), token: 1, sizeBytes: 0, arrival: 0 };
}

const unlimited: RedeliveryPolicy = { maxRedeliveries: -1, outcome: "MODIFIED_FAILED_UNDELIVERABLE" };

describe("[qpid-jms 2.12] undeliverableOutcome", () => {
  it.each([
    ["no expiry, first delivery", {}, unlimited, undefined],
    ["expiry in the future", { expiration: NOW + 1 }, unlimited, undefined],
    ["expired exactly now", { expiration: NOW }, unlimited, "undeliverable"],
    ["expired earlier", { expiration: NOW - 5000 }, unlimited, "undeliverable"],
    ["-1 never limits redeliveries", { redeliveryCount: 1000 }, unlimited, undefined],
    [
      "count equal to maxRedeliveries is delivered",
      { redeliveryCount: 2 },
      { ...unlimited, maxRedeliveries: 2 },
      undefined,
    ],
    [
      "count above maxRedeliveries",
      { redeliveryCount: 3 },
      { ...unlimited, maxRedeliveries: 2 },
      "undeliverable",
    ],
    [
      "maxRedeliveries 0 refuses any redelivery",
      { redeliveryCount: 1 },
      { ...unlimited, maxRedeliveries: 0 },
      "undeliverable",
    ],
    ["outcome ACCEPTED", { redeliveryCount: 1 }, { maxRedeliveries: 0, outcome: "ACCEPTED" }, "accepted"],
    ["outcome REJECTED", { redeliveryCount: 1 }, { maxRedeliveries: 0, outcome: "REJECTED" }, "rejected"],
    ["outcome RELEASED", { redeliveryCount: 1 }, { maxRedeliveries: 0, outcome: "RELEASED" }, "released"],
    [
      "outcome MODIFIED_FAILED",
      { redeliveryCount: 1 },
      { maxRedeliveries: 0, outcome: "MODIFIED_FAILED" },
      "failed",
    ],
  ] as const)("%s", (_, init, policy, expected) => {
    expect(undeliverableOutcome(delivery(init), policy, NOW)).toBe(expected);
  });
});
