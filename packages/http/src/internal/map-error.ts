import { CancelledError } from "@x/loop";
import { ClientConnectionError, ClientError, ClientTimeoutError } from "../errors.js";

/**
 * Turn what undici (or the socket) failed with into the client's error. Our own errors (a timeout, a
 * cancellation, a payload error — the reasons we abort with) pass through unchanged.
 *
 * - undici's `InvalidArgumentError` (input it refuses) → `TypeError`;
 * - its connect timeout (the real-time backstop of the connect timeout) → `ClientTimeoutError`;
 * - everything else — refused, reset, closed mid-response, a malformed response (llhttp's parse
 *   errors), a TLS failure — → `ClientConnectionError`, with the original as `cause`.
 */
export function toClientError(error: unknown, what: string, connectTimeout: number): Error {
  if (
    error instanceof ClientError ||
    error instanceof ClientTimeoutError ||
    error instanceof CancelledError
  ) {
    return error as Error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "UND_ERR_INVALID_ARG") return new TypeError(`${what}: ${message}`, { cause: error });
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new ClientTimeoutError(`the connect timeout (${connectTimeout} ms) expired for ${what}`, {
      cause: error,
      phase: "connect",
      timeout: connectTimeout,
    });
  }
  const detail = typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  return new ClientConnectionError(`${what}: ${detail}`, { cause: error });
}
