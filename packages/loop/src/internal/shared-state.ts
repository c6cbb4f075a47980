import { AsyncLocalStorage } from "node:async_hooks";
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
