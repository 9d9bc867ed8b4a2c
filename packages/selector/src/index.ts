/**
 * `@jms-ts/selector`: the JMS message selector language [JMS 2.0 3.8.1], pure and dependency-free,
 * shared by the client (validation) and the broker (evaluation). It starts with the identifier rules
 * that also govern message property names; the parser and evaluator follow.
 * @packageDocumentation
 */
export { isIdentifier, RESERVED_WORDS } from "./identifier";
