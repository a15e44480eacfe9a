import type { HeaderReader } from "../ids/isBrowserRequest";

/** What {@link decideVisitor} needs from a request: what every framework can give. */
export interface VisitorRequest {
  /**
   * Reads a request header by its lower-case name (`cookie`, `sec-gpc`, `sec-fetch-site`,
   * `accept`, `x-millimetric-anonymous-id`, `x-forwarded-proto`). Repeated headers joined
   * with `, ` as Fetch's `Headers` does.
   * @example (name) => request.headers.get(name)
   */
  header: HeaderReader;
  /**
   * The request method: an `OPTIONS` preflight is never a visitor.
   * @default "GET"
   */
  method?: string;
  /**
   * Whether the visitor reached the app over https, when the framework knows it (Express's
   * `req.secure` and Fastify's `request.protocol` honour the app's trust-proxy setting).
   * @default isHttpsRequest(header("x-forwarded-proto"), url)
   */
  https?: boolean;
  /**
   * The request URL, for `https` when it is not given.
   * @default ""
   */
  url?: string;
  /**
   * The app's own rule (`isVisitorRequest`) bound to this request: whether a request that
   * carries no id of its own may be given one. Replaces the browser-signal rule; a
   * preflight, a cross-origin fetch and an opted-out visitor still get none. One that
   * throws counts as `false` and is reported once.
   * @default undefined (core's browser-signal rule)
   */
  isVisitor?: () => boolean;
  /**
   * Whether an id may be minted at all. Code that only reads a request another layer
   * already decided (a server helper behind a proxy that did not run) passes `false`.
   * @default true
   */
  mayMint?: boolean;
}
