/**
 * What the Pages Router hands its server code as the request: `ctx.req` in
 * `getServerSideProps` and `getInitialProps`, `req` in an API route (Node's
 * IncomingMessage), or a Web `Request` in an edge API route.
 */
export interface PagesRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The path and query (`IncomingMessage`) or the full URL (`Request`). */
  url?: string;
  /** The request method: an `OPTIONS` preflight is never taken for a visitor the proxy missed. */
  method?: string;
}
