import { privateCacheControl } from "@millimetric/core";

/** The part of Node's `ServerResponse` this needs. */
interface NodeResponse {
  writeHead: (...args: any[]) => unknown;
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: string): unknown;
}

/**
 * Makes a Node response that sets a visitor's cookie private to shared caches (core's
 * `privateCacheControl`, contract row 18), whatever `Cache-Control` the app sets later:
 * applied when the head is written, so `res.set("Cache-Control", "public, …")` in a route,
 * and headers passed to `writeHead` (Fastify passes all of them there) are covered. Only
 * minting responses call it: a returning visitor's response is left as the app made it.
 *
 * @example
 * ```ts
 * if (decision.setCookies.length) keepFromSharedCaches(res);
 * ```
 */
export function keepFromSharedCaches(res: NodeResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadPrivately(this: NodeResponse, ...args: unknown[]) {
    const headers = args.find((arg, i) => i > 0 && typeof arg === "object" && arg !== null);
    if (Array.isArray(headers)) {
      // writeHead(status, [name, value, name, value, …]) or [[name, value], …]
      privatizeList(headers);
    } else if (headers) {
      const record = headers as Record<string, unknown>;
      const key = Object.keys(record).find((name) => name.toLowerCase() === "cache-control");
      if (key !== undefined) {
        record[key] = privateCacheControl(String(record[key]));
        return writeHead.apply(this, args);
      }
    }
    const current = res.getHeader("cache-control");
    res.setHeader("cache-control", privateCacheControl(current === undefined ? undefined : String(current)));
    return writeHead.apply(this, args);
  };
}

function privatizeList(list: unknown[]): void {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (Array.isArray(entry)) {
      if (String(entry[0]).toLowerCase() === "cache-control") entry[1] = privateCacheControl(String(entry[1]));
    } else if (i % 2 === 0 && String(entry).toLowerCase() === "cache-control") {
      list[i + 1] = privateCacheControl(String(list[i + 1]));
    }
  }
}
