import type { Queue } from "../queues/queue";
import type { BindingArgument } from "./exchange-options";
import { HeadersMatch } from "./headers-match";
import { TopicPattern } from "./topic-pattern";

/** A queue bound to an exchange with a key and arguments; the matchers are built once, on binding. */
export class Binding {
  readonly topic: TopicPattern;
  readonly headers: HeadersMatch;

  constructor(
    readonly exchange: string,
    readonly queue: Queue,
    readonly key: string,
    readonly args: Readonly<Record<string, BindingArgument>>,
  ) {
    this.topic = new TopicPattern(key);
    this.headers = new HeadersMatch(args);
  }

  /** Same queue, key and arguments: binding twice is a no-op. */
  sameAs(queue: Queue, key: string, args: Readonly<Record<string, BindingArgument>>): boolean {
    return this.queue === queue && this.key === key && sameArguments(this.args, args);
  }
}

function sameArguments(
  a: Readonly<Record<string, BindingArgument>>,
  b: Readonly<Record<string, BindingArgument>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
