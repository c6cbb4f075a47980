// @ts-check
// W7's delays, shared by its JavaScript systems (a file whose name starts with "_" is a helper, not a system).

/**
 * Delay of sleep i: (i mod (spanMs + 1)) ms — every whole delay from 0 to spanMs, interleaved, so that
 * no system gets its timers in sorted order.
 * @param {number} n
 * @param {number} spanMs
 * @returns {number[]}
 */
export function delays(n, spanMs) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = i % (spanMs + 1);
  return out;
}
