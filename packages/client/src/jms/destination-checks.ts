import { InvalidDestinationException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
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
 * Message selectors are filtered by the broker and arrive with a later version of this client; until then
 * only "no selector" (null, undefined or empty, as JMS treats an empty selector) is accepted.
 * @throws JMSException for any other selector, saying so.
 */
export function checkNoSelector(messageSelector: string | null | undefined): void {
  if (messageSelector === null || messageSelector === undefined || messageSelector.trim() === "") return;
  throw new JMSException(
    `message selectors are not supported yet (got "${messageSelector}"); pass null or omit the selector`,
  );
}
