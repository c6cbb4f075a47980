import { Transform, type TransformCallback } from "node:stream";
import * as zlib from "node:zlib";

/** The codings we decode, by their `Content-Encoding` token. */
const KNOWN = new Set(["gzip", "x-gzip", "deflate", "br"]);

/**
 * The decoders a `Content-Encoding` value asks for, in the order they must run (the reverse of the
 * order the codings were applied), or `undefined` when the body is to be passed on as it is: no
 * coding, only `identity`, or a coding we do not know anywhere in the chain (then decoding the others
 * would not give the original either, so nothing is decoded, as the Fetch standard does).
 */
export function decodersFor(contentEncoding: string | string[] | undefined): string[] | undefined {
  if (contentEncoding === undefined) return undefined;
  const value = Array.isArray(contentEncoding) ? contentEncoding.join(",") : contentEncoding;
  if (value === "") return undefined;
  const codings: string[] = [];
  for (const part of value.split(",")) {
    const coding = part.trim().toLowerCase();
    if (coding === "" || coding === "identity") continue;
    if (!KNOWN.has(coding)) return undefined;
    codings.push(coding);
  }
  return codings.length === 0 ? undefined : codings.reverse();
}

/** Where a {@link ContentDecoder} delivers. */
export interface DecoderSink {
  data(chunk: Buffer): void;
  end(): void;
  error(error: Error): void;
}

/**
 * `deflate` as servers really send it: a zlib stream (RFC 9110) or, from some old servers, raw
 * deflate. The first two bytes tell: a zlib header has compression method 8 in the low nibble of the
 * first byte, and the two bytes read as a big-endian number are a multiple of 31.
 */
class DeflateAuto extends Transform {
  #inner: zlib.Inflate | zlib.InflateRaw | undefined;
  #head: Buffer | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === undefined) {
      const head = this.#head === undefined ? chunk : Buffer.concat([this.#head, chunk]);
      if (head.length < 2) {
        this.#head = head;
        callback();
        return;
      }
      this.#head = undefined;
      this.#start(head);
      chunk = head;
    }
    (this.#inner as zlib.Inflate).write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (this.#inner === undefined) {
      if (this.#head === undefined) {
        callback();
        return;
      }
      this.#start(this.#head);
      (this.#inner as unknown as zlib.Inflate).write(this.#head);
    }
    const inner = this.#inner as unknown as zlib.Inflate;
    inner.once("end", () => callback());
    inner.end();
  }

  override _read(size: number): void {
    this.#inner?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #start(head: Buffer): void {
    const b0 = head[0] as number;
    const b1 = head[1] ?? 0;
    const isZlib = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
    const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const inner = isZlib ? zlib.createInflate(options) : zlib.createInflateRaw(options);
    // Pass backpressure on: when our reader is behind, the inner decompressor stops too.
    inner.on("data", (data: Buffer) => {
      if (!this.push(data)) inner.pause();
    });
    inner.on("error", (error: Error) => this.destroy(error));
    this.#inner = inner;
  }
}

function createStage(coding: string): Transform {
  switch (coding) {
    case "br":
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case "deflate":
      return new DeflateAuto();
    default:
      // Lenient about a missing trailer, as browsers and undici's fetch are.
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  }
}

/**
 * A chain of node:zlib decompressors for one response body. Raw chunks go in with `write()`, decoded
 * chunks come out through the sink. Flow control both ways: `write()` returns `false` when the chain
 * is full (pause the socket until `onDrain`), and `pauseOutput()` stops the decoded output when the
 * reader is behind — so a small compressed body cannot inflate into memory faster than it is read.
 */
export class ContentDecoder {
  readonly #head: Transform;
  readonly #tail: Transform;
  readonly #stages: Transform[];
  #failed = false;
  #wroteAny = false;

  constructor(decoders: readonly string[], sink: DecoderSink, onDrain: () => void) {
    this.#stages = decoders.map(createStage);
    this.#head = this.#stages[0] as Transform;
    this.#tail = this.#stages[this.#stages.length - 1] as Transform;
    const fail = (error: Error): void => {
      if (this.#failed) return;
      this.#failed = true;
      this.destroy();
      sink.error(error);
    };
    for (let i = 0; i < this.#stages.length; i++) {
      const stage = this.#stages[i] as Transform;
      stage.on("error", fail);
      const next = this.#stages[i + 1];
      if (next !== undefined) stage.pipe(next);
    }
    this.#tail.on("data", (chunk: Buffer) => {
      if (!this.#failed) sink.data(chunk);
    });
    this.#tail.on("end", () => {
      if (!this.#failed) sink.end();
    });
    this.#head.on("drain", onDrain);
  }

  /** Feed raw bytes; `false` means the chain is full (wait for the drain callback). */
  write(chunk: Buffer): boolean {
    if (this.#failed) return true;
    if (chunk.length > 0) this.#wroteAny = true;
    return this.#head.write(chunk);
  }

  /** The raw body is complete. An empty body decodes to an empty body (no decoder error). */
  end(sinkEnd: () => void): void {
    if (this.#failed) return;
    if (!this.#wroteAny) {
      this.#failed = true;
      this.destroy();
      sinkEnd();
      return;
    }
    this.#head.end();
  }

  /** Stop delivering decoded chunks until `resumeOutput()`. */
  pauseOutput(): void {
    this.#tail.pause();
  }

  /** Deliver decoded chunks again. */
  resumeOutput(): void {
    this.#tail.resume();
  }

  /** Tear the chain down (the body failed or was released). */
  destroy(): void {
    this.#failed = true;
    for (const stage of this.#stages) stage.destroy();
  }
}
