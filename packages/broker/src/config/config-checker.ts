/**
 * Checks parsed JSON against what a config file allows, collecting every problem with its JSON path
 * (`$.queues[2].maxLength`) instead of stopping at the first.
 */
export class ConfigChecker {
  readonly problems: string[] = [];

  problem(path: string, message: string): undefined {
    this.problems.push(`${path}: ${message}`);
    return undefined;
  }

  /** An object with only `allowed` keys; unknown keys are problems (with a "did you mean"). */
  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return this.problem(path, `must be an object, got ${describe(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const near = closest(key, allowed);
      this.problem(
        `${path}.${key}`,
        `unknown key${near ? ` (did you mean "${near}"?)` : ""}; allowed: ${allowed.join(", ")}`,
      );
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.problem(path, `must be an array, got ${describe(value)}`);
    return value as unknown[];
  }

  string(value: unknown, path: string, required = false): string | undefined {
    if (value === undefined) return required ? this.problem(path, "is required") : undefined;
    if (typeof value !== "string" || value.length === 0) {
      return this.problem(path, `must be a non-empty string, got ${describe(value)}`);
    }
    return value;
  }

  /** A node name: 1 to 255 characters, as addresses are. */
  name(value: unknown, path: string): string | undefined {
    const name = this.string(value, path, true);
    if (name !== undefined && name.length > 255) return this.problem(path, `must be at most 255 characters`);
    return name;
  }

  wholeNumber(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
      return this.problem(path, `must be a whole number >= ${min}, got ${describe(value)}`);
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "boolean")
      return this.problem(path, `must be true or false, got ${describe(value)}`);
    return value;
  }

  oneOf<T extends string>(
    value: unknown,
    path: string,
    allowed: readonly T[],
    required = false,
  ): T | undefined {
    if (value === undefined)
      return required ? this.problem(path, `is required: one of ${allowed.join(", ")}`) : undefined;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      return this.problem(path, `must be one of ${allowed.join(", ")}, got ${describe(value)}`);
    }
    return value as T;
  }

  /** A regular expression, matched against whole names. */
  pattern(value: unknown, path: string, required = false): string | undefined {
    const pattern = this.string(value, path, required);
    if (pattern === undefined) return undefined;
    try {
      new RegExp(pattern);
      return pattern;
    } catch (error) {
      return this.problem(path, `is not a regular expression: ${(error as Error).message}`);
    }
  }
}

/** How a bad value looks in a message: JSON, shortened. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The allowed word within edit distance 2 of `word`, if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
