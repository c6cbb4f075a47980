import { isMainThread } from "node:worker_threads";
import type { Clock } from "./clock.js";
import { InvalidStateError } from "./errors.js";
import { EventLoop } from "./event-loop.js";
import { describeValue, Future } from "./future.js";
import { currentContext } from "./internal/shared-state.js";
import type { Task } from "./task/task.js";

/** Options of `run()`. */
export interface RunOptions {
  /** The clock of the new loop; pass a `VirtualClock` to run on virtual time. Default: real time. */
  clock?: Clock;
  /** Debug mode of the new loop (slow callbacks reported, extra checks). */
  debug?: boolean;
  /** In debug mode, the duration (ms) above which a callback or task step is reported. Default 100. */
  slowCallbackMs?: number;
}

/**
 * Run `main` as the main task of a new event loop and settle with its result: asyncio's `run`.
 *
 * When `main` finishes, every task still pending is listed through the exception handler, cancelled
 * and awaited; then the loop is closed (which reports exceptions nobody retrieved). On SIGINT the main
 * task is cancelled (with the message "interrupted by SIGINT"); a second SIGINT exits the process at
 * once with code 130. If `loop.stop()` is called before `main` completes, the main task is cancelled
 * and awaited and `run` rejects with `InvalidStateError`.
 *
 * Unlike asyncio, `run` returns a promise (Node's own loop keeps running), and you do not need it to
 * use `@x`: outside `run`, the default loop serves every awaitable (see `getEventLoop`).
 *
 * @param main the async function to run — the function itself, not its promise.
 * @throws TypeError when `main` is not a function; InvalidStateError when called inside a running loop.
 * @example
 * ```ts
 * import { run } from "@x/loop";
 * import { sleep } from "@x/task";
 * await run(async () => {
 *   console.log("Hello ...");
 *   await sleep(500);
 *   console.log("... World!");
 * });
 * ```
 */
export function run<T>(main: () => PromiseLike<T>, options: RunOptions = {}): Promise<T> {
  if (typeof main !== "function") {
    const what = describeValue(main);
    const hint = what === "a promise" ? " — pass the function itself: run(main), not run(main())" : "";
    throw new TypeError(`run(main) expects an async function, got ${what}${hint}`);
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`run(main, options): options must be an object, got ${describeValue(options)}`);
  }
  const running = currentContext()?._loop as EventLoop | undefined;
  if (running?.isRunning() && !running.isClosed()) {
    throw new InvalidStateError(
      "run() cannot be called from a running event loop; await the function instead",
    );
  }
  const loopOptions: { clock?: Clock; debug?: boolean; slowCallbackMs?: number } = {};
  if (options.clock !== undefined) loopOptions.clock = options.clock;
  if (options.debug !== undefined) loopOptions.debug = options.debug;
  if (options.slowCallbackMs !== undefined) loopOptions.slowCallbackMs = options.slowCallbackMs;
  return runMain(new EventLoop(loopOptions), main);
}

async function runMain<T>(loop: EventLoop, main: () => PromiseLike<T>): Promise<T> {
  const task = loop.createTask(main, { name: "main" });
  const removeSigint = onSigint(task);
  try {
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      if (task.done()) throw error;
      // The loop was stopped before the main task completed: cancel it and wait for its cleanup.
      task.cancel();
      await loop.runUntilComplete(task).catch(() => undefined);
      throw new InvalidStateError("run(): the loop was stopped before the main task completed", {
        cause: error,
      });
    }
  } finally {
    await cancelLeftovers(loop);
    loop.close();
    removeSigint();
  }
}

/** List, cancel and await the tasks still pending when the main task ended. */
async function cancelLeftovers(loop: EventLoop): Promise<void> {
  const leftovers = [...loop._pendingTasks()];
  if (leftovers.length === 0) return;
  const listed = leftovers.map((t) => {
    const waiting = t.waitingOn();
    return `  Task '${t.getName()}' ${waiting === undefined ? "(not waiting on an awaitable of @x)" : `waiting on ${waiting}`}`;
  });
  loop.callExceptionHandler({
    message: `run(): ${leftovers.length} task(s) still pending when the main task finished were cancelled:\n${listed.join("\n")}`,
  });
  const allDone = new Future<void>(loop);
  let left = leftovers.length;
  const oneDone = (): void => {
    if (--left === 0) allDone.setResult(undefined);
  };
  for (const t of leftovers) {
    t.addDoneCallback(oneDone);
    t.cancel();
  }
  await loop.runUntilComplete(allDone);
}

/** While the main task runs: SIGINT cancels it, a second SIGINT exits at once. */
function onSigint(task: Task<unknown>): () => void {
  if (!isMainThread) return () => undefined;
  let interrupted = false;
  const listener = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    task.cancel("interrupted by SIGINT");
  };
  process.on("SIGINT", listener);
  return () => process.off("SIGINT", listener);
}
