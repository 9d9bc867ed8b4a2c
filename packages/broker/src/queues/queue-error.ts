/** A queue refused an operation; `condition` is the AMQP error condition the transport reports. */
export class QueueError extends Error {
  override readonly name = "QueueError";

  constructor(
    readonly condition: "resource-locked",
    message: string,
  ) {
    super(message);
  }
}
