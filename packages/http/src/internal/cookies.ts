import { CookieJar } from "tough-cookie";

/**
 * The session's cookies, kept in a tough-cookie `CookieJar` (the jar got and jsdom use): RFC 6265
 * parsing, domain and path matching, expiry, `Secure`, public-suffix checks.
 *
 * The jar's synchronous methods are used when its store is synchronous (the default in-memory store),
 * so a request does not wait a turn for its cookies. While a jar that the session made itself is
 * still empty, it is not even asked.
 */
export class SessionCookies {
  readonly #jar: CookieJar;
  readonly #sync: boolean;
  #mayHaveCookies: boolean;

  constructor(jar: CookieJar | undefined) {
    this.#jar = jar ?? new CookieJar();
    this.#sync = this.#jar.store.synchronous;
    this.#mayHaveCookies = jar !== undefined;
  }

  /** The jar. */
  get jar(): CookieJar {
    return this.#jar;
  }

  /** The `Cookie` header value for a request to `url` ("" when none). */
  header(url: string): string | Promise<string> {
    if (!this.#mayHaveCookies) return "";
    if (this.#sync) return this.#jar.getCookieStringSync(url);
    return this.#jar.getCookieString(url);
  }

  /** Store the `Set-Cookie` headers of a response from `url`; invalid cookies are ignored, as browsers do. */
  store(setCookie: string | string[] | undefined, url: string): undefined | Promise<unknown> {
    if (setCookie === undefined) return undefined;
    const list = Array.isArray(setCookie) ? setCookie : [setCookie];
    if (list.length === 0) return undefined;
    this.#mayHaveCookies = true;
    if (this.#sync) {
      for (const cookie of list) this.#jar.setCookieSync(cookie, url, { ignoreError: true });
      return undefined;
    }
    return Promise.all(list.map((cookie) => this.#jar.setCookie(cookie, url, { ignoreError: true })));
  }
}
