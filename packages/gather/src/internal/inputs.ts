import { type EventLoop, type Future, isFuture } from "@x/loop";
import { describe } from "./describe.js";
import { MirrorFuture, mirrorOf } from "./mirror.js";

/** An async function to run as a task (asyncio's coroutine). */
export type TaskFunction = () => PromiseLike<unknown>;

/** Whether `value` has a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Whether `value` is a list of awaitables: an iterable object that is neither awaitable nor a function. */
export function isList(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function" &&
    !isThenable(value)
  );
}

/**
 * The awaitables of `aws` as an array (the array itself when it is one).
 * @throws TypeError when `aws` is not an iterable of awaitables, or holds something else.
 */
export function toList(fn: string, aws: unknown): readonly unknown[] {
  if (!isList(aws)) {
    const hint =
      isThenable(aws) || typeof aws === "function" ? ` — pass a list: ${fn.replace("()", "([aw])")}` : "";
    throw new TypeError(`${fn} expects an iterable of awaitables, got ${describe(aws)}${hint}`);
  }
  const list = Array.isArray(aws) ? (aws as readonly unknown[]) : Array.from(aws);
  checkAwaitables(fn, list);
  return list;
}

/**
 * Throw a TypeError naming the first item that is neither a function nor awaitable. asyncio refuses
 * what is not awaitable too; it catches `gather(job(), 5)` or a forgotten call in a list.
 * @returns whether every item is a function.
 */
export function checkAwaitables(fn: string, items: readonly unknown[]): boolean {
  let allFunctions = true;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === "function") continue;
    allFunctions = false;
    if (
      typeof item === "object" &&
      item !== null &&
      typeof (item as { then?: unknown }).then === "function"
    ) {
      continue;
    }
    throw new TypeError(
      `${fn}: item ${i} is ${describe(item)}; expected a promise, a Future or Task, ` +
        "or an async function to run as a task",
    );
  }
  return allFunctions;
}

/** The future to watch for an awaitable that already runs: a Future or Task itself, a promise's mirror. */
export function futureOf(aw: PromiseLike<unknown>, loop: EventLoop): Future<unknown> {
  return isFuture(aw) ? aw : mirrorOf(aw, loop);
}

/** What the caller passed for a watched future: the promise behind a mirror, else the future itself. */
export function sourceOf(fut: Future<unknown>): unknown {
  return fut instanceof MirrorFuture ? fut.source : fut;
}

/** Whether `fut` follows a foreign promise (it cannot be cancelled). */
export function isMirror(fut: Future<unknown>): boolean {
  return fut instanceof MirrorFuture;
}
