/**
 * A declaration the virtual host refuses: an unknown node, one that exists with other options, a reserved
 * name. The condition is the AMQP error condition it maps to [AMQP 2.8.15].
 */
export class DeclarationError extends Error {
  override readonly name = "DeclarationError";
  constructor(
    readonly condition: "not-found" | "precondition-failed" | "not-allowed",
    message: string,
  ) {
    super(message);
  }
}
