import {
  type ClientResponse,
  ClientSession,
  type ClientTimeoutError,
  type RequestInfo,
  type ResponseBody,
  type TimeoutPhase,
} from "@x/http";
import { describe, expectTypeOf, it } from "vitest";

describe("public types", () => {
  it("requests resolve to a ClientResponse whose readers have the expected types", () => {
    const session = new ClientSession({ baseUrl: "https://a.test/", timeout: { total: 1000, read: null } });
    expectTypeOf(session.get("x")).toEqualTypeOf<Promise<ClientResponse>>();
    expectTypeOf(session.request("PURGE", new URL("https://a.test/"), { json: { a: 1 } })).toEqualTypeOf<
      Promise<ClientResponse>
    >();
    expectTypeOf<ClientResponse["text"]>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<ClientResponse["bytes"]>().returns.toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf<ClientResponse["json"]>().returns.toEqualTypeOf<Promise<unknown>>();
    expectTypeOf<ClientResponse["body"]>().toEqualTypeOf<ResponseBody>();
    expectTypeOf<ResponseBody>().toMatchTypeOf<AsyncIterable<Uint8Array>>();
    expectTypeOf<ClientResponse["history"]>().toEqualTypeOf<readonly ClientResponse[]>();
    expectTypeOf<ClientResponse["request"]>().toEqualTypeOf<RequestInfo>();
    expectTypeOf<ClientResponse>().toMatchTypeOf<AsyncDisposable>();
    expectTypeOf<ClientSession>().toMatchTypeOf<AsyncDisposable>();
  });

  it("names the timeout phases", () => {
    expectTypeOf<ClientTimeoutError["phase"]>().toEqualTypeOf<TimeoutPhase>();
    expectTypeOf<TimeoutPhase>().toEqualTypeOf<"total" | "poolWait" | "connect" | "read">();
  });

  it("refuses options of the wrong type", () => {
    // @ts-expect-error limit is a number
    new ClientSession({ limit: "10" });
    // @ts-expect-error data is not a number
    void new ClientSession().post("x", { data: 5 });
  });
});
