/** `wait()` returns as soon as any awaitable finishes or is cancelled: asyncio's `FIRST_COMPLETED`. */
export const FIRST_COMPLETED: "FIRST_COMPLETED" = "FIRST_COMPLETED";

/**
 * `wait()` returns as soon as any awaitable fails (cancellation does not count), or when all are done:
 * asyncio's `FIRST_EXCEPTION`.
 */
export const FIRST_EXCEPTION: "FIRST_EXCEPTION" = "FIRST_EXCEPTION";

/** `wait()` returns when every awaitable is done (the default): asyncio's `ALL_COMPLETED`. */
export const ALL_COMPLETED: "ALL_COMPLETED" = "ALL_COMPLETED";

/** When `wait()` returns: one of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION}, {@link ALL_COMPLETED}. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
