import { isBrowserRequest } from "@millimetric/core";
import type { FastifyRequest } from "fastify";

/** The default `isVisitorRequest`: core's "no invented visitors" rule over the request headers. */
export function isBrowserRequestOf(request: FastifyRequest): boolean {
  return isBrowserRequest((name) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  });
}
