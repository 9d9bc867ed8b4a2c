/**
 * The entries of `object` whose values are defined: builds option objects under
 * `exactOptionalPropertyTypes`, where an optional key may be absent but not `undefined`.
 */
export function definedOnly<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as never;
}
