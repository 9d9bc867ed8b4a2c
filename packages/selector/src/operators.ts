import type { Value } from "./selector-value";

// The selector's operators over values, NULL as null [JMS 2.0 3.8.1.2]. Exact numerics are bigints or
// safe integers and follow Java long arithmetic; any other number is an approximate (double).

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type ArithmeticOperator = "+" | "-" | "*" | "/";

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** NOT: unknown stays unknown; a non-boolean counts as unknown. */
export function not3(value: Value): Value {
  return typeof value === "boolean" ? !value : null;
}

/** AND: false if either is false, else unknown if either is not true, else true. */
export function and3(left: Value, right: Value): Value {
  if (left === false || right === false) return false;
  return left === true && right === true ? true : null;
}

/** OR: true if either is true, else unknown if either is not false, else false. */
export function or3(left: Value, right: Value): Value {
  if (left === true || right === true) return true;
  return left === false && right === false ? false : null;
}

export function isNumeric(value: Value): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/**
 * A comparison: unknown if either side is NULL; numbers compare across exact and approximate; strings and
 * booleans only with = and <>; values of different types are never equal (false, not unknown).
 */
export function compare(operator: ComparisonOperator, left: Value, right: Value): Value {
  if (left === null || right === null) return null;
  if (isNumeric(left) && isNumeric(right)) {
    switch (operator) {
      case "=":
        return left == right;
      case "<>":
        return !(left == right);
      case "<":
        return left < right;
      case "<=":
        return left <= right;
      case ">":
        return left > right;
      case ">=":
        return left >= right;
    }
  }
  if (typeof left !== typeof right) return false;
  if (operator === "=") return left === right;
  if (operator === "<>") return left !== right;
  return false;
}

/** Binary arithmetic with Java's numeric promotion; unknown for a NULL or non-numeric operand. */
export function arithmetic(operator: ArithmeticOperator, left: Value, right: Value): Value {
  if (!isNumeric(left) || !isNumeric(right)) return null;
  if (isExact(left) && isExact(right)) return exactArithmetic(operator, left, right);
  const x = Number(left);
  const y = Number(right);
  switch (operator) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
  }
}

/** Unary minus; unknown for a NULL or non-numeric operand. */
export function negate(value: Value): Value {
  if (typeof value === "bigint") return normalizeExact(BigInt.asIntN(64, -value));
  return typeof value === "number" ? -value : null;
}

/** An exact numeric as a number when it is safe to, else as a bigint. */
export function normalizeExact(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

function isExact(value: number | bigint): boolean {
  return typeof value === "bigint" || Number.isSafeInteger(value);
}

/** Java long arithmetic: 64-bit wrap-around, division truncating; dividing by zero is unknown. */
function exactArithmetic(operator: ArithmeticOperator, left: number | bigint, right: number | bigint): Value {
  if (typeof left === "number" && typeof right === "number" && operator !== "/") {
    const result = operator === "+" ? left + right : operator === "-" ? left - right : left * right;
    if (Number.isSafeInteger(result)) return result;
  }
  const x = BigInt(left);
  const y = BigInt(right);
  switch (operator) {
    case "+":
      return normalizeExact(BigInt.asIntN(64, x + y));
    case "-":
      return normalizeExact(BigInt.asIntN(64, x - y));
    case "*":
      return normalizeExact(BigInt.asIntN(64, x * y));
    case "/":
      return y === 0n ? null : normalizeExact(BigInt.asIntN(64, x / y));
  }
}
