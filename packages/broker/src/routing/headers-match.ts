import type { BindingArgument } from "./exchange-options";
import type { PropertyValue } from "./published-message";

/**
 * A headers exchange binding [AMQP 0-9-1 3.1.3.4, Qpid's amq.match]: `x-match` `all` (default) needs every
 * other argument to equal the message's application property of that name, `any` needs one. Arguments
 * whose names start with `x-` are directives, never matched.
 */
export class HeadersMatch {
  private readonly any: boolean;
  private readonly expected: ReadonlyArray<[string, BindingArgument]>;

  constructor(args: Readonly<Record<string, BindingArgument>>) {
    this.any = args["x-match"] === "any";
    this.expected = Object.entries(args).filter(([name]) => !name.startsWith("x-"));
  }

  matches(properties: ReadonlyMap<string, PropertyValue>): boolean {
    if (this.expected.length === 0) return !this.any;
    const equal = ([name, value]: [string, BindingArgument]) => sameValue(properties.get(name), value);
    return this.any ? this.expected.some(equal) : this.expected.every(equal);
  }
}

/** Numbers compare by value whatever their AMQP width (a long 5 equals a binding's 5). */
function sameValue(actual: PropertyValue | undefined, expected: BindingArgument): boolean {
  if (typeof actual === "bigint" && typeof expected === "number") return actual === BigInt(expected);
  return actual === expected;
}
