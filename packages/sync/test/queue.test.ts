import { CancelledError, InvalidStateError } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { LifoQueue, Queue, QueueEmpty, QueueFull, QueueShutDown } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Queue", () => {
  it("gives items first in, first out, and reports its size", () => {
    const queue = new Queue<number>(3);
    expect([queue.maxsize, queue.qsize(), queue.empty(), queue.full()]).toEqual([3, 0, true, false]);
    queue.putNowait(1);
    queue.putNowait(2);
    queue.putNowait(3);
    expect([queue.qsize(), queue.empty(), queue.full()]).toEqual([3, false, true]);
    expect(() => queue.putNowait(4)).toThrow(QueueFull);
    expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual([1, 2, 3]);
    expect(() => queue.getNowait()).toThrow(QueueEmpty);
    expect(() => queue.getNowait()).toThrow("Queue.getNowait(): the queue is empty");
  });

  it("is unbounded with maxsize 0 or less", () => {
    for (const maxsize of [0, -1]) {
      const queue = new Queue<number>(maxsize);
      for (let i = 0; i < 1000; i++) queue.putNowait(i);
      expect(queue.full()).toBe(false);
      expect(queue.qsize()).toBe(1000);
    }
  });

  it("makes get() wait while empty and put() wait while full, without yielding when they need not", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>(1);
      createTask(async () => log("other ran"));
      await queue.put("a"); // no yield
      log("put a");
      const putter = createTask(async () => {
        await queue.put("b");
        log(at("put b"));
      });
      const getter = createTask(async () => {
        await sleep(5);
        log(at(`got ${await queue.get()}`));
        log(at(`got ${await queue.get()}`));
        log(at(`got ${await queue.get()}`));
      });
      await sleep(10);
      queue.putNowait("c");
      await Promise.all([putter, getter]);
    });
    expect(events).toEqual(["put a", "other ran", "got a@5", "put b@5", "got b@5", "got c@10"]);
  });

  it("hands an item put while getters wait straight to the first of them", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>(1);
      const getters = ["g1", "g2"].map((name) =>
        createTask(async () => log(`${name} got ${await queue.get()}`)),
      );
      await sleep(0);
      queue.putNowait("x");
      // x belongs to g1 now: nobody else can take it, but it still occupies the only slot.
      expect([queue.qsize(), queue.empty(), queue.full()]).toEqual([0, true, true]);
      expect(() => queue.getNowait()).toThrow(QueueEmpty);
      expect(() => queue.putNowait("y")).toThrow(QueueFull);
      await sleep(0);
      expect(queue.full()).toBe(false);
      queue.putNowait("y");
      await Promise.all(getters);
    });
    expect(events).toEqual(["g1 got x", "g2 got y"]);
  });

  it("keeps a freed slot for the first waiting putter: a newcomer cannot take it", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>(1);
      queue.putNowait("a");
      const putters = ["b", "c"].map((item) =>
        createTask(async () => {
          await queue.put(item);
          log(`put ${item}`);
        }),
      );
      await sleep(0);
      expect(queue.statistics().putters).toBe(2);
      log(`got ${queue.getNowait()}`);
      expect(queue.full()).toBe(true);
      expect(() => queue.putNowait("newcomer")).toThrow(QueueFull);
      await sleep(0);
      log(`got ${queue.getNowait()}`);
      await sleep(0);
      log(`got ${queue.getNowait()}`);
      await Promise.all(putters);
    });
    expect(events).toEqual(["got a", "put b", "got b", "put c", "got c"]);
  });

  it("never loses an item given to a getter that is cancelled before it resumes", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>();
      const a = createTask(() => queue.get());
      const b = createTask(async () => log(`b got ${await queue.get()}`));
      await sleep(0);
      queue.putNowait("x"); // handed to a ...
      a.cancel(); // ... which is cancelled before it resumes: x goes to b
      log(`a: ${await outcome(a)}`);
      await b;

      const c = createTask(() => queue.get());
      await sleep(0);
      queue.putNowait("y");
      queue.putNowait("z");
      c.cancel(); // nobody else waits: y goes back to the front
      log(`c: ${await outcome(c)}`);
      log(`left: ${queue.getNowait()}, ${queue.getNowait()}`);
    });
    expect(events).toEqual(["b got x", "a: CancelledError", "c: CancelledError", "left: y, z"]);
  });

  it("never inserts the item of a put() cancelled after it was woken, and passes its slot on", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>(1);
      queue.putNowait("a");
      const b = createTask(() => queue.put("b"));
      const c = createTask(async () => {
        await queue.put("c");
        log("put c");
      });
      await sleep(0);
      log(`got ${queue.getNowait()}`); // the slot is kept for b ...
      b.cancel(); // ... which is cancelled before it resumes: c gets the slot
      log(`b: ${await outcome(b)}`);
      await c;
      log(`left: ${queue.getNowait()}, qsize ${queue.qsize()}`);
    });
    expect(events).toEqual(["got a", "put c", "b: CancelledError", "left: c, qsize 0"]);
  });

  it("gives the item to the getter still waiting when another was cancelled (asyncio's test_get_cancelled_race)", async () => {
    await runLogged(async () => {
      const queue = new Queue<string>();
      const t1 = createTask(() => queue.get());
      const t2 = createTask(() => queue.get());
      await sleep(0);
      t1.cancel();
      await sleep(0);
      expect(t1.done()).toBe(true);
      await queue.put("a");
      await sleep(0);
      expect(t2.result()).toBe("a");
    });
  });

  it("skips the item of a cancelled waiting put (asyncio's test_put_cancelled_race)", async () => {
    await runLogged(async () => {
      const queue = new Queue<string>(1);
      const putA = createTask(() => queue.put("a"));
      const putB = createTask(() => queue.put("b"));
      const putC = createTask(() => queue.put("X"));
      const putD = createTask(() => queue.put("d"));
      await sleep(0);
      expect([putA.done(), putB.done()]).toEqual([true, false]);
      putC.cancel();
      await sleep(0);
      expect(putC.done()).toBe(true);
      expect(queue.getNowait()).toBe("a");
      await sleep(0);
      expect(queue.getNowait()).toBe("b");
      await sleep(0);
      expect(queue.getNowait()).toBe("d");
      await Promise.all([putA, putB, putD]);
    });
  });

  it("lets waiting getters and putters that are cancelled leave without a trace", async () => {
    await runLogged(async () => {
      const queue = new Queue<number>(1);
      const getter = createTask(() => queue.get());
      await sleep(0);
      getter.cancel();
      await expect(getter).rejects.toBeInstanceOf(CancelledError);
      queue.putNowait(1);
      const putter = createTask(() => queue.put(2));
      await sleep(0);
      putter.cancel();
      await expect(putter).rejects.toBeInstanceOf(CancelledError);
      expect(queue.statistics()).toEqual({
        qsize: 1,
        maxsize: 1,
        getters: 0,
        putters: 0,
        unfinishedTasks: 1,
        shutdown: false,
      });
      expect(queue.getNowait()).toBe(1);
      expect(queue.empty()).toBe(true);
    });
  });

  it("aborts a get, a put or a join with the signal's reason", async () => {
    await runLogged(async () => {
      const queue = new Queue<number>(1);
      const controller = new AbortController();
      const getter = createTask(() => queue.get({ signal: controller.signal }));
      await sleep(0);
      controller.abort("stop");
      expect(await outcome(getter)).toBe("stop");
      queue.putNowait(1);
      await expect(queue.put(2, { signal: AbortSignal.abort("full") })).rejects.toBe("full");
      const c2 = new AbortController();
      const putter = createTask(() => queue.put(2, { signal: c2.signal }));
      const joiner = createTask(() => queue.join({ signal: c2.signal }));
      await sleep(0);
      c2.abort("later");
      expect(await outcome(putter)).toBe("later");
      expect(await outcome(joiner)).toBe("later");
      expect(queue.qsize()).toBe(1);
      await expect(queue.get({ signal: AbortSignal.abort("no") })).rejects.toBe("no");
    });
  });

  it("join() waits until every item put was marked done", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>();
      await queue.join(); // nothing pending: at once
      for (let i = 0; i < 3; i++) queue.putNowait(i);
      const worker = createTask(async () => {
        for (;;) {
          await queue.get();
          await sleep(10);
          queue.taskDone();
        }
      });
      await queue.join();
      log(at("all done"));
      worker.cancel();
      expect(queue.statistics().unfinishedTasks).toBe(0);
      expect(() => queue.taskDone()).toThrow(InvalidStateError);
      expect(() => queue.taskDone()).toThrow("Queue.taskDone(): called more times than items were put");
    });
    expect(events).toEqual(["all done@30"]);
  });

  it("after shutdown(), refuses puts, fails waiting putters, and lets getters drain then fail", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<string>(2);
      queue.putNowait("a");
      queue.putNowait("b");
      const putter = createTask(() => queue.put("c"));
      await sleep(0);
      queue.shutdown();
      expect(queue.isShutDown()).toBe(true);
      log(`putter: ${await outcome(putter)}`);
      log(`put: ${await outcome(queue.put("d"))}`);
      expect(() => queue.putNowait("d")).toThrow(QueueShutDown);
      log(`get: ${await queue.get()}, ${queue.getNowait()}`);
      log(`get: ${await outcome(queue.get())}`);
      expect(() => queue.getNowait()).toThrow(QueueShutDown);
    });
    expect(events).toEqual([
      "putter: QueueShutDown",
      "put: QueueShutDown",
      "get: a, b",
      "get: QueueShutDown",
    ]);
  });

  it("fails the getters waiting when it is shut down", async () => {
    await runLogged(async () => {
      const queue = new Queue<string>();
      const getters = [createTask(() => queue.get()), createTask(() => queue.get())];
      await sleep(0);
      queue.shutdown();
      for (const g of getters) await expect(g).rejects.toBeInstanceOf(QueueShutDown);
    });
  });

  it("with shutdown(true), drops the items left, counts them done and fails get() at once", async () => {
    await runLogged(async () => {
      const queue = new Queue<number>();
      for (let i = 0; i < 3; i++) queue.putNowait(i);
      queue.getNowait();
      const joiner = createTask(() => queue.join());
      await sleep(0);
      queue.shutdown(true);
      expect(queue.qsize()).toBe(0);
      expect(queue.statistics().unfinishedTasks).toBe(1); // the item taken was not marked done
      await expect(queue.get()).rejects.toBeInstanceOf(QueueShutDown);
      queue.taskDone();
      await joiner;
    });
  });

  it("fails a putter that was woken before the shutdown without inserting its item", async () => {
    await runLogged(async () => {
      const queue = new Queue<string>(1);
      queue.putNowait("a");
      const putter = createTask(() => queue.put("b"));
      await sleep(0);
      queue.getNowait(); // the slot is kept for the putter
      queue.shutdown();
      await expect(putter).rejects.toBeInstanceOf(QueueShutDown);
      expect(queue.qsize()).toBe(0);
      expect(queue.statistics().unfinishedTasks).toBe(1);
    });
  });

  it("drops an item that a cancelled getter gives back after shutdown(true)", async () => {
    await runLogged(async () => {
      const queue = new Queue<string>();
      const getter = createTask(() => queue.get());
      await sleep(0);
      queue.putNowait("x");
      getter.cancel();
      queue.shutdown(true);
      await expect(getter).rejects.toBeInstanceOf(CancelledError);
      expect(queue.qsize()).toBe(0);
      expect(queue.statistics().unfinishedTasks).toBe(0);
      await queue.join();
    });
  });

  it("iterates with for await until it is shut down and empty", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>(2);
      const consumer = createTask(async () => {
        for await (const item of queue) log(at(`got ${item}`));
        log(at("ended"));
      });
      for (let i = 0; i < 3; i++) {
        await queue.put(i);
        await sleep(1);
      }
      queue.shutdown();
      await consumer;
    });
    expect(events).toEqual(["got 0@0", "got 1@1", "got 2@2", "ended@3"]);
  });

  it("lets the loop of a cancelled consumer end with CancelledError", async () => {
    await runLogged(async () => {
      const queue = new Queue<number>();
      const consumer = createTask(async () => {
        for await (const _ of queue) {
          // nothing comes
        }
      });
      await sleep(0);
      consumer.cancel();
      await expect(consumer).rejects.toBeInstanceOf(CancelledError);
      expect(queue.statistics().getters).toBe(0);
    });
  });

  it("refuses a bad maxsize or shutdown flag", () => {
    expect(() => new Queue("1" as never)).toThrow(TypeError);
    expect(() => new Queue(Number.NaN)).toThrow(RangeError);
    expect(() => new Queue(1.5)).toThrow("new Queue(maxsize): maxsize must be an integer");
    expect(() => new Queue().shutdown("yes" as never)).toThrow(TypeError);
    const queue = new Queue(2);
    queue.putNowait(1);
    expect(String(queue)).toBe("Queue <maxsize=2 qsize=1 tasks=1>");
  });
});

/** A task that takes one item from `queue` and logs what it got, or the error it got instead. */
function logGet(queue: Queue<number>, log: (line: string) => void, name: string) {
  return createTask(async () => {
    try {
      log(`${name} got ${await queue.get()}`);
    } catch (error) {
      log(`${name} ${(error as Error).name}`);
    }
  });
}

describe("Queue, a getter cancelled after it was handed an item", () => {
  it("lets the getters after it take the items in order, as asyncio's getters take them as they resume", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>();
      const getter = (name: string) => logGet(queue, log, name);
      const first = getter("first");
      const second = getter("second");
      await sleep(0);
      queue.putNowait(0);
      queue.putNowait(1);
      first.cancel();
      const third = getter("third");
      await Promise.all([first, second, third]);
      expect(queue.empty()).toBe(true);
    });
    expect(events).toEqual(["first CancelledError", "second got 0", "third got 1"]);
  });

  it("gives the item back at cancel(), before a getter that asked earlier takes a later item (found by the property test)", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>();
      const getter = (name: string) => logGet(queue, log, name);
      const first = getter("first");
      await sleep(0);
      const second = getter("second"); // has not run yet: it will ask after the cancel below
      queue.putNowait(0); // handed to first
      first.cancel(); // 0 is next in line again at once, not when first resumes
      queue.putNowait(1);
      const third = getter("third");
      await Promise.all([first, second, third]);
    });
    expect(events).toEqual(["second got 0", "first CancelledError", "third got 1"]);
  });

  it("is passed over by a getNowait() that comes before it resumes, so a later cancel keeps the order (found by the property test)", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>();
      const first = logGet(queue, log, "first");
      await sleep(0);
      queue.putNowait(0); // handed to first, which has not resumed
      queue.putNowait(1); // stored
      log(`getNowait ${queue.getNowait()}`); // 0 came first: first now gets 1
      first.cancel(); // first gives 1 back
      log(`getNowait ${queue.getNowait()}`);
      await first;
    });
    expect(events).toEqual(["getNowait 0", "getNowait 1", "first CancelledError"]);
  });

  it("is passed over by get() and async iteration that find items stored, but not in a LifoQueue", async () => {
    const events = await runLogged(async (log) => {
      const queue = new Queue<number>();
      const first = logGet(queue, log, "first");
      await sleep(0);
      queue.putNowait(0);
      queue.putNowait(1);
      queue.putNowait(2);
      log(`get ${await queue.get()}`);
      for await (const item of queue) {
        log(`next ${item}`);
        break;
      }
      await first;
      const lifo = new LifoQueue<number>();
      const waiting = logGet(lifo, log, "lifo getter");
      await sleep(0);
      lifo.putNowait(0); // handed to the waiting getter
      lifo.putNowait(1);
      log(`lifo getNowait ${lifo.getNowait()}`); // the newest, as LIFO means
      await waiting;
    });
    expect(events).toEqual(["get 0", "next 1", "first got 2", "lifo getNowait 1", "lifo getter got 0"]);
  });
});
