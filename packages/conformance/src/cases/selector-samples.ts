import { DeliveryMode, type Message, type MessageProducer, type Session } from "@jms-ts/client";
import type { Capability } from "../harness/capability";

// The messages every selector case sends, and the selectors with the messages each must select. The
// expected sets are worked out by hand from the table below, not by an evaluator, so an evaluator bug shows.

/** One sample message: its text is its name; a field left out is a header or property the message lacks. */
export interface Sample {
  readonly name: string;
  readonly type?: string;
  readonly correlationId?: string;
  readonly priority: number;
  readonly persistent: boolean;
  /** int property `i` */
  readonly i?: number;
  /** long property `l` */
  readonly l?: bigint;
  /** double property `d` */
  readonly d?: number;
  /** string property `s` */
  readonly s?: string;
  /** boolean property `b` */
  readonly b?: boolean;
}

// prettier-ignore
export const SAMPLES: readonly Sample[] = [
  { name: "m01", type: "alpha", correlationId: "c-01", priority: 4, persistent: true,  i: 1,  l: 10n,      d: 1.5,  s: "apple",     b: true },
  { name: "m02", type: "beta",  correlationId: "c-02", priority: 4, persistent: false, i: 2,  l: 20n,      d: 2.5,  s: "banana",    b: false },
  { name: "m03", type: "alpha", correlationId: "c-03", priority: 7, persistent: true,  i: 3,  l: 30n,      d: 3.5,  s: "cherry",    b: true },
  { name: "m04", type: "gamma", correlationId: "c-04", priority: 1, persistent: false, i: 4,  l: 2n ** 40n, d: -1,  s: "apricot",   b: false },
  { name: "m05",                correlationId: "x-05", priority: 9, persistent: true,  i: 5,  l: 50n,      d: 0.25, s: "a_b",       b: true },
  { name: "m06", type: "beta",                         priority: 0, persistent: false,        l: 60n,                s: "axb" },
  { name: "m07", type: "alpha", correlationId: "c-07", priority: 5, persistent: true,  i: 7,                d: 7,                     b: false },
  { name: "m08", type: "delta", correlationId: "x-08", priority: 8, persistent: false, i: 8,  l: 80n,      d: 9.5,  s: "a%b" },
  { name: "m09",                                       priority: 2, persistent: true },
  { name: "m10", type: "beta",  correlationId: "c-10", priority: 6, persistent: true,  i: 10, l: 100n,     d: 10,   s: "Apple",     b: true },
  { name: "m11", type: "gamma", correlationId: "c-11", priority: 3, persistent: false, i: -1, l: -10n,     d: -0.5, s: "",          b: false },
  { name: "m12", type: "alpha", correlationId: "c-12", priority: 4, persistent: true,  i: 12, l: 120n,     d: 12.5, s: "apple pie", b: true },
];

/** The sample whose JMSMessageID the `JMSMessageID = '...'` selector names, captured when it is sent. */
export const ID_SAMPLE = "m03";

/** A selector and the names of exactly the samples it selects. `$ID` stands for ID_SAMPLE's JMSMessageID. */
export interface SelectorRow {
  readonly id: string;
  /** Capabilities beyond `queues` and `selectors` the row needs. */
  readonly also?: readonly Capability[];
  readonly selector: string;
  readonly selects: readonly string[];
  readonly spec: string;
}

// prettier-ignore
export const SELECTOR_ROWS: readonly SelectorRow[] = [
  { id: "int-greater", selector: "i > 4", selects: ["m05", "m07", "m08", "m10", "m12"], spec: "3.8.1.2 comparison" },
  { id: "not-equal-skips-missing", also: ["selector-unknown-equality"], selector: "i <> 3", selects: ["m01", "m02", "m04", "m05", "m07", "m08", "m10", "m11", "m12"], spec: "3.8.1.2 comparison with NULL is unknown" },
  { id: "long-beyond-int", selector: "l >= 1099511627776", selects: ["m04"], spec: "3.8.1.2 exact numeric literal" },
  { id: "double-against-int", selector: "d > i", selects: ["m01", "m02", "m03", "m08", "m11", "m12"], spec: "3.8.1.2 numeric promotion" },
  { id: "arithmetic", selector: "i * 2 + 1 > 8", selects: ["m04", "m05", "m07", "m08", "m10", "m12"], spec: "3.8.1.2 arithmetic operators" },
  { id: "int-plus-long", selector: "i + l = 33", selects: ["m03"], spec: "3.8.1.2 arithmetic across int and long" },
  { id: "double-arithmetic", selector: "d * 2 = 7", selects: ["m03"], spec: "3.8.1.2 approximate arithmetic" },
  { id: "unary-minus", selector: "-i < -7", selects: ["m08", "m10", "m12"], spec: "3.8.1.2 unary minus" },
  { id: "between", selector: "i BETWEEN 2 AND 4", selects: ["m02", "m03", "m04"], spec: "3.8.1.2 BETWEEN" },
  { id: "not-between", selector: "i NOT BETWEEN 2 AND 4", selects: ["m01", "m05", "m07", "m08", "m10", "m11", "m12"], spec: "3.8.1.2 NOT BETWEEN" },
  { id: "in", selector: "s IN ('apple', 'cherry', 'Apple')", selects: ["m01", "m03", "m10"], spec: "3.8.1.2 IN" },
  { id: "not-in-skips-missing", selector: "s NOT IN ('apple', 'banana')", selects: ["m03", "m04", "m05", "m06", "m08", "m10", "m11", "m12"], spec: "3.8.1.2 NOT IN with NULL is unknown" },
  { id: "like-prefix", selector: "s LIKE 'a%'", selects: ["m01", "m04", "m05", "m06", "m08", "m12"], spec: "3.8.1.2 LIKE, case-sensitive" },
  { id: "like-underscore", selector: "s LIKE '_pple%'", selects: ["m01", "m10", "m12"], spec: "3.8.1.2 LIKE _" },
  { id: "like-escape-backslash", selector: "s LIKE 'a\\_b' ESCAPE '\\'", selects: ["m05"], spec: "3.8.1.2 LIKE ESCAPE" },
  { id: "like-escape-percent", selector: "s LIKE 'a!%b' ESCAPE '!'", selects: ["m08"], spec: "3.8.1.2 LIKE ESCAPE" },
  { id: "not-like", selector: "s NOT LIKE 'a%'", selects: ["m02", "m03", "m10", "m11"], spec: "3.8.1.2 NOT LIKE" },
  { id: "is-null", selector: "s IS NULL", selects: ["m07", "m09"], spec: "3.8.1.2 IS NULL" },
  { id: "is-not-null", selector: "i IS NOT NULL AND s IS NULL", selects: ["m07"], spec: "3.8.1.2 IS NOT NULL" },
  { id: "not-unknown", selector: "NOT (i > 4)", selects: ["m01", "m02", "m03", "m04", "m11"], spec: "3.8.1.2 NOT of unknown is unknown" },
  { id: "or-unknown", selector: "i > 4 OR b = TRUE", selects: ["m01", "m03", "m05", "m07", "m08", "m10", "m12"], spec: "3.8.1.2 OR three-valued" },
  { id: "boolean-not", also: ["selector-unknown-equality"], selector: "NOT (b = TRUE)", selects: ["m02", "m04", "m07", "m11"], spec: "3.8.1.2 boolean literals" },
  { id: "header-type", selector: "JMSType = 'alpha'", selects: ["m01", "m03", "m07", "m12"], spec: "3.8.1.1 JMSType" },
  { id: "header-type-null", selector: "JMSType IS NULL", selects: ["m05", "m09"], spec: "3.8.1.1 JMSType" },
  { id: "header-correlation-id", selector: "JMSCorrelationID LIKE 'c-%'", selects: ["m01", "m02", "m03", "m04", "m07", "m10", "m11", "m12"], spec: "3.8.1.1 JMSCorrelationID" },
  { id: "header-priority", selector: "JMSPriority > 6", selects: ["m03", "m05", "m08"], spec: "3.8.1.1 JMSPriority" },
  { id: "header-delivery-mode", selector: "JMSDeliveryMode = 'NON_PERSISTENT'", selects: ["m02", "m04", "m06", "m08", "m11"], spec: "3.8.1.1 JMSDeliveryMode" },
  { id: "header-message-id", selector: "JMSMessageID = '$ID'", selects: ["m03"], spec: "3.8.1.1 JMSMessageID" },
  { id: "headers-and-properties", selector: "JMSType IN ('alpha', 'beta') AND JMSPriority BETWEEN 4 AND 6 AND i >= 2", selects: ["m02", "m07", "m10", "m12"], spec: "3.8.1 precedence of AND" },
];

/** A message carrying `sample`'s headers and properties, its text the sample's name. */
export function sampleMessage(session: Session, sample: Sample): Message {
  const message = session.createTextMessage(sample.name);
  if (sample.type !== undefined) message.setJMSType(sample.type);
  if (sample.correlationId !== undefined) message.setJMSCorrelationID(sample.correlationId);
  if (sample.i !== undefined) message.setIntProperty("i", sample.i);
  if (sample.l !== undefined) message.setLongProperty("l", sample.l);
  if (sample.d !== undefined) message.setDoubleProperty("d", sample.d);
  if (sample.s !== undefined) message.setStringProperty("s", sample.s);
  if (sample.b !== undefined) message.setBooleanProperty("b", sample.b);
  return message;
}

/** Sends every sample in table order; resolves with each one's JMSMessageID by name. */
export async function sendSamples(
  session: Session,
  producer: MessageProducer,
  samples: readonly Sample[] = SAMPLES,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const sample of samples) {
    const message = sampleMessage(session, sample);
    const mode = sample.persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
    await producer.send(message, mode, sample.priority, 0);
    ids.set(sample.name, message.getJMSMessageID() ?? "");
  }
  return ids;
}

/** The selector of `row` with `$ID` replaced by the captured JMSMessageID. */
export function selectorOf(row: SelectorRow, ids: ReadonlyMap<string, string>): string {
  return row.selector.replace("$ID", ids.get(ID_SAMPLE) ?? "");
}
