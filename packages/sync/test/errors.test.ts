import { describe, expect, it } from "vitest";
import { BrokenBarrierError, QueueEmpty, QueueFull, QueueShutDown } from "../src/index.js";

describe("errors", () => {
  it.each([
    [BrokenBarrierError, "BrokenBarrierError", "ERR_X_BROKEN_BARRIER"],
    [QueueEmpty, "QueueEmpty", "ERR_X_QUEUE_EMPTY"],
    [QueueFull, "QueueFull", "ERR_X_QUEUE_FULL"],
    [QueueShutDown, "QueueShutDown", "ERR_X_QUEUE_SHUT_DOWN"],
  ] as const)("%o has a stable name and code and forwards its cause", (Class, name, code) => {
    const cause = new Error("under");
    const error = new Class("message", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(Class);
    expect([error.name, error.code, error.message, error.cause]).toEqual([name, code, "message", cause]);
    expect(new Class().message.length).toBeGreaterThan(0);
  });

  it("recognises an error of another copy of the package by its brand", () => {
    const foreign = Object.assign(new Error("from another copy"), { name: "QueueFull" });
    Object.defineProperty(foreign, Symbol.for("@x/sync.QueueFull"), { value: true });
    expect(foreign).toBeInstanceOf(QueueFull);
    expect(foreign).not.toBeInstanceOf(QueueEmpty);
    expect(new Error("plain")).not.toBeInstanceOf(QueueShutDown);
  });

  it("keeps subclasses apart from their base", () => {
    class Special extends QueueEmpty {}
    expect(new Special()).toBeInstanceOf(QueueEmpty);
    expect(new QueueEmpty()).not.toBeInstanceOf(Special);
  });
});
