import { isBrowserRequest } from "@millimetric/core";

/** Node's request headers: lower-case names, repeated headers as arrays. */
export type NodeRequestHeaders = Record<string, string | string[] | undefined>;

/**
 * Core's "no invented visitors" rule over Node-style request headers (Express, Fastify,
 * `http.IncomingMessage`): the default `isVisitorRequest` of the Node adapters.
 *
 * @example
 * ```ts
 * const isVisitor = options.isVisitorRequest ?? ((req) => isBrowserNodeRequest(req.headers));
 * ```
 */
export function isBrowserNodeRequest(headers: NodeRequestHeaders): boolean {
  return isBrowserRequest((name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  });
}
