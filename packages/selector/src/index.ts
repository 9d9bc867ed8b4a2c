/**
 * `@jms-ts/selector`: the JMS message selector language [JMS 2.0 3.8.1], pure and dependency-free,
 * shared by the client (validation before a consumer attaches) and the broker (evaluation per message).
 * @packageDocumentation
 */
export { isIdentifier, RESERVED_WORDS } from "./identifier";
export { parseSelector, type Selector } from "./selector";
export { SelectorSyntaxError } from "./selector-syntax-error";
export type { IdentifierLookup, SelectorValue } from "./selector-value";
