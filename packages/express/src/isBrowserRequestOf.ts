import { isBrowserRequest } from "@millimetric/core";
import type { MillimetricRequest } from "./MillimetricExpressOptions";

/** The default `isVisitorRequest`: core's "no invented visitors" rule over Node's request headers. */
export function isBrowserRequestOf(req: MillimetricRequest): boolean {
  return isBrowserRequest((name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  });
}
