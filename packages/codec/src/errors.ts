/** Thrown for malformed or truncated AMQP bytes; `offset` is where in the buffer decoding failed. */
export class AmqpDecodeError extends Error {
  override readonly name = "AmqpDecodeError";

  constructor(
    readonly detail: string,
    readonly offset: number,
  ) {
    super(`${detail} (at offset ${offset})`);
  }
}
