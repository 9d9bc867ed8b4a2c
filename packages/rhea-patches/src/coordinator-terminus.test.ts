import { createRequire } from "node:module";
import rhea from "rhea";
import { describe, expect, it, vi } from "vitest";
import { installRheaPatches, isCoordinatorTerminus } from "./index";

installRheaPatches();

const load = createRequire(import.meta.url);
const terminus = load("rhea/lib/terminus.js") as { unwrap(field: unknown): unknown };
const message = load("rhea/lib/message.js") as { unwrap_outcome(outcome: unknown): unknown };
const { types } = rhea;

describe("patchCoordinatorTerminus", () => {
  it("[AMQP 4.5.1] lets a coordinator target through with its capabilities, and echoes it", () => {
    const field: unknown = types.described(
      types.wrap_ulong(0x30),
      types.wrap_list([types.wrap_array(["amqp:local-transactions"], 0xb3, undefined)]),
    );
    const target = terminus.unwrap(field);
    expect(isCoordinatorTerminus(target)).toBe(true);
    if (!isCoordinatorTerminus(target)) return;
    expect(target.capabilities).toEqual(["amqp:local-transactions"]);
    expect((target.described() as { descriptor: { value: unknown } }).descriptor.value).toBe(0x30);
  });

  it("leaves other termini to rhea", () => {
    const source = terminus.unwrap(rhea.types.wrap_list([]));
    expect(isCoordinatorTerminus(source)).toBe(false);
    expect(isCoordinatorTerminus(null)).toBe(false);
  });

  it("[AMQP 4.5.5, 4.5.6] passes declared and transactional-state through without logging", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const code of [0x33, 0x34]) {
        const state: unknown = types.described(types.wrap_ulong(code), types.wrap_list([]));
        expect(message.unwrap_outcome(state)).toBe(state);
      }
      expect(error).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });
});
