/** A pull source of body chunks, as a {@link ResponseBody} reads it. @internal */
export interface ChunkSource {
  /** The next chunk, or `null` at the end of the body. */
  next(): Promise<Uint8Array | null>;
  /** The reader stopped early: let the response go. */
  stop(): void;
}

function checkSize(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`iterChunked(n): n must be a whole number of bytes >= 1, got ${String(n)}`);
  }
  return n;
}

/**
 * A response body as a stream of byte chunks: aiohttp's `response.content` (a `StreamReader`).
 *
 * `for await (const chunk of response.body)` yields the chunks as they arrive (aiohttp's
 * `iter_any()`); `iterChunked(n)` yields chunks of exactly `n` bytes, the last one shorter (aiohttp's
 * `iter_chunked(n)`). The chunks are decoded (no content coding left) and count against `maxBodySize`.
 * While nobody reads, the client stops reading the socket once 128 KiB are buffered (backpressure).
 *
 * Leaving a `for await` loop early (`break`, `return`, an exception) releases the response — its
 * socket is closed — as leaving the loop over a web stream cancels it. Cancelling the task while it
 * waits for a chunk aborts the response too. Only one read may wait at a time.
 *
 * @example
 * ```ts
 * import { ClientSession } from "@x/http";
 * await using session = new ClientSession();
 * await using response = await session.get("https://example.com/big.bin");
 * for await (const chunk of response.body.iterChunked(65536)) await file.write(chunk);
 * ```
 */
export class ResponseBody implements AsyncIterable<Uint8Array> {
  readonly #open: () => ChunkSource;

  /** @internal */
  constructor(open: () => ChunkSource) {
    this.#open = open;
  }

  /** The chunks as they arrive. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    const source = this.#open();
    let finished = false;
    try {
      for (;;) {
        const chunk = await source.next();
        if (chunk === null) break;
        yield chunk;
      }
      finished = true;
    } finally {
      if (!finished) source.stop();
    }
  }

  /**
   * The body in chunks of exactly `n` bytes (the last one may be shorter).
   * @throws RangeError when `n` is not a whole number >= 1.
   */
  iterChunked(n: number): AsyncIterable<Uint8Array> {
    const size = checkSize(n);
    const open = this.#open;
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
        const source = open();
        let finished = false;
        let parts: Uint8Array[] = [];
        let buffered = 0;
        try {
          for (;;) {
            const chunk = await source.next();
            if (chunk === null) break;
            let rest = chunk;
            while (buffered + rest.length >= size) {
              const take = size - buffered;
              const piece = rest.subarray(0, take);
              rest = rest.subarray(take);
              if (parts.length === 0) yield piece;
              else {
                parts.push(piece);
                const out = Buffer.concat(parts, size);
                parts = [];
                buffered = 0;
                yield out;
              }
            }
            if (rest.length > 0) {
              parts.push(rest);
              buffered += rest.length;
            }
          }
          if (buffered > 0)
            yield parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, buffered);
          finished = true;
        } finally {
          if (!finished) source.stop();
        }
      },
    };
  }

  /** The next chunk as it arrived, or `null` at the end of the body (aiohttp's `readany()`). */
  read(): Promise<Uint8Array | null> {
    return this.#open().next();
  }
}
