import { InvalidStateError } from "./errors.js";
import { defaultLoopMark, EventLoop, type EventLoopOptions } from "./event-loop.js";
import { setDefaultLoopProvider } from "./future.js";
import { currentContext, shared } from "./internal/shared-state.js";

/**
 * The loop running in the caller's async context: the loop of the current task, or of the loop
 * callback being run.
 *
 * @throws InvalidStateError when no loop runs in this context (as asyncio raises RuntimeError).
 *   Use `getEventLoop()` to fall back to the process's default loop.
 */
export function getRunningLoop(): EventLoop {
  const context = currentContext();
  const loop = context?._loop as EventLoop | undefined;
  if (loop === undefined || loop.isClosed()) {
    throw new InvalidStateError("getRunningLoop(): no event loop is running in this async context");
  }
  return loop;
}

/**
 * The running loop, else the process's default loop.
 *
 * Unlike asyncio, there is always a loop: outside `run()`, the default loop (real time, made on first
 * use) runs every awaitable of ours, so `sleep`, locks or an HTTP session work in any async code.
 * The default loop drives itself, never keeps the process alive by itself, and cannot be stopped
 * or closed.
 */
export function getEventLoop(): EventLoop {
  const context = currentContext();
  const loop = context?._loop as EventLoop | undefined;
  if (loop !== undefined && !loop.isClosed()) return loop;
  return defaultLoop();
}

/** The process's default loop, shared by every installed copy of `@x/loop`. */
function defaultLoop(): EventLoop {
  let loop = shared.defaultLoop as EventLoop | undefined;
  if (loop === undefined) {
    const options: EventLoopOptions & { [defaultLoopMark]: true } = { [defaultLoopMark]: true };
    loop = new EventLoop(options);
    shared.defaultLoop = loop;
  }
  return loop;
}

setDefaultLoopProvider(defaultLoop);
