/**
 * `request` with its `Cookie` header set to `cookieHeader`, so code further down (a
 * cookie helper, a session library, a proxied backend) reads the same id the browser is
 * about to store. Changed in place where the runtime allows it (Node, Bun). Where the
 * incoming request's headers are immutable (Workers, Deno) the same request gets a
 * mutable copy of its headers as its own `headers` property: the handler keeps the very
 * Request it was given (its body, its abort signal, its identity), which a copy with
 * `new Request()` would not (and Deno warns when a copy reads the signal). Only where
 * even that is refused is the request copied.
 */
export function withCookieHeader(request: Request, cookieHeader: string): Request {
  try {
    request.headers.set("cookie", cookieHeader);
    if (request.headers.get("cookie") === cookieHeader) return request;
  } catch {
    // immutable headers: below
  }
  const headers = new Headers(request.headers);
  headers.set("cookie", cookieHeader);
  try {
    Object.defineProperty(request, "headers", { value: headers, configurable: true, enumerable: false, writable: false });
    if (request.headers === headers) return request;
  } catch {
    // a frozen request: copy below
  }
  // `duplex` is required by Node's Request for a streamed body, and ignored elsewhere.
  return new Request(request, { headers, duplex: "half" } as RequestInit);
}
