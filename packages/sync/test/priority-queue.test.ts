import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { PriorityQueue, Queue } from "../src/index.js";
import { runLogged } from "./helpers.js";

function drain<T>(queue: PriorityQueue<T>): T[] {
  const out: T[] = [];
  while (!queue.empty()) out.push(queue.getNowait());
  return out;
}

describe("PriorityQueue", () => {
  it("gives the smallest number first and is a Queue", () => {
    const queue = new PriorityQueue<number>();
    expect(queue).toBeInstanceOf(Queue);
    for (const n of [5, 1, 4, 1, 3, 9, 2, 6, -7, 0.5]) queue.putNowait(n);
    expect(drain(queue)).toEqual([-7, 0.5, 1, 1, 2, 3, 4, 5, 6, 9]);
  });

  it("orders strings and bigints natively", () => {
    const strings = new PriorityQueue<string>();
    for (const s of ["pear", "apple", "fig"]) strings.putNowait(s);
    expect(drain(strings)).toEqual(["apple", "fig", "pear"]);
    const bigints = new PriorityQueue<bigint | number>();
    for (const n of [3n, 1, 2n]) bigints.putNowait(n);
    expect(drain(bigints)).toEqual([1, 2n, 3n]);
  });

  it("orders arrays element by element, a shorter prefix first, like Python tuples", () => {
    const queue = new PriorityQueue<[number, string] | [number]>();
    for (const entry of [[2, "b"], [1, "z"], [2, "a"], [1], [0, "x"]] as const)
      queue.putNowait([...entry] as never);
    expect(drain(queue)).toEqual([[0, "x"], [1], [1, "z"], [2, "a"], [2, "b"]]);
  });

  it("uses a compare function when given one", () => {
    const queue = new PriorityQueue<{ due: number }>(0, { compare: (a, b) => b.due - a.due });
    for (const due of [1, 3, 2]) queue.putNowait({ due });
    expect(drain(queue).map((x) => x.due)).toEqual([3, 2, 1]);
  });

  it("refuses items the default order cannot compare, and keeps its items", () => {
    const queue = new PriorityQueue<unknown>();
    queue.putNowait([1, { a: 1 }]);
    expect(() => queue.putNowait([1, { b: 2 }])).toThrow(TypeError);
    expect(() => queue.putNowait("x")).toThrow("PriorityQueue: cannot order");
    expect(queue.qsize()).toBe(1);
    expect(queue.statistics().unfinishedTasks).toBe(1);
    expect(queue.getNowait()).toEqual([1, { a: 1 }]);
  });

  it("keeps every item when compare throws while taking", () => {
    let failing = false;
    const queue = new PriorityQueue<number>(0, {
      compare: (a, b) => {
        if (failing) throw new Error("compare failed");
        return a - b;
      },
    });
    for (const n of [4, 2, 8, 6, 1, 9]) queue.putNowait(n);
    failing = true;
    expect(() => queue.getNowait()).toThrow("compare failed");
    failing = false;
    expect(queue.qsize()).toBe(6); // the failed get took nothing
    expect(drain(queue)).toEqual([1, 2, 4, 6, 8, 9]);
  });

  it("serves waiting getters in priority order of what is put", async () => {
    const events = await runLogged(async (log) => {
      const queue = new PriorityQueue<number>(2);
      queue.putNowait(5);
      queue.putNowait(1);
      const putter = createTask(() => queue.put(3));
      await sleep(0);
      log(`${queue.getNowait()}`);
      await sleep(0);
      log(`${queue.getNowait()} ${queue.getNowait()}`);
      await putter;
    });
    expect(events).toEqual(["1", "3 5"]);
  });

  it("refuses bad options", () => {
    expect(() => new PriorityQueue(0, null as never)).toThrow(TypeError);
    expect(() => new PriorityQueue(0, { compare: 1 as never })).toThrow(TypeError);
  });
});
