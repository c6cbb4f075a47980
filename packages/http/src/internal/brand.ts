/**
 * Cross-copy `instanceof` for the error classes: each class stamps a `Symbol.for` brand on its
 * instances, so an error thrown by one installed copy of @x/http is recognised by another copy's class.
 */

/** Whether `value` carries `brand`. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Stamp `brand` on `target` (non-enumerable, read-only). */
export function stamp(target: object, brand: symbol): void {
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
