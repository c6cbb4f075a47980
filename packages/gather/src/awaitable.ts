import type { Task } from "@x/task";

/**
 * What the combinators take: anything awaitable that already runs (a promise, a `Future`, a `Task`)
 * or an async function, which is started as a task — asyncio's coroutine.
 */
export type Awaitable<T = unknown> = PromiseLike<T> | (() => PromiseLike<T>);

/** The value an {@link Awaitable} produces: `AwaitableResult<() => Promise<number>>` is `number`. */
export type AwaitableResult<A> = A extends (...args: never[]) => infer R ? Awaited<R> : Awaited<A>;

/**
 * What an {@link Awaitable} becomes once started: a function becomes the `Task` that runs it; a promise,
 * future or task stays itself. `wait` returns these, and `asCompleted` yields them when iterated with
 * `for await`.
 */
export type Started<A> = A extends (...args: never[]) => infer R ? Task<Awaited<R>> : A;
