import { describeValue } from "@x/loop";
import { describe, expect, it } from "vitest";

describe("describeValue", () => {
  it("names primitives by type and value, strings quoted", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue(5)).toBe("number 5");
    expect(describeValue(Number.NaN)).toBe("number NaN");
    expect(describeValue(10n)).toBe("bigint 10");
    expect(describeValue(false)).toBe("boolean false");
    expect(describeValue('say "hi"')).toBe('the string "say \\"hi\\""');
    expect(describeValue(Symbol("k"))).toBe("the symbol Symbol(k)");
  });

  it("names functions, thenables, arrays and objects, with the class of an instance", () => {
    class Point {}
    expect(describeValue(() => 1)).toBe("a function");
    expect(describeValue(Promise.resolve(1))).toBe("a promise");
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose
    expect(describeValue({ then: () => undefined })).toBe("a promise");
    expect(describeValue([1, 2])).toBe("an array");
    expect(describeValue({ a: 1 })).toBe("an object");
    expect(describeValue(Object.create(null))).toBe("an object");
    expect(describeValue(new Map())).toBe("an object (Map)");
    expect(describeValue(new Point())).toBe("an object (Point)");
  });

  it("says no more than 'an object' when looking at the value throws", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("no");
        },
      },
    );
    expect(describeValue(hostile)).toBe("an object");
  });
});
