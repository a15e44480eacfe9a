import { readCappedText } from "../relay/readCappedText";
import type { Transport } from "./Transport";

const ignore = (): void => {};

/**
 * The {@link Transport} over a `fetch`: the engine's default, everywhere (browsers, edge
 * runtimes, Deno, Bun, and Node when the app passes its own `fetch`). Redirects are not
 * followed; an answer's body is read up to the cap, which on success lets the connection
 * be reused.
 *
 * @example
 * ```ts
 * const transport = fetchTransport((input, init) => globalThis.fetch(input, init));
 * ```
 */
export function fetchTransport(doFetch: typeof fetch): Transport {
  return async ({ url, headers, body, signal, maxAnswerBytes }) => {
    const res = await doFetch(url, {
      method: "POST",
      // A copy: an app's own fetch may add to the headers it is given.
      headers: { ...headers },
      body,
      signal,
      // Node, Deno and edge runtimes answer a manual redirect with its 3xx; browsers with an opaque one (status 0).
      redirect: "manual",
    });
    if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
      void res.body?.cancel().catch(ignore);
      return { status: res.status, redirect: true, location: res.headers.get("location"), text: "", truncated: false };
    }
    // Read even on success (at most the cap): a body read to its end lets the connection be reused.
    const { text, truncated } = await readCappedText(res, maxAnswerBytes);
    // Only a 429's headers are read: a hand-made fetch may answer without any.
    return { status: res.status, retryAfter: res.status === 429 ? res.headers.get("retry-after") : undefined, text, truncated };
  };
}
