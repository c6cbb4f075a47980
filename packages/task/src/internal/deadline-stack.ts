import type { Task } from "@x/loop/task";

/** A deadline in force for a task: a `Timeout` while its scope is open. */
export interface DeadlineFrame {
  /** The deadline (loop time, ms), or `null` for none. */
  when(): number | null;
}

/** The deadlines in force for one task: its own open scopes, and those it inherited from its group. */
interface DeadlineState {
  /** The scopes the task itself opened, innermost last. */
  readonly own: DeadlineFrame[];
  /** The scopes that enclosed the task group the task was started in (read-only, shared). */
  inherited: readonly DeadlineFrame[];
}

const states = new WeakMap<Task<unknown>, DeadlineState>();

const none: readonly DeadlineFrame[] = [];

/**
 * A scope with a deadline opened in `task`.
 * @returns the task's stack of scopes, to hand back to `popDeadline` when the scope closes.
 */
export function pushDeadline(task: Task<unknown>, frame: DeadlineFrame): DeadlineFrame[] {
  const state = states.get(task);
  if (state === undefined) {
    const own = [frame];
    states.set(task, { own, inherited: none });
    return own;
  }
  state.own.push(frame);
  return state.own;
}

/** The scope closed (scopes nest, so it is normally the last one; it is removed wherever it is). */
export function popDeadline(own: DeadlineFrame[], frame: DeadlineFrame): void {
  if (own[own.length - 1] === frame) own.pop();
  else {
    const i = own.lastIndexOf(frame);
    if (i >= 0) own.splice(i, 1);
  }
}

/** Every scope in force for `task` right now (inherited first), as a new array. */
export function deadlineFrames(task: Task<unknown>): readonly DeadlineFrame[] {
  const state = states.get(task);
  if (state === undefined) return none;
  if (state.own.length === 0) return state.inherited;
  return [...state.inherited, ...state.own];
}

/** A task started in a task group lives inside the scopes that enclose the group. */
export function inheritDeadlines(task: Task<unknown>, frames: readonly DeadlineFrame[]): void {
  if (frames.length === 0) return;
  const state = states.get(task);
  if (state === undefined) states.set(task, { own: [], inherited: frames });
  else state.inherited = frames;
}

/** The earliest deadline in force for `task`; `Infinity` when there is none. */
export function earliestDeadline(task: Task<unknown>): number {
  const state = states.get(task);
  if (state === undefined) return Number.POSITIVE_INFINITY;
  let earliest = Number.POSITIVE_INFINITY;
  for (const frame of state.inherited) {
    const when = frame.when();
    if (when !== null && when < earliest) earliest = when;
  }
  for (const frame of state.own) {
    const when = frame.when();
    if (when !== null && when < earliest) earliest = when;
  }
  return earliest;
}
