/** A selector that is not valid JMS selector syntax [JMS 2.0 3.8.1]: where, and what was expected there. */
export class SelectorSyntaxError extends Error {
  override readonly name = "SelectorSyntaxError";

  /**
   * @param selector the whole selector text.
   * @param position 0-based offset of the offending character in `selector`.
   * @param expected what would have been valid there, in words.
   * @param found what was there instead, in words.
   */
  constructor(
    readonly selector: string,
    readonly position: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `invalid selector at column ${position + 1}: expected ${expected} but found ${found} in "${selector}"`,
    );
  }
}
