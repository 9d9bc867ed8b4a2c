/** Where a LIKE pattern is malformed: the offset inside the pattern and what was expected. */
export class LikePatternError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(`expected ${expected} at offset ${offset} of the LIKE pattern`);
  }
}

/**
 * A LIKE pattern as an anchored regular expression [JMS 2.0 3.8.1.2]: `_` matches one character, `%` any
 * sequence (the empty one too), and the escape character makes the character after it literal.
 * @throws LikePatternError when the escape character ends the pattern.
 */
export function likePattern(pattern: string, escape: string | undefined): RegExp {
  let source = "";
  const characters = [...pattern];
  let offset = 0;
  for (let i = 0; i < characters.length; i++) {
    const c = characters[i] as string;
    if (c === escape) {
      const next = characters[i + 1];
      if (next === undefined) throw new LikePatternError(offset, "a character after the escape character");
      source += literal(next);
      offset += c.length + next.length;
      i++;
      continue;
    }
    source += c === "%" ? ".*" : c === "_" ? "." : literal(c);
    offset += c.length;
  }
  return new RegExp(`^${source}$`, "su");
}

function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
