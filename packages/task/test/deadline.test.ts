import { describe, expect, it } from "vitest";
import {
  createTask,
  currentDeadline,
  moveOnAfter,
  sleep,
  TaskGroup,
  timeout,
  timeoutAt,
} from "../src/index.js";
import { now, settle, virtual } from "./helpers.js";

describe("currentDeadline", () => {
  it("is Infinity outside any scope and outside any task", async () => {
    expect(currentDeadline()).toBe(Number.POSITIVE_INFINITY);
    expect(await virtual(async () => currentDeadline())).toBe(Number.POSITIVE_INFINITY);
  });

  it("is the deadline of the enclosing scope, in loop time", async () => {
    const seen = await virtual(async () => {
      await sleep(5);
      const inside = await timeout(100, async () => {
        await sleep(10);
        return currentDeadline();
      });
      return { inside, after: currentDeadline() };
    });
    expect(seen).toEqual({ inside: 105, after: Number.POSITIVE_INFINITY });
  });

  it("is the earliest deadline of nested scopes, whichever encloses which", async () => {
    const seen = await virtual(async () => {
      const out: number[] = [];
      await timeout(100, async () => {
        out.push(currentDeadline());
        await timeout(50, async () => {
          out.push(currentDeadline());
        });
        await timeout(500, async () => {
          out.push(currentDeadline());
          await timeoutAt(null, async () => {
            out.push(currentDeadline());
          });
        });
        out.push(currentDeadline());
      });
      return out;
    });
    expect(seen).toEqual([100, 50, 100, 100, 100]);
  });

  it("follows reschedule, and ignores a scope without deadline", async () => {
    const seen = await virtual(async () => {
      const out: number[] = [];
      await timeout(null, async (t) => {
        out.push(currentDeadline());
        t.reschedule(40);
        out.push(currentDeadline());
        t.reschedule(null);
        out.push(currentDeadline());
      });
      return out;
    });
    expect(seen).toEqual([Number.POSITIVE_INFINITY, 40, Number.POSITIVE_INFINITY]);
  });

  it("keeps reporting a deadline that passed until the scope's body ends", async () => {
    const seen = await virtual(async () => {
      let during = 0;
      await timeout(10, async () => {
        try {
          await sleep(100);
        } catch {
          during = currentDeadline() - now();
        }
      });
      return { during, after: currentDeadline() };
    });
    expect(seen).toEqual({ during: 0, after: Number.POSITIVE_INFINITY });
  });

  it("includes the scopes of moveOnAfter", async () => {
    const seen = await virtual(async () => moveOnAfter(30, async () => currentDeadline()));
    expect(seen).toBe(30);
  });

  it("a task of a task group sees the deadlines that enclose the group, and its own", async () => {
    const seen = await virtual(async () => {
      const out: Record<string, number> = {};
      await timeout(1000, () =>
        TaskGroup.run(async (tg) => {
          tg.createTask(async () => {
            await sleep(1);
            out.child = currentDeadline();
            await timeout(10, async () => {
              out.childOwn = currentDeadline();
            });
            await timeout(5000, async () => {
              out.childLonger = currentDeadline();
            });
          });
          // A scope opened inside the body does not bound the children.
          await timeout(20, async () => {
            tg.createTask(async () => {
              await sleep(1);
              out.childOfInnerScope = currentDeadline();
            });
          });
        }),
      );
      return out;
    });
    expect(seen).toEqual({ child: 1000, childOwn: 11, childLonger: 1000, childOfInnerScope: 1000 });
  });

  it("nested groups pass the deadlines on to grandchildren", async () => {
    const seen = await virtual(async () => {
      let grandchild = 0;
      await timeout(300, () =>
        TaskGroup.run(async (tg) => {
          tg.createTask(() =>
            timeout(200, () =>
              TaskGroup.run(async (inner) => {
                inner.createTask(async () => {
                  grandchild = currentDeadline();
                });
              }),
            ),
          );
        }),
      );
      return grandchild;
    });
    expect(seen).toBe(200);
  });

  it("a task started with plain createTask does not inherit its creator's deadline", async () => {
    const seen = await virtual(async () => {
      let inTask = 0;
      await timeout(100, async () => {
        const task = createTask(async () => {
          inTask = currentDeadline();
        });
        await task;
      });
      return inTask;
    });
    expect(seen).toBe(Number.POSITIVE_INFINITY);
  });

  it("lets a lower layer fail fast when the remaining budget is too small", async () => {
    // What an HTTP session or a queue wait can do with it: refuse work that cannot finish in time.
    async function slowOperation(needs: number): Promise<string> {
      const left = currentDeadline() - now();
      if (left < needs) throw new RangeError(`needs ${needs} ms, ${left} left`);
      await sleep(needs);
      return "done";
    }
    const result = await virtual(async () => {
      await sleep(10);
      const refused = await settle(timeout(50, () => slowOperation(1000)));
      const accepted = await timeout(50, () => slowOperation(20));
      return { refused: (refused as { error: Error }).error.message, accepted, at: now() };
    });
    expect(result).toEqual({ refused: "needs 1000 ms, 50 left", accepted: "done", at: 30 });
  });
});
