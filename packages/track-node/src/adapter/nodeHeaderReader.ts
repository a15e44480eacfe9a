import type { HeaderReader } from "@millimetric/core";

/** Node's request headers: lower-case names, repeated headers as arrays. */
export type NodeRequestHeaders = Record<string, string | string[] | undefined>;

/**
 * Core's header reader over Node-style request headers (Express, Fastify,
 * `http.IncomingMessage`): a repeated header is joined with `, ` as Fetch's `Headers` does.
 *
 * @example
 * ```ts
 * decideVisitor({ header: nodeHeaderReader(req.headers), method: req.method, https: req.secure }, policy)
 * ```
 */
export function nodeHeaderReader(headers: NodeRequestHeaders): HeaderReader {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
}
