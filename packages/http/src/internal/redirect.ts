/** The statuses that redirect (the Fetch standard's redirect statuses). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The request headers that describe a body: dropped with it when a redirect turns the request into a GET. */
export const BODY_HEADERS: readonly string[] = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
  "transfer-encoding",
];

/**
 * The method of the request that follows a redirect, as the Fetch standard says: 301 and 302 turn a
 * POST into a GET, 303 turns anything but HEAD into a GET, and in those cases the body is dropped;
 * 307 and 308 keep the method and the body.
 */
export function redirectMethod(status: number, method: string): { method: string; dropBody: boolean } {
  if ((status === 301 || status === 302) && method === "POST") return { method: "GET", dropBody: true };
  if (status === 303 && method !== "HEAD") return { method: "GET", dropBody: true };
  return { method, dropBody: false };
}
