// @ts-check
// Result checks for the system files: a benchmark that computes the wrong thing measures nothing.

/**
 * Throw unless `actual` is `expected` (Object.is).
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} what what was checked, for the message
 */
export function expectEqual(actual, expected, what) {
  if (!Object.is(actual, expected)) {
    throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/**
 * The sum 0 + 1 + … + (n − 1), which W1-like workloads must produce.
 * @param {number} n
 */
export function sumBelow(n) {
  return (n * (n - 1)) / 2;
}
