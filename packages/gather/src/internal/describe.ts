/** A short description of a value for argument errors: `a promise`, `number 5`, `the string "x"`. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    if (typeof (value as { then?: unknown }).then === "function") return "a promise";
    if (Array.isArray(value)) return "an array";
    return "an object";
  }
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "symbol") return `the symbol ${String(value)}`;
  return `${typeof value} ${String(value)}`;
}
