import type { PublishedMessage } from "../routing/published-message";
import type { Clock } from "./clock";
import { Timeline } from "./timeline";

/**
 * Messages published with a delivery time in the future [qpid-jms delivery delay], held out of the queue
 * until due. Due messages go to `onDue` in order of delivery time, then arrival, from one clock timer.
 */
export class ScheduledMessages {
  private readonly timeline: Timeline<PublishedMessage>;
  private held = 0;

  constructor(clock: Clock, onDue: (message: PublishedMessage) => void) {
    this.timeline = new Timeline(clock, (message) => {
      this.held -= message.bytes.length;
      onDue(message);
    });
  }

  get size(): number {
    return this.timeline.size;
  }

  /** Encoded bytes of the messages not yet due. */
  get bytes(): number {
    return this.held;
  }

  add(message: PublishedMessage, deliverAt: number): void {
    this.held += message.bytes.length;
    this.timeline.add(message, deliverAt);
  }

  /** Drops every scheduled message and cancels the timer; returns how many there were. */
  clear(): number {
    this.held = 0;
    return this.timeline.clear().length;
  }
}
