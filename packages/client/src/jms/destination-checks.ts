import { parseSelector } from "@jms-ts/selector";
import { InvalidDestinationException, InvalidSelectorException } from "../errors/exceptions";
import { type Destination, Queue, Topic } from "./destinations";

/** @throws InvalidDestinationException unless it is a Queue or Topic (temporary ones included) of this client. */
export function checkDestination(destination: Destination): void {
  if (!(destination instanceof Queue) && !(destination instanceof Topic)) {
    throw new InvalidDestinationException(
      `unsupported destination ${String(destination)}: use a Queue, Topic, TemporaryQueue or TemporaryTopic from a session`,
    );
  }
}

/** @throws InvalidDestinationException unless it is a Queue: only queues can be browsed [JMS 2.0 QueueBrowser]. */
export function checkQueue(queue: Destination): void {
  if (!(queue instanceof Queue)) {
    throw new InvalidDestinationException(
      `cannot browse ${String(queue)}: only a Queue or TemporaryQueue can be browsed`,
    );
  }
}

/**
 * The selector a consumer sends, or undefined for none: null, undefined, empty and whitespace-only all mean
 * "no selector" [JMS 2.0 3.8.1]. With `validate` (jms.validateSelector, default true) the selector is
 * parsed here, so a mistake fails the call before anything is attached; the broker filters either way.
 * @throws InvalidSelectorException for a selector that is not a string or not valid syntax, naming the
 *   column and what was expected there.
 */
export function checkSelector(messageSelector: unknown, validate = true): string | undefined {
  if (messageSelector === null || messageSelector === undefined) return undefined;
  if (typeof messageSelector !== "string") {
    throw new InvalidSelectorException(
      `a message selector must be a string, null or omitted; got ${typeof messageSelector}`,
    );
  }
  if (messageSelector.trim() === "") return undefined;
  if (validate) {
    try {
      parseSelector(messageSelector);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new InvalidSelectorException(detail, { cause: error });
    }
  }
  return messageSelector;
}

/** @throws InvalidDestinationException unless it is a Topic: subscriptions exist on topics only [JMS 2.0 8.3]. */
export function checkTopic(topic: Destination, what: string): void {
  if (!(topic instanceof Topic)) {
    throw new InvalidDestinationException(`${what} needs a Topic or TemporaryTopic; got ${String(topic)}`);
  }
}
