/**
 * Cross-copy `instanceof` for error classes: each class carries a `Symbol.for` brand, so an error
 * thrown by one installed copy of a package is recognised by the class of another copy.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * The `Symbol.hasInstance` of a branded class: the class itself matches by brand; a subclass that does
 * not define its own check falls back to the prototype chain, so it does not match its base's instances.
 */
export function isBranded(cls: object, base: object, value: unknown, brand: symbol): boolean {
  if (cls === base) return hasBrand(value, brand);
  return Function.prototype[Symbol.hasInstance].call(cls, value);
}
