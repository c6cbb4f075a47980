/**
 * Make `wait()` return as soon as any awaitable finishes or is cancelled: asyncio's `FIRST_COMPLETED`.
 * @example
 * ```ts
 * import { FIRST_COMPLETED, wait } from "@x/gather";
 * const [done, pending] = await wait([fetchA, fetchB], { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED: "FIRST_COMPLETED" = "FIRST_COMPLETED";

/**
 * Make `wait()` return as soon as any awaitable fails (a cancellation does not count), or when all
 * are done: asyncio's `FIRST_EXCEPTION`.
 * @example
 * ```ts
 * import { FIRST_EXCEPTION, wait } from "@x/gather";
 * const [done, pending] = await wait(tasks, { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION: "FIRST_EXCEPTION" = "FIRST_EXCEPTION";

/**
 * Make `wait()` return when every awaitable is done (the default): asyncio's `ALL_COMPLETED`.
 * @example
 * ```ts
 * import { ALL_COMPLETED, wait } from "@x/gather";
 * const [done] = await wait(tasks, { timeout: 5000, returnWhen: ALL_COMPLETED });
 * ```
 */
export const ALL_COMPLETED: "ALL_COMPLETED" = "ALL_COMPLETED";

/** When `wait()` returns: one of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION}, {@link ALL_COMPLETED}. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
