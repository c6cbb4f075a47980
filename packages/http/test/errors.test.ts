import {
  ClientConnectionError,
  ClientError,
  ClientPayloadError,
  ClientResponseError,
  ClientTimeoutError,
  InvalidUrlError,
  TooManyRedirects,
} from "@x/http";
import { TimeoutError } from "@x/loop";
import { describe, expect, it } from "vitest";

const request = { method: "GET", url: "http://a.test/", headers: new Headers() };

describe("errors", () => {
  it("form aiohttp's hierarchy under ClientError, each with a name, a stable code and a cause", () => {
    const cause = new Error("underneath");
    const errors = [
      [new ClientConnectionError("c", { cause }), "ClientConnectionError", "ERR_X_HTTP_CONNECTION"],
      [new ClientPayloadError("p", { cause }), "ClientPayloadError", "ERR_X_HTTP_PAYLOAD"],
      [new InvalidUrlError("u", { cause, url: "x" }), "InvalidUrlError", "ERR_X_HTTP_INVALID_URL"],
      [
        new ClientResponseError("r", { cause, status: 500, headers: new Headers(), request }),
        "ClientResponseError",
        "ERR_X_HTTP_RESPONSE",
      ],
      [
        new TooManyRedirects("t", { cause, status: 302, headers: new Headers(), request, history: [] }),
        "TooManyRedirects",
        "ERR_X_HTTP_TOO_MANY_REDIRECTS",
      ],
      [
        new ClientTimeoutError("t", { cause, phase: "read", timeout: 5 }),
        "ClientTimeoutError",
        "ERR_X_HTTP_TIMEOUT",
      ],
    ] as const;
    for (const [error, name, code] of errors) {
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toBeInstanceOf(Error);
      expect([error.name, error.code, error.cause]).toEqual([name, code, cause]);
    }
  });

  it("make ClientTimeoutError a TimeoutError of @x/loop as well as a ClientError", () => {
    const error = new ClientTimeoutError("slow", { phase: "connect", timeout: 30 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).not.toBeInstanceOf(ClientConnectionError);
    expect([error.phase, error.timeout]).toEqual(["connect", 30]);
  });

  it("make TooManyRedirects a ClientResponseError, and keep siblings apart", () => {
    const error = new TooManyRedirects("loop", { status: 301, headers: new Headers(), request, history: [] });
    expect(error).toBeInstanceOf(ClientResponseError);
    expect(new ClientConnectionError("x")).not.toBeInstanceOf(ClientPayloadError);
    expect(new ClientPayloadError("x")).not.toBeInstanceOf(ClientConnectionError);
    expect(new ClientResponseError("x", { status: 400, headers: new Headers(), request })).not.toBeInstanceOf(
      TooManyRedirects,
    );
  });

  it("are recognised by brand, as another installed copy of the package would make them", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      [Symbol.for("@x/http.ClientError")]: true,
      [Symbol.for("@x/http.ClientConnectionError")]: true,
    });
    expect(foreign).toBeInstanceOf(ClientError);
    expect(foreign).toBeInstanceOf(ClientConnectionError);
    expect(foreign).not.toBeInstanceOf(ClientPayloadError);
    expect({}).not.toBeInstanceOf(ClientError);
  });
});
