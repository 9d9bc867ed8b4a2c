import type { MessageFacade } from "./message-facade";
import { typed, type PropertyValue } from "./property-value";

interface JmsxProperty {
  get(facade: MessageFacade): PropertyValue | undefined;
  set(facade: MessageFacade, value: PropertyValue): void;
}

/**
 * The JMS-defined properties [JMS 2.0 3.5.9] that AMQP carries in its own fields rather than in
 * application-properties [qpid-jms 2.4]: reading or writing them goes to those fields.
 */
const JMSX: Record<string, JmsxProperty> = {
  JMSXDeliveryCount: {
    get: (f) => ({ type: "int", value: f.getRedeliveryCount() + 1 }),
    set: (f, v) => f.setRedeliveryCount(Math.max(0, Number(typed("int", v.value).value) - 1)),
  },
  JMSXGroupID: {
    get: (f) => optional(f.getGroupId()),
    set: (f, v) => f.setGroupId(String(typed("string", v.value).value)),
  },
  JMSXGroupSeq: {
    get: (f) => (f.getGroupSequence() === 0 ? undefined : { type: "int", value: f.getGroupSequence() }),
    set: (f, v) => f.setGroupSequence(Number(typed("int", v.value).value)),
  },
  JMSXUserID: {
    get: (f) => optional(f.getUserId()),
    set: (f, v) => f.setUserId(String(typed("string", v.value).value)),
  },
};

function optional(value: string | null): PropertyValue | undefined {
  return value === null ? undefined : { type: "string", value };
}

export function jmsxProperty(name: string): JmsxProperty | undefined {
  return Object.hasOwn(JMSX, name) ? JMSX[name] : undefined;
}

/** The JMSX names present on a facade, for getPropertyNames(). */
export function jmsxNames(facade: MessageFacade): string[] {
  return Object.entries(JMSX)
    .filter(([, property]) => property.get(facade) !== undefined)
    .map(([name]) => name);
}
