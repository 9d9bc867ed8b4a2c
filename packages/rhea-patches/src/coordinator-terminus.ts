// rhea knows no transaction types [AMQP 4]. As a server it turns a coordinator target (0x30) into null
// with a warning, so a broker cannot even see that a client asked for a transaction coordinator; and
// it logs every declared (0x33) and transactional-state (0x34) disposition as an "unrecognised outcome".
// The fix lets the coordinator terminus through as an object the broker can recognise and echo, and
// passes those two states through untouched and unlogged: rhea's `settled` event still fires, with
// `delivery.remote_state` the described value as received.
import { createRequire } from "node:module";
import { once, requireFunction } from "./rhea-internals";

const load = createRequire(import.meta.url);

const COORDINATOR = { code: 0x30, symbol: "amqp:coordinator:list" } as const;
const TRANSACTION_STATES = new Set<unknown>([
  0x33,
  "amqp:declared:list",
  0x34,
  "amqp:transactional-state:list",
]);

interface Described {
  descriptor?: { value?: unknown };
  value?: unknown;
}

interface RheaTypes {
  define_composite(def: object): CompositeClass;
}
type CompositeClass = new (value?: unknown) => object;

/** rhea's decoded coordinator target [AMQP 4.5.1]: its capabilities, and its described form for a reply. */
export interface CoordinatorTerminus {
  readonly capabilities: unknown;
  described(): unknown;
}

/** Marks rhea's coordinator objects; a symbol shared by every copy of this package in the process. */
const COORDINATOR_MARK = Symbol.for("jms-ts.coordinator-terminus");
let coordinatorClass: CompositeClass | undefined;

export function patchCoordinatorTerminus(): void {
  const terminus = load("rhea/lib/terminus.js") as { unwrap(field: unknown): unknown };
  const types = load("rhea/lib/types.js") as RheaTypes;
  const message = load("rhea/lib/message.js") as { unwrap_outcome(outcome: unknown): unknown };
  requireFunction(terminus, "unwrap", "terminus");
  requireFunction(types, "define_composite", "types");
  requireFunction(message, "unwrap_outcome", "message");
  coordinatorClass ??= types.define_composite({
    name: "coordinator",
    code: COORDINATOR.code,
    fields: [{ name: "capabilities", type: "symbol", multiple: true }],
  });
  const Coordinator = coordinatorClass;
  (Coordinator.prototype as Record<symbol, boolean>)[COORDINATOR_MARK] = true;
  once(terminus, "coordinator-terminus", () => {
    const unwrap = terminus.unwrap.bind(terminus);
    terminus.unwrap = (field: unknown) =>
      isDescribedAs(field, COORDINATOR.code, COORDINATOR.symbol)
        ? new Coordinator((field as Described).value)
        : unwrap(field);
  });
  once(message, "transaction-states", () => {
    const unwrapOutcome = message.unwrap_outcome.bind(message);
    message.unwrap_outcome = (outcome: unknown) =>
      TRANSACTION_STATES.has((outcome as Described | undefined)?.descriptor?.value)
        ? outcome
        : unwrapOutcome(outcome);
  });
}

/** Whether an attach's target (as rhea hands it to `receiver_open`) is a transaction coordinator. */
export function isCoordinatorTerminus(target: unknown): target is CoordinatorTerminus {
  return typeof target === "object" && target !== null && COORDINATOR_MARK in target;
}

function isDescribedAs(field: unknown, code: number, symbol: string): boolean {
  const descriptor = (field as Described | null | undefined)?.descriptor?.value;
  return descriptor === code || descriptor === symbol;
}
