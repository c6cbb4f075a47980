/**
 * Cross-copy `instanceof` for the error classes of `@x/sync`: each class carries a `Symbol.for` brand,
 * so an error thrown by one installed copy of the package is recognised by the class of another copy.
 */

/** Whether `value` is an object that carries `brand`. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Mark `target` with `brand` (non-enumerable, so it stays out of logs and JSON). */
export function setBrand(target: object, brand: symbol): void {
  Object.defineProperty(target, brand, { value: true });
}

/**
 * The `Symbol.hasInstance` of a branded class: the class itself matches by brand; a subclass that does
 * not define its own check falls back to the prototype chain.
 */
export function isBranded(cls: object, base: object, value: unknown, brand: symbol): boolean {
  if (cls === base) return hasBrand(value, brand);
  return Function.prototype[Symbol.hasInstance].call(cls, value);
}
