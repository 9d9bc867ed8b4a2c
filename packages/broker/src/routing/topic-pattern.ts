/**
 * A topic exchange binding key [AMQP 0-9-1 3.1.3.3, as Qpid keeps it]: words separated by `.`, where `*`
 * matches exactly one word and `#` zero or more words. Compiled once per binding; matching is a small
 * dynamic programme over the words, linear in pattern × key words, with no regular expression to escape.
 */
export class TopicPattern {
  private readonly words: readonly string[];
  /** A pattern without wildcards matches only its own text; such bindings need no word matching. */
  readonly literal: boolean;

  constructor(readonly pattern: string) {
    this.words = pattern.split(".");
    this.literal = !this.words.includes("*") && !this.words.includes("#");
  }

  matches(key: string): boolean {
    if (this.literal) return key === this.pattern;
    const keyWords = key.split(".");
    // reachable[j]: the pattern words so far can match the first j key words.
    let reachable = new Array<boolean>(keyWords.length + 1).fill(false);
    reachable[0] = true;
    for (const word of this.words) {
      const next = new Array<boolean>(keyWords.length + 1).fill(false);
      if (word === "#") {
        let any = false;
        for (let j = 0; j <= keyWords.length; j++) {
          any ||= reachable[j] === true;
          next[j] = any;
        }
      } else {
        for (let j = 1; j <= keyWords.length; j++) {
          next[j] = reachable[j - 1] === true && (word === "*" || word === keyWords[j - 1]);
        }
      }
      reachable = next;
    }
    return reachable[keyWords.length] === true;
  }
}
