import { parseSelector, type Selector } from "@jms-ts/selector";
import type { PublishedMessage } from "./published-message";
import { selectorLookup } from "./selector-fields";

/**
 * A consumer's JMS message selector [JMS 2.0 3.8], parsed once when its link attaches and evaluated over
 * each message it may receive.
 */
export class MessageSelector {
  private readonly selector: Selector;

  /** @throws SelectorSyntaxError (from @jms-ts/selector) when `text` is not a valid selector. */
  constructor(readonly text: string) {
    this.selector = parseSelector(text);
  }

  /**
   * True when the selector selects `message`; an unknown (NULL) result does not [JMS 2.0 3.8.1.2].
   * @param deliveryCount failed deliveries the queue counted (JMSRedelivered, JMSXDeliveryCount).
   */
  matches(message: PublishedMessage, deliveryCount = 0): boolean {
    try {
      return this.selector.matches(selectorLookup(message, deliveryCount));
    } catch {
      // An evaluation failure must not stop a queue's dispatch: the message is simply not selected.
      return false;
    }
  }
}
