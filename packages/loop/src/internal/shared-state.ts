import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { RunContext } from "./protocol.js";

/**
 * The state that every installed copy of `@x/loop` shares: it lives on a `Symbol.for` global, so two
 * copies (say, one bundled by a dependency) agree on the running loop, the current task and the
 * default loop. The version is part of the key: copies with an incompatible protocol keep apart.
 */
export interface SharedState {
  readonly context: AsyncLocalStorage<RunContext>;
  defaultLoop: RunContext | undefined;
}

const key = Symbol.for("@x/loop.shared-state.v1");
const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;

function init(): SharedState {
  const existing = holder[key];
  if (existing !== undefined) return existing;
  const state: SharedState = { context: new AsyncLocalStorage<RunContext>(), defaultLoop: undefined };
  Object.defineProperty(globalThis, key, {
    value: state,
    enumerable: false,
    configurable: false,
    writable: false,
  });
  return state;
}

/** The process-wide shared state. */
export const shared: SharedState = init();

/** The context the caller runs in: its task, or its loop in a plain loop callback; undefined outside. */
export function currentContext(): RunContext | undefined {
  return shared.context.getStore();
}

/**
 * Whether a store entered with `enterWith()` inside `AsyncResource#runInAsyncScope` ends with the
 * scope. It does where async context lives in frames (Node 24's default): there, entering a task's
 * context inside a scope of the loop costs one frame, where `run()` builds two (it enters a copy of
 * the outer frame again on the way out). Under Node 20's async hooks, `enterWith()` would instead
 * change the store of the resource itself, for good, so `run()` is the way there.
 */
export const enterEndsWithScope: boolean = probeEnterWith();

function probeEnterWith(): boolean {
  const probe = new AsyncLocalStorage<number>();
  const scope = new AsyncResource("@x/loop.probe");
  scope.runInAsyncScope(() => probe.enterWith(1));
  const leaked = scope.runInAsyncScope(() => probe.getStore());
  probe.disable();
  return leaked === undefined;
}
