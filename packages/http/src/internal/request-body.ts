import { describeValue } from "@x/loop";

/** A body ready for undici, with the content type it implies. */
export interface EncodedBody {
  /** `undefined` for no body. */
  readonly body: string | Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | undefined;
  /** The `Content-Type` to send unless the caller set one. */
  readonly contentType: string | undefined;
  /** Whether the body can be sent again (a 307/308 redirect); a stream cannot. */
  readonly replayable: boolean;
}

/** No body. */
export const NO_BODY: EncodedBody = { body: undefined, contentType: undefined, replayable: true };

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Encode the `json` or `data` option, as aiohttp does: `json` as JSON (`application/json`); a string
 * as UTF-8 text (`text/plain; charset=utf-8`); bytes as they are (`application/octet-stream`); a
 * `URLSearchParams` or a plain object as a form (`application/x-www-form-urlencoded`); an (async)
 * iterable of byte chunks is streamed (chunked, not replayable).
 *
 * @param hasJson whether the `json` option was given (its value may be `null`, which is sent as `null`).
 * @throws TypeError when both are given, or `data` has a type we cannot send, or `json` cannot be serialised.
 */
export function encodeBody(hasJson: boolean, json: unknown, data: unknown): EncodedBody {
  if (hasJson) {
    if (data !== undefined) throw new TypeError("request options: give either json or data, not both");
    let text: string | undefined;
    try {
      text = JSON.stringify(json);
    } catch (cause) {
      throw new TypeError("request options: json cannot be serialised to JSON", { cause });
    }
    if (text === undefined)
      throw new TypeError(`request options: json cannot be serialised (${typeof json})`);
    return { body: text, contentType: "application/json", replayable: true };
  }
  if (data === undefined || data === null) return NO_BODY;
  if (typeof data === "string")
    return { body: data, contentType: "text/plain; charset=utf-8", replayable: true };
  if (typeof data !== "object") {
    throw new TypeError(
      `request options: data must be a string, bytes, a form or a stream, got ${typeof data}`,
    );
  }
  if (data instanceof Uint8Array) {
    return { body: data, contentType: "application/octet-stream", replayable: true };
  }
  if (data instanceof ArrayBuffer) {
    return { body: new Uint8Array(data), contentType: "application/octet-stream", replayable: true };
  }
  if (ArrayBuffer.isView(data)) {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { body: view, contentType: "application/octet-stream", replayable: true };
  }
  const form = "application/x-www-form-urlencoded";
  if (data instanceof URLSearchParams) return { body: data.toString(), contentType: form, replayable: true };
  if (
    typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function" ||
    typeof (data as Iterable<unknown>)[Symbol.iterator] === "function"
  ) {
    return {
      body: data as AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
      contentType: undefined,
      replayable: false,
    };
  }
  if (isPlainObject(data)) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(data)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw new TypeError(`request options: form field "${name}" must be a string, number or boolean`);
      }
      params.append(name, String(value));
    }
    return { body: params.toString(), contentType: form, replayable: true };
  }
  throw new TypeError(
    `request options: data must be a string, bytes, URLSearchParams, a plain object or an (async) iterable of bytes, got ${describeValue(data)}`,
  );
}
