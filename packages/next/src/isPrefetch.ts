/**
 * Whether a request is a speculative prefetch (Next's router, `<link rel=prefetch>`,
 * browser speculation rules): nobody sees that page yet, so it gets no id of its own.
 */
export function isPrefetch(headers: Pick<Headers, "get">): boolean {
  return isPrefetchBy((name) => headers.get(name));
}

/**
 * The prefetch rule over any header reader. `withMillimetric()` reads the request's
 * headers once, for everything it needs (it copies them all into Next's override anyway),
 * and applies this rule to what that one pass found instead of four more lookups.
 */
export function isPrefetchBy(header: (name: string) => string | null | undefined): boolean {
  return (
    header("next-router-prefetch") != null ||
    header("purpose") === "prefetch" ||
    /prefetch/i.test(header("sec-purpose") ?? "") ||
    header("x-moz") === "prefetch"
  );
}
