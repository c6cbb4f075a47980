import { AsyncLocalStorage } from "node:async_hooks";
import {
  CancelledError,
  type ExceptionContext,
  getRunningLoop,
  InvalidStateError,
  run,
  VirtualClock,
} from "@x/loop";
import { allTasks, createTask, currentTask, sleep, Task } from "@x/loop/task";
import { describe, expect, it } from "vitest";
import { at, runLogged } from "./helpers.js";

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("starting tasks", () => {
  it("starts tasks in creation order on a later loop iteration", async () => {
    const events = await runLogged(async (log) => {
      createTask(async () => log("a"));
      createTask(async () => log("b"));
      log("main created both");
      await sleep(0);
      log("main after one iteration");
    });
    expect(events).toEqual(["main created both", "a", "b", "main after one iteration"]);
  });

  it("starts an eager task at once, up to its first suspension", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(
        async () => {
          log("eager starts");
          await sleep(0);
          log("eager resumes");
        },
        { eager: true },
      );
      log("main after createTask");
      await task;
    });
    expect(events).toEqual(["eager starts", "main after createTask", "eager resumes"]);
  });

  it("accepts a promise, which the task awaits", async () => {
    const result = await run(
      async () => {
        const task = createTask(sleep(100, "from a promise"));
        return [await task, getRunningLoop().time()];
      },
      { clock: new VirtualClock() },
    );
    expect(result).toEqual(["from a promise", 100]);
  });

  it("refuses what is not a function or a promise, saying what to pass", () => {
    expect(() => createTask(42 as never)).toThrow(
      /expects an async function \(or a promise\), got number 42/,
    );
    expect(() => createTask((async () => {}) as never, { name: 7 as never })).toThrow(
      /options.name must be a string/,
    );
    expect(() => createTask(async () => {}, { eager: "yes" as never })).toThrow(
      /options.eager must be a boolean/,
    );
  });

  it("names tasks Task-N unless named, and can rename them", async () => {
    await run(
      async () => {
        const named = createTask(async () => {}, { name: "worker" });
        const anonymous = createTask(async () => {});
        expect(named.getName()).toBe("worker");
        expect(anonymous.getName()).toMatch(/^Task-\d+$/);
        anonymous.setName("renamed");
        expect(anonymous.getName()).toBe("renamed");
        expect(() => anonymous.setName(3 as never)).toThrow(TypeError);
        expect(currentTask()?.getName()).toBe("main");
        expect(String(named)).toBe("Task 'worker' <pending>");
        await named;
        await anonymous;
        expect(String(named)).toBe("Task 'worker' <finished>");
      },
      { clock: new VirtualClock() },
    );
  });

  it("refuses setResult and setException: a task finishes only by running", async () => {
    await run(
      async () => {
        const task = createTask(async () => 1);
        expect(() => task.setResult(2)).toThrow(InvalidStateError);
        expect(() => task.setException(new Error())).toThrow(/does not support setException/);
        expect(await task).toBe(1);
      },
      { clock: new VirtualClock() },
    );
  });
});

describe("currentTask and allTasks", () => {
  it("knows the current task across awaits, and nothing outside tasks", async () => {
    expect(currentTask()).toBeUndefined();
    await run(
      async () => {
        const main = currentTask();
        const child = createTask(async () => {
          await sleep(5);
          return currentTask()?.getName();
        });
        expect(await child).toBe(child.getName());
        await sleep(1);
        expect(currentTask()).toBe(main);
        expect(allTasks()).toEqual(new Set([main]));
      },
      { clock: new VirtualClock() },
    );
  });

  it("runs callbacks, task starts and future continuations outside the task whose wake-up entered the loop", async () => {
    const user = new AsyncLocalStorage<string>();
    const seen: string[] = [];
    await user.run("outside", () =>
      run(
        async () => {
          const loop = getRunningLoop();
          const fut = loop.createFuture<void>();
          const see = (where: string) =>
            seen.push(`${where}: task=${currentTask()?.getName() ?? "none"} store=${user.getStore()}`);
          await user.run("in a", async () => {
            const a = createTask(
              async () => {
                for (let i = 0; i < 3; i++) await sleep(0); // each wake-up enters the loop from a's context
              },
              { name: "a" },
            );
            await sleep(0);
            loop.callSoon(() => see("callSoon"));
            createTask(async () => see("new task"), { name: "b" });
            const gate = loop.createFuture<void>();
            // Blocks on a future of ours within its start (no await): the loop goes on at once.
            const c = createTask(
              () => {
                see("task blocking at once");
                return gate.then(() => {});
              },
              { name: "c" },
            );
            loop.callSoon(() => see("callSoon after the task starts"));
            void fut.then(() => see("then"));
            fut.setResult();
            await a;
            gate.setResult();
            await c;
          });
        },
        { clock: new VirtualClock() },
      ),
    );
    // The loop's context is where run() was called: "outside", no task.
    expect(seen).toEqual([
      "callSoon: task=none store=outside",
      "new task: task=b store=outside",
      "task blocking at once: task=c store=outside",
      "callSoon after the task starts: task=none store=outside",
      "then: task=none store=outside",
    ]);
  });

  it("lists the pending tasks of the running loop", async () => {
    await run(
      async () => {
        const a = createTask(() => sleep(10));
        const b = createTask(() => sleep(20));
        expect(allTasks()).toEqual(new Set([currentTask(), a, b]));
        await a;
        expect(allTasks()).toEqual(new Set([currentTask(), b]));
        await b;
      },
      { clock: new VirtualClock() },
    );
  });
});

describe("cancellation", () => {
  it("fails the sleep the task is blocked on with CancelledError(msg)", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        try {
          await sleep(1000);
        } catch (error) {
          log(at(`task caught ${(error as Error).name}: ${(error as Error).message}`));
          throw error;
        }
      });
      await sleep(10);
      expect(task.cancel("stop now")).toBe(true);
      await expect(task).rejects.toThrow(CancelledError);
      log(at(`cancelled=${task.cancelled()}`));
      expect(() => task.result()).toThrow("stop now");
      expect(task.cancel()).toBe(false);
    });
    expect(events).toEqual(["task caught CancelledError: stop now@10", "cancelled=true@10"]);
  });

  it("cancels the future the task is blocked on", async () => {
    await run(
      async () => {
        const fut = getRunningLoop().createFuture();
        const task = createTask(() => fut);
        await sleep(0);
        expect(task.waitingOn()).toBe(fut);
        task.cancel();
        await expect(task).rejects.toThrow(CancelledError);
        expect(fut.cancelled()).toBe(true);
      },
      { clock: new VirtualClock() },
    );
  });

  it("never runs the function of a task cancelled before it started", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => log("body ran"));
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      log(`cancelled=${task.cancelled()}`);
    });
    expect(events).toEqual(["cancelled=true"]);
  });

  it("lets a task catch its cancellation and go on; one cancel delivers one CancelledError", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        try {
          await sleep(100);
        } catch (error) {
          log(at(`caught ${(error as Error).name}, cancelling=${currentTask()?.cancelling()}`));
        }
        await sleep(100);
        log(at("slept again undisturbed"));
        return "finished";
      });
      await sleep(10);
      task.cancel();
      log(at(`result ${await task}, cancelled=${task.cancelled()}`));
    });
    expect(events).toEqual([
      "caught CancelledError, cancelling=1@10",
      "slept again undisturbed@110",
      "result finished, cancelled=false@110",
    ]);
  });

  it("delivers two requests made while blocked as one CancelledError, and counts both", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        try {
          await sleep(100);
        } catch {
          log(at(`caught once, cancelling=${currentTask()?.cancelling()}`));
        }
        await sleep(5);
        log(at("not cancelled again"));
      });
      await sleep(10);
      task.cancel();
      task.cancel();
      await task;
    });
    expect(events).toEqual(["caught once, cancelling=2@10", "not cancelled again@15"]);
  });

  it("drops an undelivered cancellation once uncancel() withdraws every request", async () => {
    const events = await runLogged(async (log) => {
      const { promise, open } = gate();
      const task = createTask(async () => {
        await promise;
        const me = currentTask() as Task<unknown>;
        log(`cancelling=${me.cancelling()}, uncancel -> ${me.uncancel()}`);
        await sleep(5);
        log(at("sleep not cancelled"));
      });
      await sleep(0);
      task.cancel();
      open();
      await task;
      expect(task.uncancel()).toBe(0);
    });
    expect(events).toEqual(["cancelling=1, uncancel -> 0", "sleep not cancelled@5"]);
  });

  it("fails the next awaitable of ours at once when the task was not blocked on one", async () => {
    const events = await runLogged(async (log) => {
      const { promise, open } = gate();
      const task = createTask(async () => {
        await promise;
        log("past the foreign promise");
        try {
          await sleep(100);
        } catch (error) {
          log(at(`sleep failed at once with ${(error as Error).name}`));
        }
      });
      await sleep(0);
      task.cancel();
      open();
      await task;
    });
    expect(events).toEqual(["past the foreign promise", "sleep failed at once with CancelledError@0"]);
  });

  it("ends a task cancelled when a request is still undelivered as its function returns", async () => {
    await run(
      async () => {
        const { promise, open } = gate();
        const task = createTask(async () => {
          await promise;
          return "value";
        });
        await sleep(0);
        task.cancel("late");
        open();
        await expect(task).rejects.toThrow("late");
        expect(task.cancelled()).toBe(true);
      },
      { clock: new VirtualClock() },
    );
  });

  it("cancels the task being awaited when the awaiting task is cancelled", async () => {
    const events = await runLogged(async (log) => {
      const inner = createTask(async () => {
        try {
          await sleep(1000);
        } finally {
          log(at("inner cleans up"));
        }
      });
      const outer = createTask(() => inner);
      await sleep(10);
      outer.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
      log(at(`inner cancelled=${inner.cancelled()}`));
    });
    expect(events).toEqual(["inner cleans up@10", "inner cancelled=true@10"]);
  });

  it("delivers a cancellation requested after the wake-up in the same iteration, as asyncio", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        log("task yields");
        try {
          await sleep(0);
          log("task resumed normally");
        } catch {
          log("task got CancelledError at its sleep(0)");
        }
      });
      await sleep(0);
      task.cancel();
      getRunningLoop().callSoon(() => log("callback scheduled after cancel"));
      await task;
    });
    expect(events).toEqual([
      "task yields",
      "task got CancelledError at its sleep(0)",
      "callback scheduled after cancel",
    ]);
  });

  it("aborts task.signal with a CancelledError, even when the signal is asked for later", async () => {
    await run(
      async () => {
        const early = createTask(() => sleep(100));
        const signal = early.signal;
        expect(signal.aborted).toBe(false);
        await sleep(0);
        early.cancel("because");
        expect(signal.aborted).toBe(true);
        expect(signal.reason).toBeInstanceOf(CancelledError);
        expect((signal.reason as Error).message).toBe("because");
        const late = createTask(() => sleep(100));
        late.cancel();
        expect(late.signal.aborted).toBe(true);
        await Promise.allSettled([early, late]);
      },
      { clock: new VirtualClock() },
    );
  });

  it("refuses a cancel message that is not a string", async () => {
    await run(
      async () => {
        const task = createTask(() => sleep(1));
        expect(() => task.cancel(5 as never)).toThrow(TypeError);
        await task;
      },
      { clock: new VirtualClock() },
    );
  });
});

describe("the atomic step", () => {
  it("runs a woken task on to its next suspension, through nested async helpers, before the next callback", async () => {
    const events = await runLogged(async (log) => {
      const fut = getRunningLoop().createFuture<number>();
      const helper = async (): Promise<void> => {
        await Promise.resolve();
        log("helper");
      };
      const task = createTask(async () => {
        await fut;
        log("task resumed");
        await helper();
        log("task after helper");
        await sleep(0);
        log("task after its sleep(0)");
      });
      await sleep(0);
      fut.setResult(1);
      getRunningLoop().callSoon(() => log("callback"));
      await task;
    });
    expect(events).toEqual([
      "task resumed",
      "helper",
      "task after helper",
      "callback",
      "task after its sleep(0)",
    ]);
  });

  it("lets the microtasks of a task's last step run before the next callback", async () => {
    const events = await runLogged(async (log) => {
      const loop = getRunningLoop();
      const starts = createTask(async () => {
        log("task starts and returns");
        void Promise.resolve().then(() => log("microtask of its start"));
      });
      const resumes = createTask(async () => {
        await sleep(0);
        log("task resumes and returns");
        void Promise.resolve().then(() => log("microtask of its last step"));
      });
      loop.callSoon(() => log("callback after the starts"));
      await sleep(0);
      loop.callSoon(() => log("callback after the wake-up"));
      await starts;
      await resumes;
    });
    expect(events).toEqual([
      "task starts and returns",
      "microtask of its start",
      "callback after the starts",
      "task resumes and returns",
      "microtask of its last step",
      "callback after the wake-up",
    ]);
  });
});

describe("failures", () => {
  it("reports a failed task whose exception nobody retrieved when run() closes the loop", async () => {
    const reported: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_l, context) => reported.push(context));
        createTask(
          async () => {
            throw new Error("nobody looks");
          },
          { name: "careless" },
        );
        await sleep(1);
      },
      { clock: new VirtualClock() },
    );
    expect(reported.map((c) => c.message)).toEqual(["Task 'careless' exception was never retrieved"]);
    expect(reported[0]?.exception).toHaveProperty("message", "nobody looks");
    expect(reported[0]?.task).toBeInstanceOf(Task);
  });

  it("fails the task with what its function throws synchronously", async () => {
    await run(
      async () => {
        const task = createTask((() => {
          throw new TypeError("sync throw");
        }) as () => Promise<void>);
        await expect(task).rejects.toThrow("sync throw");
        expect(task.exception()).toBeInstanceOf(TypeError);
      },
      { clock: new VirtualClock() },
    );
  });
});

describe("cancellation meeting other outcomes", () => {
  it("ends a task that throws while a cancellation is pending with its error, as asyncio", async () => {
    await run(
      async () => {
        const task = createTask(async () => {
          currentTask()?.cancel();
          throw new Error("boom");
        });
        await expect(task).rejects.toThrow("boom");
        expect(task.cancelled()).toBe(false);
      },
      { clock: new VirtualClock() },
    );
  });

  it("delivers the first message when two cancels land before the task resumes", async () => {
    await run(
      async () => {
        const onSleep = createTask(() => sleep(100));
        const onFuture = createTask(() => getRunningLoop().createFuture());
        await sleep(0);
        for (const t of [onSleep, onFuture]) {
          t.cancel("first");
          t.cancel("second");
        }
        await expect(onSleep).rejects.toThrow(/^first$/);
        await expect(onFuture).rejects.toThrow(/^first$/);
      },
      { clock: new VirtualClock() },
    );
  });
});

describe("a cancellation sent to an awaitable the task made but did not await", () => {
  it("moves to the awaitable the task then awaits", async () => {
    const events = await runLogged(async (log) => {
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      const task = createTask(async () => {
        void sleep(100);
        try {
          return await fut;
        } catch (error) {
          log(at(`task got ${(error as Error).name}: ${(error as Error).message}`));
          return "cancelled";
        }
      });
      loop.callSoon(() => task.cancel("moved"));
      loop.callLater(50, () => {
        if (!fut.done()) fut.setResult("lost");
      });
      log(at(`result ${await task}`));
      log(`future cancelled: ${fut.cancelled()}`);
    });
    expect(events).toEqual([
      "task got CancelledError: moved@0",
      "result cancelled@0",
      "future cancelled: true",
    ]);
  });

  it("reaches a Promise.all of waits through the last one", async () => {
    await run(
      async () => {
        const task = createTask(() => Promise.all([sleep(100), sleep(200)]));
        await sleep(0);
        task.cancel();
        await expect(task).rejects.toThrow(CancelledError);
        expect(getRunningLoop().time()).toBe(0);
      },
      { clock: new VirtualClock() },
    );
  });
});
